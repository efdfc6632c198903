//! Who acts: a role (its organisations, training, concept, the same role in other
//! countries) and an organisation (its kind, how to reach it, its roles), each with the
//! steps it acts in and the letters it sends and receives.

use std::borrow::Cow;

use serde::Serialize;

use super::Link;
use crate::model::facts::{Organisation, Role};
use crate::model::{Page, PageKey, Translation};
use crate::render::reader::Reader;

#[derive(Serialize)]
pub struct RoleView<'a> {
    pub organisations: Vec<Link<'a>>,
    pub medical: Option<bool>,
    pub concept: Option<Link<'a>>,
    pub education: Option<&'a str>,
    pub equivalents: Vec<Link<'a>>,
    pub acts_in: Vec<Link<'a>>,
    pub letters_sent: Vec<Link<'a>>,
    pub letters_received: Vec<Link<'a>>,
    /// The language of `education`.
    pub lang: Option<&'a str>,
}

#[derive(Serialize)]
pub struct OrganisationView<'a> {
    pub kind: Option<Cow<'a, str>>,
    pub sector: Option<Cow<'a, str>>,
    pub website: Option<String>,
    pub phone: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub roles: Vec<Link<'a>>,
    pub procedures: Vec<Link<'a>>,
    pub acts_in: Vec<Link<'a>>,
    pub letters_sent: Vec<Link<'a>>,
    pub letters_received: Vec<Link<'a>>,
    /// The language of `contact`.
    pub lang: Option<&'a str>,
}

impl<'a> Reader<'a> {
    pub fn role_view(&self, page: &'a Page, role: &'a Role, shown: &'a Translation) -> RoleView<'a> {
        let from_dir = self.dir_of(page);
        let relations = self.back_links(&page.key);
        let education = page.text(shown, |t| t.texts().education.as_deref());
        RoleView {
            organisations: role.organisations.iter().filter_map(|o| self.link(&from_dir, o)).collect(),
            medical: role.medical,
            concept: page.concept.as_ref().and_then(|c| self.link(&from_dir, c)),
            education: education.map(|e| e.text),
            equivalents: self.equivalents(&from_dir, page),
            acts_in: self.step_links(&from_dir, relations.steps_by_actor.get(&page.key)),
            letters_sent: self.links(&from_dir, relations.letters_sent.get(&page.key)),
            letters_received: self.links(&from_dir, relations.letters_received.get(&page.key)),
            lang: education.map(|e| e.lang),
        }
    }

    /// The roles and pages of other countries that realise the same concept, each named
    /// "Country: title".
    fn equivalents(&self, from_dir: &str, page: &Page) -> Vec<Link<'a>> {
        let Some(concept) = &page.concept else { return Vec::new() };
        let Some(keys) = self.back_links(concept).realisations_of_concept.get(&concept.id) else {
            return Vec::new();
        };
        keys.iter()
            .filter(|k| k.country != page.key.country)
            .filter_map(|k| self.link(from_dir, k).map(|link| (k, link)))
            .map(|(key, mut link)| {
                if let Some(country) = &key.country {
                    link.title = Cow::Owned(format!("{}: {}", self.country_name(country).0, link.title));
                }
                link.summary = None;
                link
            })
            .collect()
    }

    pub fn organisation_view(
        &self,
        page: &'a Page,
        organisation: &'a Organisation,
        shown: &'a Translation,
    ) -> OrganisationView<'a> {
        let from_dir = self.dir_of(page);
        let relations = self.back_links(&page.key);
        let contact = page.text(shown, |t| t.texts().contact.as_deref());
        let key: &PageKey = &page.key;
        OrganisationView {
            kind: organisation.kind.map(|k| self.ui_owned(&format!("organisation_kind_{}", k.name()))),
            sector: organisation.sector.map(|s| self.ui_owned(&format!("sector_{}", s.name()))),
            website: organisation.website.as_deref().map(crate::markdown::safe_href),
            phone: organisation.phone.as_deref(),
            contact: contact.map(|c| c.text),
            roles: self.links(&from_dir, relations.roles_of_organisation.get(key)),
            procedures: self.links(&from_dir, relations.procedures_of_organisation.get(key)),
            acts_in: self.step_links(&from_dir, relations.steps_by_actor.get(key)),
            letters_sent: self.links(&from_dir, relations.letters_sent.get(key)),
            letters_received: self.links(&from_dir, relations.letters_received.get(key)),
            lang: contact.map(|c| c.lang),
        }
    }
}
