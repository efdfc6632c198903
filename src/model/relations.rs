//! Back-links computed once in `resolve` from the references pages make to each other,
//! so every view reads "who points at me" from one map instead of searching the site.

use std::collections::BTreeMap;

use super::PageKey;

/// A step of a procedure: the procedure's key and the step's index in its list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StepRef {
    pub procedure: PageKey,
    pub index: usize,
}

/// Who or what a fact points at: the person the site speaks to, or a page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Party {
    You,
    Page(PageKey),
}

#[derive(Debug, Default)]
pub struct Relations {
    /// Letter → the steps in which it is sent.
    pub steps_sending_letter: BTreeMap<PageKey, Vec<StepRef>>,
    /// Role or organisation → the steps in which it acts.
    pub steps_by_actor: BTreeMap<PageKey, Vec<StepRef>>,
    /// Role or organisation → the letters it sends.
    pub letters_sent: BTreeMap<PageKey, Vec<PageKey>>,
    /// Role or organisation → the letters it receives.
    pub letters_received: BTreeMap<PageKey, Vec<PageKey>>,
    /// Organisation → the roles that work for it.
    pub roles_of_organisation: BTreeMap<PageKey, Vec<PageKey>>,
    /// Organisation → the procedures it decides in or acts in.
    pub procedures_of_organisation: BTreeMap<PageKey, Vec<PageKey>>,
    /// Glossary concept id → the roles and pages that realise it, by country.
    pub realisations_of_concept: BTreeMap<String, Vec<PageKey>>,
    /// Country code → its cross-border pages.
    pub cross_border_of_country: BTreeMap<String, Vec<PageKey>>,
}

impl Relations {
    /// Adds `value` under `key` once; lists stay sorted so output never depends on
    /// the order pages were visited in.
    pub fn add<K: Ord + Clone, V: Ord>(map: &mut BTreeMap<K, Vec<V>>, key: &K, value: V) {
        let list = map.entry(key.clone()).or_default();
        if let Err(at) = list.binary_search(&value) {
            list.insert(at, value);
        }
    }
}
