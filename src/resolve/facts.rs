//! What pages state about each other, once every page's facts are resolved: the
//! back-links every view needs ([`Relations`]: who acts in which step, who sends which
//! letter, which roles work for an organisation), and the one rule that looks into two
//! pages at once: a step's letter comes from whoever acts in the step.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location};
use crate::model::facts::{Facts, Letter, Procedure};
use crate::model::{Page, PageKind, Party, Relations, Site, Sources, StepRef};

/// The back-links between every page of `site`.
pub fn back_links(site: &Site) -> Relations {
    let mut relations = Relations::default();
    for page in &site.pages {
        let key = &page.key;
        if let Some(concept) = &page.concept {
            Relations::add(&mut relations.realisations_of_concept, &concept.id, key.clone());
        }
        match &page.facts {
            Facts::CrossBorder => {
                for country in key.id.split('-') {
                    Relations::add(&mut relations.cross_border_of_country, &country.to_string(), key.clone());
                }
            }
            Facts::Role(role) => {
                for organisation in &role.organisations {
                    Relations::add(&mut relations.roles_of_organisation, organisation, key.clone());
                }
            }
            Facts::Procedure(procedure) => {
                if let Some(decides) = &procedure.decides {
                    Relations::add(&mut relations.procedures_of_organisation, decides, key.clone());
                }
                for (index, step) in procedure.steps.iter().enumerate() {
                    let step_ref = StepRef { procedure: key.clone(), index };
                    if let Some(Party::Page(actor)) = &step.actor {
                        Relations::add(&mut relations.steps_by_actor, actor, step_ref.clone());
                        if actor.kind == PageKind::Organisation {
                            Relations::add(&mut relations.procedures_of_organisation, actor, key.clone());
                        }
                    }
                    if let Some(letter) = &step.letter {
                        Relations::add(&mut relations.steps_sending_letter, letter, step_ref);
                    }
                }
            }
            Facts::Letter(letter) => {
                if let Some(Party::Page(sender)) = &letter.sender {
                    Relations::add(&mut relations.letters_sent, sender, key.clone());
                }
                for recipient in &letter.recipients {
                    if let Party::Page(to) = recipient {
                        Relations::add(&mut relations.letters_received, to, key.clone());
                    }
                }
            }
            Facts::Country(_) | Facts::Organisation(_) | Facts::Home | Facts::Page | Facts::Glossary => {}
        }
    }
    relations
}

/// The letter of every step comes from whoever acts in it: the actor itself, the actor's
/// organisation, or a role of the acting organisation. Reported at the step, with the
/// letter's sender beside it; `sources` says where both are written.
pub fn check_senders(site: &Site, sources: &Sources, diagnostics: &mut Diagnostics) {
    for page in &site.pages {
        let Facts::Procedure(procedure) = &page.facts else { continue };
        for (index, step) in procedure.steps.iter().enumerate() {
            let (Some(actor), Some(letter_key)) = (&step.actor, &step.letter) else { continue };
            let Some(letter_page) = site.page(letter_key) else { continue };
            let Facts::Letter(letter) = &letter_page.facts else { continue };
            let Letter { sender: Some(sender), .. } = letter.as_ref() else { continue };
            if !acts_for(site, actor, sender)
                && let Some(mismatch) = sender_mismatch(page, procedure, index, letter_page, sources)
            {
                diagnostics.push(mismatch);
            }
        }
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
