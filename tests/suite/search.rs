//! The search index: files per language below `<lang>/search/`, read back as JSON the
//! way `search.js` reads them (manifest → term shard → record chunk).

use serde_json::Value;
use signpost::diagnostics::Code;
use std::cmp::Ordering;

use signpost::text::fold;

use crate::support::{Fixture, one, search_data, select, text};

fn json(site: &Fixture, path: &str) -> Value {
    search_data(site.read(path).as_bytes())
}

/// Strings in the order `search.js` compares them: by UTF-16 code units.
fn utf16_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The first terms of a language's shards, from its manifest.
fn shard_firsts(manifest: &Value) -> Vec<String> {
    manifest["shards"].as_array().expect("shard list").iter().map(|s| s.as_str().expect("first term").into()).collect()
}

/// The shard a folded term is in: the last one whose first term is not after it.
fn shard_of(manifest: &Value, term: &str) -> usize {
    shard_firsts(manifest).iter().rposition(|first| utf16_order(first, term) != Ordering::Greater).expect("a shard")
}

/// The record paths of the pages a folded word is indexed under (as written, or as a
/// stem when `stems`), best first.
fn pages_for(site: &Fixture, lang: &str, word: &str, stems: bool) -> Vec<String> {
    let manifest = json(site, &format!("{lang}/search/manifest.js"));
    let shard = shard_of(&manifest, &fold(word));
    let terms = json(site, &format!("{lang}/search/t/{shard}.js"));
    let chunk = manifest["chunk"].as_u64().expect("chunk size");
    let postings = terms[if stems { "s" } else { "w" }][fold(word)].as_array().cloned().unwrap_or_default();
    postings
        .iter()
        .map(|posting| {
            let page = posting[0].as_u64().expect("page number");
            let records = json(site, &format!("{lang}/search/p/{}.js", page / chunk));
            records[(page % chunk) as usize][1].as_str().expect("record path").to_string()
        })
        .collect()
}

#[test]
fn every_language_gets_a_manifest_shards_and_records_that_find_a_page_by_its_name() {
    let site = Fixture::copy("domain");
    site.build_ok();
    for lang in ["en", "nl"] {
        let manifest = json(&site, &format!("{lang}/search/manifest.js"));
        assert_eq!(manifest["stemmed"], true, "{lang}");
        assert_eq!(
            pages_for(&site, lang, "UWV", false).first().map(String::as_str),
            Some(&*format!("{lang}/nl/organisations/uwv/"))
        );
    }
}

#[test]
fn words_are_folded_in_the_index_and_each_shard_holds_the_terms_up_to_the_next_shard() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let manifest = json(&site, "en/search/manifest.js");
    let firsts = shard_firsts(&manifest);
    assert_eq!(firsts.first().map(String::as_str), Some(""), "the first shard covers every word before the second");
    let mut held = 0;
    for (number, first) in firsts.iter().enumerate() {
        let terms = json(&site, &format!("en/search/t/{number}.js"));
        for part in ["w", "s"] {
            for term in terms[part].as_object().expect("terms").keys() {
                held += 1;
                assert_eq!(&fold(term), term, "shard {number}: `{term}` is not folded");
                assert_eq!(shard_of(&manifest, term), number, "`{term}` is in the wrong shard");
                assert_ne!(utf16_order(term, first), Ordering::Less, "`{term}` sorts before its shard's first term");
            }
        }
    }
    assert!(held > 50, "{held} terms");
}

#[test]
fn a_large_site_gets_more_shards_not_bigger_ones_and_short_postings() {
    let site = Fixture::copy("basic");
    for n in 0..400 {
        site.write(
            &format!("content/nl/roles/generated-{n}.en.md"),
            format!("+++\ntitle = \"Generated page {n} word{n}\"\n+++\nSick leave and return to work, step {n}, with word{n}.\n"),
        );
    }
    site.build_ok();
    let manifest = json(&site, "en/search/manifest.js");
    let shards = shard_firsts(&manifest).len();
    assert!(shards > 2, "{shards} shards");
    for number in 0..shards {
        let path = format!("en/search/t/{number}.js");
        let bytes = site.read(&path).len();
        let terms = json(&site, &path);
        let largest = ["w", "s"]
            .iter()
            .flat_map(|part| terms[part].as_object().expect("terms").values())
            .map(|postings| postings.as_array().expect("postings").len())
            .max()
            .unwrap_or(0);
        assert!(largest <= signpost::index::MAX_POSTINGS, "{path}: a list of {largest}");
        let single_term = terms["w"].as_object().expect("w").len() + terms["s"].as_object().expect("s").len() <= 2;
        assert!(bytes <= signpost::index::SHARD_BYTES + 2_000 || single_term, "{path}: {bytes} bytes");
    }
    assert_eq!(
        pages_for(&site, "en", "word399", false).first().map(String::as_str),
        Some("en/nl/roles/generated-399/")
    );
    assert_eq!(pages_for(&site, "en", "sick", false).len(), signpost::index::MAX_POSTINGS);
}

