"""Reads a PO file with polib and the XLIFF file of the same export with
translate-toolkit, and checks that both tools see the same units: every PO entry is
an XLIFF trans-unit with the same id (msgctxt is "<page> <unit>"), the same source
text once the placeholders are taken out, the same fuzzy state, and a target exactly
where the PO has a translation. Exits 1 on the first difference."""

import re
import sys

import polib
from translate.storage import xliff

po_path, xliff_path, language = sys.argv[1:4]
placeholder = re.compile(r"\{/?\d+/?\}")

po = polib.pofile(po_path)
assert po.metadata.get("Language") == language, po.metadata.get("Language")
entries = {}
for entry in po:
    page, unit = entry.msgctxt.split(" ", 1)
    entries[(page, unit)] = entry

store = xliff.xlifffile.parsefile(xliff_path)
seen = 0
for unit in store.getunits():
    if unit.isheader():
        continue
    # The page is the `original` of the <file> around the unit, the key its own id.
    element = unit.xmlelement
    page = element.getparent().getparent().get("original")
    entry = entries.get((page, element.get("id")))
    if entry is None:
        print(f"FAILED: {xliff_path}: unit {element.get('id')} of {page} is not in {po_path}")
        sys.exit(1)
    source = str(unit.source)
    if placeholder.sub("", entry.msgid) != source:
        print(f"FAILED: {page} {unit.getid()}: source {source!r} differs from {entry.msgid!r}")
        sys.exit(1)
    if bool(entry.msgstr) != bool(unit.target):
        print(f"FAILED: {page} {unit.getid()}: target {unit.target!r} but msgstr {entry.msgstr!r}")
        sys.exit(1)
    target = element.find("{urn:oasis:names:tc:xliff:document:1.2}target")
    needs_review = target is not None and target.get("state", "").startswith("needs-review")
    if ("fuzzy" in entry.flags) != needs_review:
        print(f"FAILED: {page} {unit.getid()}: fuzzy in PO {'fuzzy' in entry.flags}, needs review in XLIFF {needs_review}")
        sys.exit(1)
    seen += 1
if seen != len(entries):
    print(f"FAILED: {xliff_path} has {seen} units, {po_path} {len(entries)} entries")
    sys.exit(1)
print(f"ok: polib and translate-toolkit read the same {seen} units of {language}")
