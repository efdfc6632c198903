//! Back-links computed once in `resolve` from the references pages make to each other,
//! so every view reads "who points at me" from one map instead of searching the site.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

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

/// One back-link a page makes: an entry under another page's key (or a concept's, or a
/// country's) in one of the [`Relations`] maps. Each names the page that makes it, so two
/// pages never make the same one, and a page's entries can be taken out again when it
/// changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum BackLink {
    /// A step sends this letter.
    StepSendingLetter {
        letter: PageKey,
        step: StepRef,
    },
    /// A role or an organisation acts in this step.
    StepByActor {
        actor: PageKey,
        step: StepRef,
    },
    LetterSent {
        sender: PageKey,
        letter: PageKey,
    },
    LetterReceived {
        recipient: PageKey,
        letter: PageKey,
    },
    RoleOfOrganisation {
        organisation: PageKey,
        role: PageKey,
    },
    ProcedureOfOrganisation {
        organisation: PageKey,
        procedure: PageKey,
    },
    RealisationOfConcept {
        concept: String,
        page: PageKey,
    },
    CrossBorderOfCountry {
        country: String,
        page: PageKey,
    },
}

impl BackLink {
    /// The page that shows this back-link: the key its entry is under, with a concept
    /// standing for its glossary page and a country for its overview. A view that reads
    /// an entry records that key.
    pub fn shown_on(&self) -> PageKey {
        match self {
            Self::StepSendingLetter { letter: key, .. }
            | Self::StepByActor { actor: key, .. }
            | Self::LetterSent { sender: key, .. }
            | Self::LetterReceived { recipient: key, .. }
            | Self::RoleOfOrganisation { organisation: key, .. }
            | Self::ProcedureOfOrganisation { organisation: key, .. } => key.clone(),
            Self::RealisationOfConcept { concept, .. } => PageKey::glossary(concept),
            Self::CrossBorderOfCountry { country, .. } => PageKey::country(country),
        }
    }
}

impl Relations {
    /// Adds the back-link once; lists stay sorted so output never depends on the order
    /// pages were visited in.
    pub fn add(&mut self, link: BackLink) {
        self.edit(link, true);
    }

    /// Takes the back-link out, and its key when nothing is left under it (as if it had
    /// never been added).
    pub fn remove(&mut self, link: &BackLink) {
        self.edit(link.clone(), false);
    }

    /// Adds (`add`) or takes out the back-link, in the map its kind belongs to.
    fn edit(&mut self, link: BackLink, add: bool) {
        fn edit_list<K: Ord, V: Ord>(map: &mut BTreeMap<K, Vec<V>>, key: K, value: V, add: bool) {
            match map.entry(key) {
                Entry::Vacant(empty) if add => drop(empty.insert(vec![value])),
                Entry::Vacant(_) => {}
                Entry::Occupied(mut list) => {
                    match (list.get().binary_search(&value), add) {
                        (Err(at), true) => list.get_mut().insert(at, value),
                        (Ok(at), false) => drop(list.get_mut().remove(at)),
                        _ => {}
                    }
                    if list.get().is_empty() {
                        list.remove();
                    }
                }
            }
        }
        match link {
            BackLink::StepSendingLetter { letter, step } => {
                edit_list(&mut self.steps_sending_letter, letter, step, add)
            }
            BackLink::StepByActor { actor, step } => edit_list(&mut self.steps_by_actor, actor, step, add),
            BackLink::LetterSent { sender, letter } => edit_list(&mut self.letters_sent, sender, letter, add),
            BackLink::LetterReceived { recipient, letter } => {
                edit_list(&mut self.letters_received, recipient, letter, add);
            }
            BackLink::RoleOfOrganisation { organisation, role } => {
                edit_list(&mut self.roles_of_organisation, organisation, role, add);
            }
            BackLink::ProcedureOfOrganisation { organisation, procedure } => {
                edit_list(&mut self.procedures_of_organisation, organisation, procedure, add);
            }
            BackLink::RealisationOfConcept { concept, page } => {
                edit_list(&mut self.realisations_of_concept, concept, page, add);
            }
            BackLink::CrossBorderOfCountry { country, page } => {
                edit_list(&mut self.cross_border_of_country, country, page, add);
            }
        }
    }
}