#[test]
fn a_role_is_found_by_its_concepts_names_and_the_concept_by_the_roles_names() {
    let site = Fixture::copy("domain");
    let concept = "content/glossary/company-doctor.en.md";
    let text = std::fs::read_to_string(site.root.join(concept)).expect("concept");
    site.write(concept, text.replacen("reviewed =", "terms = [\"arboarts\"]\nreviewed =", 1));
    site.write("content/nl/roles/bedrijfsarts.nl.md", "+++\ntitle = \"Bedrijfsarts\"\n+++\nAdviseert over werk.\n");
    site.build_ok();
    for lang in ["en", "nl"] {
        let role = format!("{lang}/nl/roles/bedrijfsarts/");
        let concept = format!("{lang}/glossary/company-doctor/");
        assert!(pages_for(&site, lang, "arboarts", false).contains(&role), "{lang}: the concept's term finds the role");
        assert!(
            pages_for(&site, lang, "bedrijfsarts", false).contains(&concept),
            "{lang}: the role's title finds the concept"
        );
    }
}

#[test]
fn stems_join_forms_of_a_word() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let stemmed = pages_for(&site, "en", "doctor", true);
    assert!(stemmed.contains(&"en/nl/roles/bedrijfsarts/".to_string()), "{stemmed:?}");
}

#[test]
fn a_language_without_a_stemmer_builds_and_is_indexed_as_written_with_one_note() {
    let site = Fixture::copy("basic");
    let config = std::fs::read_to_string(site.content().join("site.toml")).expect("site.toml");
    site.write(
        "content/site.toml",
        format!("{config}\n[languages.eo]\nname = \"Esperanto\"\ntitle = \"Vojmontrilo\"\nfallback = [\"en\"]\n"),
    );
    let strings = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/en.toml"))
        .expect("en strings");
    site.write("i18n/eo.toml", strings);
    let report = site.build_ok();
    let notes: Vec<_> = report.warnings.iter().filter(|d| d.code == Code::NoStemmer).collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].message.contains("`eo`"));
    assert_eq!(json(&site, "eo/search/manifest.js")["stemmed"], false);
    assert_eq!(pages_for(&site, "eo", "uwv", false).first().map(String::as_str), Some("eo/nl/organisations/uwv/"));
}

#[test]
fn the_search_page_is_a_labelled_search_form_that_works_without_javascript() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let page = site.html("nl/search/index.html");
    let form = one(&page, "form[role=search]");
    assert_eq!(form.value().attr("method"), Some("get"));
    assert_eq!(form.value().attr("action"), Some("/nl/a-z/"));
    let input = one(&page, "form[role=search] input[name=q]");
    let label = one(&page, "form[role=search] label");
    assert_eq!(label.value().attr("for"), input.value().attr("id"));
    assert_eq!(one(&page, "#search-status").value().attr("role"), Some("status"));
    assert_eq!(one(&page, "a.search-link").value().attr("href"), Some("/nl/search/"));
    let links: Vec<String> =
        select(&page, "main a").into_iter().filter_map(|a| a.value().attr("href").map(String::from)).collect();
    assert!(links.contains(&"/nl/nl/letters/".to_string()), "{links:?}");
}

#[test]
fn the_a_to_z_index_lists_every_page_once_grouped_by_folded_initial() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let page = site.html("en/a-z/index.html");
    let headings: Vec<String> = select(&page, "main section h2").into_iter().map(text).collect();
    let mut sorted = headings.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(headings, sorted, "initials are sorted and unique");
    let listed = select(&page, "main section li").len();
    let records = json(&site, "en/search/manifest.js")["pages"].as_u64().expect("pages");
    assert_eq!(listed as u64, records);
}

#[test]
fn relative_urls_keep_the_search_page_working_from_any_folder() {
    let site = Fixture::copy("domain");
    signpost::build(&signpost::BuildOptions { relative_urls: true, ..site.options() }).expect("builds");
    let page = site.html("en/search/index.html");
    let form = one(&page, "form[role=search]");
    assert_eq!(form.value().attr("data-index"), Some("../../en/search/"));
    assert_eq!(form.value().attr("data-root"), Some("../../"));
    assert_eq!(form.value().attr("data-relative"), Some("1"));
}

/// The manifest of a language, built from the domain fixture (changed by `edit` first).
fn manifest_of(site: &Fixture, lang: &str) -> Value {
    json(site, &format!("{lang}/search/manifest.js"))
}

/// The record path of page `number` in a language.
fn record_path(site: &Fixture, lang: &str, manifest: &Value, number: u64) -> String {
    let chunk = manifest["chunk"].as_u64().expect("chunk size");
    let records = json(site, &format!("{lang}/search/p/{}.js", number / chunk));
    records[(number % chunk) as usize][1].as_str().expect("record path").to_string()
}

