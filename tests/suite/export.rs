//! `data/site.json` validates against the schema in docs/ and carries the facts.

use crate::support::Fixture;

pub fn validate(json: &serde_json::Value) -> Result<(), String> {
    let schema_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/site.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file")).expect("schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("schema.json", schema).map_err(|e| e.to_string())?;
    let index = compiler.compile("schema.json", &mut schemas).map_err(|e| e.to_string())?;
    schemas.validate(json, index).map_err(|e| format!("{e:#}"))
}

fn export(fixture: &str) -> serde_json::Value {
    let site = Fixture::copy(fixture);
    site.build_ok();
    serde_json::from_str(&site.read("data/site.json")).expect("export is JSON")
}

#[test]
fn the_export_validates_against_its_schema() {
    for fixture in ["domain", "basic"] {
        let json = export(fixture);
        if let Err(error) = validate(&json) {
            panic!("{fixture}: {error}");
        }
    }
}

#[test]
fn the_schema_rejects_an_export_with_a_broken_shape() {
    let mut json = export("domain");
    json["pages"][0]["kind"] = serde_json::json!("recipe");
    assert!(validate(&json).is_err());
    let mut json = export("domain");
    json["languages"] = serde_json::json!([]);
    assert!(validate(&json).is_err());
}

#[test]
fn the_export_names_its_schema_and_the_licence() {
    let site = Fixture::copy("domain");
    let config = site.content().join("site.toml");
    let text = std::fs::read_to_string(&config).expect("site.toml");
    site.write(
        "content/site.toml",
        format!("{text}\n[licence]\nname = \"CC BY 4.0\"\nurl = \"https://creativecommons.org/licenses/by/4.0/\"\n"),
    );
    site.build_ok();
    let json: serde_json::Value = serde_json::from_str(&site.read("data/site.json")).expect("export is JSON");
    let schema_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/site.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file")).expect("schema is JSON");
    assert_eq!(json["$schema"], schema["$id"], "the export names the schema it follows");
    assert_eq!(
        json["licence"],
        serde_json::json!({ "name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/" })
    );
    validate(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(export("domain")["licence"], serde_json::Value::Null, "a site without a licence says so");
}

#[test]
fn the_export_carries_steps_references_and_comparison_values() {
    let json = export("domain");
    let pages = json["pages"].as_array().expect("pages");
    let find = |path: &str| pages.iter().find(|p| p["path"] == path).unwrap_or_else(|| panic!("{path} missing"));
    let procedure = find("nl/procedures/poortwachter");
    assert_eq!(procedure["titles"]["nl"], "Het poortwachterstraject");
    assert_eq!(procedure["facts"]["start"]["nl"], "uw eerste ziektedag");
    let steps = procedure["facts"]["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 7);
    assert_eq!(
        steps[6]["deadline"],
        serde_json::json!({
            "runs_from": "letter", "step": "wia-besluit", "letter": "nl/letters/wia-besluit",
            "amount": 6, "unit": "weeks", "counted_from": "letter-date"
        })
    );
    assert_eq!(steps[1]["deadline"], serde_json::json!({ "runs_from": "start", "week": 6 }));
    assert_eq!(steps[1]["deadline_text"]["nl"], "Voor het einde van week 6");
    assert_eq!(steps[0]["duties"]["en"], "Report sick on your first day.");
    assert_eq!(steps[0]["to"], serde_json::json!(["nl/organisations/werkgever"]));
    assert_eq!(steps[0]["actor"], "you");
    assert_eq!(steps[1]["actor"], "nl/roles/bedrijfsarts");
    assert_eq!(steps[3]["letter"], "nl/letters/ziekmelding-42");
    assert_eq!(steps[4]["week_start"], 42);
    assert_eq!(steps[0]["titles"]["nl"], "U meldt zich ziek");
    let letter = find("nl/letters/ziekmelding-42");
    assert_eq!(letter["facts"]["steps"], serde_json::json!(["nl/procedures/poortwachter#melding-42"]));
    assert_eq!(letter["facts"]["kind"], "information");
    assert_eq!(letter["facts"]["can_object"], false);
    assert_eq!(letter["facts"]["what_to_do"], serde_json::json!({ "en": "Nothing." }));
    let decision = find("nl/letters/wia-besluit");
    assert_eq!(decision["facts"]["can_object"], true);
    assert_eq!(
        decision["facts"]["objection"],
        serde_json::json!({
            "name": "bezwaar", "to": "nl/organisations/uwv", "amount": 6, "unit": "weeks",
            "counted_from": "letter-date", "how": { "en": "In writing, to UWV." }
        })
    );
    assert_eq!(decision["facts"]["appeal"], serde_json::Value::Null);
    let stated = &find("nl/_index")["facts"]["comparison"]["plan_work"];
    assert_eq!(
        *stated,
        serde_json::json!({ "value": "yes", "source": "report", "shown": { "en": "Yes", "nl": "Ja" } })
    );
    assert_eq!(
        find("glossary/caseworker")["facts"]["realised_by"],
        serde_json::json!(["dk/roles/sagsbehandler", "nl/roles/arbeidsdeskundige"])
    );
    assert_eq!(json["comparison_facts"][0]["id"], "plan_work");
}
