//! Back-links computed once in `resolve` from the references pages make to each other,
//! so every view reads "who points at me" from one map instead of searching the site.

use std::collections::{BTreeMap, BTreeSet};

use super::PageKey;

/// A step of a procedure: the procedure's key and the step's index in its list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StepRef {
    pub procedure: PageKey,
    pub index: usize,
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

impl Relations {
    /// The pages whose back-links differ between `old` and `self`: the key of each entry
    /// that changed, with a concept standing for its glossary page and a country for its
    /// overview. A view that reads an entry records that key.
    pub fn changed_since(&self, old: &Relations) -> BTreeSet<PageKey> {
        fn differing<'a, K: Ord, V: PartialEq>(
            old: &'a BTreeMap<K, Vec<V>>,
            new: &'a BTreeMap<K, Vec<V>>,
        ) -> impl Iterator<Item = &'a K> {
            old.keys().chain(new.keys()).filter(|key| old.get(*key) != new.get(*key))
        }
        let mut changed = BTreeSet::new();
        changed.extend(differing(&old.steps_sending_letter, &self.steps_sending_letter).cloned());
        changed.extend(differing(&old.steps_by_actor, &self.steps_by_actor).cloned());
        for (old, new) in [
            (&old.letters_sent, &self.letters_sent),
            (&old.letters_received, &self.letters_received),
            (&old.roles_of_organisation, &self.roles_of_organisation),
            (&old.procedures_of_organisation, &self.procedures_of_organisation),
        ] {
            changed.extend(differing(old, new).cloned());
        }
        changed.extend(
            differing(&old.realisations_of_concept, &self.realisations_of_concept).map(|id| PageKey::glossary(id)),
        );
        changed.extend(
            differing(&old.cross_border_of_country, &self.cross_border_of_country).map(|cc| PageKey::country(cc)),
        );
        changed
    }
}
