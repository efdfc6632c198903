//! What pages state about each other, once every page's facts are resolved: the
//! back-links every view needs ([`Relations`]: who acts in which step, who sends which
//! letter, which roles work for an organisation), and the one rule that looks into two
//! pages at once: a step's letter comes from whoever acts in the step.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::model::facts::{Facts, Letter, Procedure};
use std::collections::BTreeSet;

use crate::model::{BackLink, Page, PageKey, PageKind, Party, Relations, Site, Sources, StepRef};

/// The back-links between every page of `site`.
pub fn back_links(site: &Site) -> Relations {
    let mut relations = Relations::default();
    for page in &site.pages {
        for link in back_links_of(page) {
            relations.add(link);
        }
    }
    relations
}

/// The back-links `page` makes (some more than once).
pub fn back_links_of(page: &Page) -> Vec<BackLink> {
    let key = &page.key;
    let mut links = Vec::new();
    if let Some(concept) = &page.concept {
        links.push(BackLink::RealisationOfConcept { concept: concept.id.clone(), page: key.clone() });
    }
    match &page.facts {
        Facts::CrossBorder => {
            for country in key.id.split('-') {
                links.push(BackLink::CrossBorderOfCountry { country: country.to_string(), page: key.clone() });
            }
        }
        Facts::Role(role) => {
            for organisation in &role.organisations {
                links.push(BackLink::RoleOfOrganisation { organisation: organisation.clone(), role: key.clone() });
            }
        }
        Facts::Procedure(procedure) => {
            if let Some(decides) = &procedure.decides {
                links.push(BackLink::ProcedureOfOrganisation { organisation: decides.clone(), procedure: key.clone() });
            }
            for (index, step) in procedure.steps.iter().enumerate() {
                let step_ref = StepRef { procedure: key.clone(), index };
                if let Some(Party::Page(actor)) = &step.actor {
                    links.push(BackLink::StepByActor { actor: actor.clone(), step: step_ref.clone() });
                    if actor.kind == PageKind::Organisation {
                        links.push(BackLink::ProcedureOfOrganisation {
                            organisation: actor.clone(),
                            procedure: key.clone(),
                        });
                    }
                }
                if let Some(letter) = &step.letter {
                    links.push(BackLink::StepSendingLetter { letter: letter.clone(), step: step_ref });
                }
            }
        }
        Facts::Letter(letter) => {
            if let Some(Party::Page(sender)) = &letter.sender {
                links.push(BackLink::LetterSent { sender: sender.clone(), letter: key.clone() });
            }
            for recipient in &letter.recipients {
                if let Party::Page(to) = recipient {
                    links.push(BackLink::LetterReceived { recipient: to.clone(), letter: key.clone() });
                }
            }
        }
        Facts::Country(_) | Facts::Organisation(_) | Facts::Home | Facts::Page | Facts::Glossary => {}
    }
    links
}

/// The letter of every step comes from whoever acts in it: the actor itself, the actor's
/// organisation, or a role of the acting organisation. Reported at the step, with the
/// letter's sender beside it; `sources` says where both are written.
pub fn check_senders(site: &Site, sources: &Sources, diagnostics: &mut Diagnostics) {
    for page in &site.pages {
        let Facts::Procedure(procedure) = &page.facts else { continue };
        for index in 0..procedure.steps.len() {
            check_sender(site, sources, page, procedure, index, diagnostics);
        }
    }
}

/// [`check_senders`] for the steps whose rule reads one of the `edited` pages (the
/// step's procedure, its letter, its actor or the letter's sender), found through the
/// back-links of `site` as they are with the edited pages: the others gave no error
/// before and read nothing that changed.
pub fn check_senders_around(site: &Site, sources: &Sources, edited: &BTreeSet<PageKey>, diagnostics: &mut Diagnostics) {
    let relations = &site.relations;
    let sending = |letter: &PageKey| relations.steps_sending_letter.get(letter).into_iter().flatten();
    let mut steps: BTreeSet<StepRef> = BTreeSet::new();
    for key in edited {
        if let Some(Facts::Procedure(procedure)) = site.page(key).map(|p| &p.facts) {
            steps.extend((0..procedure.steps.len()).map(|index| StepRef { procedure: key.clone(), index }));
        }
        steps.extend(sending(key).cloned());
        steps.extend(relations.steps_by_actor.get(key).into_iter().flatten().cloned());
        steps.extend(relations.letters_sent.get(key).into_iter().flatten().flat_map(sending).cloned());
    }
    for StepRef { procedure: key, index } in steps {
        if let Some(page) = site.page(&key)
            && let Facts::Procedure(procedure) = &page.facts
        {
            check_sender(site, sources, page, procedure, index, diagnostics);
        }
    }
}

/// The rule for step `index` of `procedure` (the facts of `page`).
fn check_sender(
    site: &Site,
    sources: &Sources,
    page: &Page,
    procedure: &Procedure,
    index: usize,
    diagnostics: &mut Diagnostics,
) {
    let step = &procedure.steps[index];
    let (Some(actor), Some(letter_key)) = (&step.actor, &step.letter) else { return };
    let Some(letter_page) = site.page(letter_key) else { return };
    let Facts::Letter(letter) = &letter_page.facts else { return };
    let Letter { sender: Some(sender), .. } = letter.as_ref() else { return };
    if !acts_for(site, actor, sender)
        && let Some(mismatch) = sender_mismatch(page, procedure, index, letter_page, sources)
    {
        diagnostics.push(mismatch);
    }
}

/// The mismatch of step `index`'s letter, as written in the procedure's and the letter's
/// files.
fn sender_mismatch(
    page: &Page,
    procedure: &Procedure,
    index: usize,
    letter_page: &Page,
    sources: &Sources,
) -> Option<Diagnostic> {
    let procedure_file = sources.file(&page.key, &page.default_lang)?;
    let letter_file = sources.file(&letter_page.key, &letter_page.default_lang)?;
    let written = procedure_file.front_matter.steps.as_ref()?.get_ref().get(index)?;
    let letter = written.letter.as_ref()?;
    let sender = letter_file.front_matter.sender.as_ref()?;
    let step = procedure.steps.get(index)?;
    Some(
        Diagnostic::new(
            Code::LetterSenderMismatch,
            format!(
                "step `{}` sends the letter `{}`, but the letter's sender `{}` is not the step's actor `{}` or its organisation",
                step.id,
                letter.get_ref(),
                sender.get_ref(),
                written.actor.as_ref().map_or("", |a| a.get_ref().as_str()),
            ),
        )
        .at_span(&procedure_file.file, procedure_file.front_matter_span(letter.span()))
        .related(Location::new(&letter_file.file, letter_file.front_matter_span(sender.span())), "the letter's sender")
        .help("make the step's actor the one who sends the letter, or correct the letter's `sender`"),
    )
}

/// Whether `actor` may send what `sender` sends: the same party, or a role and an
/// organisation it works for, either way round.
fn acts_for(site: &Site, actor: &Party, sender: &Party) -> bool {
    let works_for = |role: &Party, organisation: &Party| {
        let (Party::Page(role), Party::Page(organisation)) = (role, organisation) else { return false };
        match site.page(role).map(|p| &p.facts) {
            Some(Facts::Role(role)) => role.organisations.contains(organisation),
            _ => false,
        }
    };
    actor == sender || works_for(actor, sender) || works_for(sender, actor)
}