#[test]
fn pages_are_numbered_country_by_country_so_a_query_can_favour_one() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let manifest = manifest_of(&site, "en");
    let pages = manifest["pages"].as_u64().expect("page count");
    let ranges = manifest["countries"].as_object().expect("country ranges");
    assert_eq!(ranges.keys().map(String::as_str).collect::<Vec<_>>(), ["dk", "nl"]);
    for number in 0..pages {
        let path = record_path(&site, "en", &manifest, number);
        // `en/nl/…` is a page of the Netherlands; `en/glossary/…` of no country.
        let country = path.split('/').nth(1).filter(|c| ranges.contains_key(*c));
        let in_range = ranges.iter().find(|(_, r)| r[0].as_u64() <= Some(number) && Some(number) <= r[1].as_u64());
        assert_eq!(in_range.map(|(code, _)| code.as_str()), country, "page {number}: {path}");
    }
    // Each country's names, from its overview's titles in every language, lead to its code.
    assert_eq!(manifest["country_names"]["netherlands"], "nl");
    assert_eq!(manifest["country_names"]["nederland"], "nl");
    assert_eq!(manifest["country_names"]["denmark"], "dk");
    // Readers of Dutch favour the Netherlands: its overview names Dutch as official.
    assert_eq!(manifest_of(&site, "nl")["local"], serde_json::json!(["nl"]));
    assert_eq!(manifest["local"], serde_json::json!([]));
}

#[test]
fn country_aliases_in_site_toml_name_the_country_too() {
    let site = Fixture::copy("domain");
    let config = std::fs::read_to_string(site.content().join("site.toml")).expect("site.toml");
    site.write(
        "content/site.toml",
        format!("{config}\n[countries.dk]\nname = {{ en = \"Denmark\" }}\naliases = [\"Danish\", \"duński\"]\n"),
    );
    site.build_ok();
    let manifest = manifest_of(&site, "en");
    assert_eq!(manifest["country_names"]["danish"], "dk");
    assert_eq!(manifest["country_names"]["dunski"], "dk");
}

#[test]
fn stop_words_are_in_the_manifest_and_a_question_phrase_points_to_its_concept() {
    let site = Fixture::copy("domain");
    let glossary = "content/glossary/caseworker.nl.md";
    let text = std::fs::read_to_string(site.content().join("glossary/caseworker.nl.md")).expect("glossary page");
    site.write(glossary, text.replacen("reviewed =", "terms = [\"wie helpt mij\", \"zaakbegeleider\"]\nreviewed =", 1));
    site.build_ok();
    let manifest = manifest_of(&site, "nl");
    let stop: Vec<&str> = manifest["stop"].as_array().expect("stop words").iter().filter_map(Value::as_str).collect();
    assert!(stop.contains(&"wie") && stop.contains(&"het") && !stop.contains(&"casemanager"), "{stop:?}");
    // "wie helpt mij" is stop words and one other word: a phrase for the concept's title.
    // A term of several ordinary words is not a phrase.
    assert_eq!(manifest["phrases"], serde_json::json!([[["wie", "helpt", "mij"], ["casemanager"]]]));
    assert!(manifest_of(&site, "en")["phrases"].as_array().expect("phrases").is_empty());
}

#[test]
fn a_page_is_indexed_under_its_names_as_a_query_would_fold_them() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let manifest = manifest_of(&site, "en");
    // "WIA decision" is a letter's title; a name keeps only words that are not stop words.
    for (name, page) in [("uwv", "en/nl/organisations/uwv/"), ("wia decision", "en/nl/letters/wia-besluit/")] {
        let shard = json(&site, &format!("en/search/t/{}.js", shard_of(&manifest, name)));
        let postings = shard["n"][name].as_array().unwrap_or_else(|| panic!("no name {name:?}"));
        let paths: Vec<String> =
            postings.iter().map(|p| record_path(&site, "en", &manifest, p[0].as_u64().expect("page"))).collect();
        assert_eq!(paths, [page], "{name}");
    }
}

#[test]
fn typo_correction_reads_the_words_from_small_vocabulary_files() {
    let site = Fixture::copy("domain");
    site.build_ok();
    let manifest = manifest_of(&site, "en");
    let firsts: Vec<&str> =
        manifest["vocabulary"].as_array().expect("vocabulary list").iter().filter_map(Value::as_str).collect();
    assert_eq!(firsts.first(), Some(&""));
    let mut words = 0;
    for number in 0..firsts.len() {
        let file = json(&site, &format!("en/search/v/{number}.js"));
        let list = file["t"].as_array().expect("words");
        assert_eq!(list.len(), file["d"].as_array().expect("page counts").len());
        for (word, pages) in list.iter().zip(file["d"].as_array().expect("page counts")) {
            let word = word.as_str().expect("a word");
            // Every vocabulary word is an indexed word, on as many pages as it says.
            let shard = json(&site, &format!("en/search/t/{}.js", shard_of(&manifest, word)));
            let postings = shard["w"][word].as_array().unwrap_or_else(|| panic!("{word} is not indexed"));
            assert!(postings.len() as u64 <= pages.as_u64().expect("count"), "{word}");
            assert!(word.chars().count() >= 3 && !word.contains(' '), "{word}");
            words += 1;
        }
    }
    assert!(words > 50, "{words} words");
}
