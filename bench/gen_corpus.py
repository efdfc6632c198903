#!/usr/bin/env python3
"""Deterministic benchmark corpus for Signpost, Zola and Hugo.

    python3 bench/gen_corpus.py --pages 1000 --out /dev/shm/signpost-bench/n1000

writes the same corpus three ways under --out:

    signpost/content/...   a Signpost content folder (site.toml, home, country overviews,
                           free pages under country folders)
    zola/...               a Zola site (config.toml, content/, templates/ copied from
                           bench/zola/)
    hugo/...               a Hugo site (config.toml, content/, layouts/, i18n/ copied from
                           bench/hugo/)

--pages N is the number of pages per language; every page exists in the three
languages (en, nl, da) under the same slug. Two shapes (--shape):

pages (the default): free pages of a country, each about 700 words drawn from a
Zipf-weighted vocabulary of its language (with diacritics and long compounds), 2 to 4
headings, a bullet list, a small table, three internal links to other pages (in the
same language), a country (one of nine) and a date. Page i has the same slug, country,
date and text for every N; its link targets and its source depend on N.

procedures: the typed pages of the shipped content/ (docs/content-model.md) with the
same vocabulary: organisations, roles, letters (kind, [objection], [appeal]) and
procedures of 10 to 20 typed steps (week/weeks/after, actor, letters, deadline_week,
deadline_from_letter), under <cc>/<kind>/<id>. Signpost gets the facts as front matter;
Zola and Hugo get the same facts as markdown lists in the body (see "the procedures
shape" below). Page i has the same id, country and kind for every N; its facts and text
depend on N (they name other pages of its country).

The output depends only on --shape, --pages and --seed (Python's `random` with string
seeds, stdlib only), so two runs give the same bytes.
"""

import argparse
import itertools
import json
import os
import random
import shutil
import sys
from datetime import date, timedelta

LANGS = ["en", "nl", "da"]  # en is the default language everywhere
HERE = os.path.dirname(os.path.abspath(__file__))

# Nine countries, with their names in each language (the taxonomy term in Zola and
# Hugo, the country overview's title in all three). The Netherlands is left out on
# purpose: a country folder `nl/` would collide with Zola's `/nl/` language prefix
# (Zola keeps its default language at the root).
COUNTRIES = [
    ("at", {"en": "Austria", "nl": "Oostenrijk", "da": "Østrig"}),
    ("be", {"en": "Belgium", "nl": "België", "da": "Belgien"}),
    ("de", {"en": "Germany", "nl": "Duitsland", "da": "Tyskland"}),
    ("dk", {"en": "Denmark", "nl": "Denemarken", "da": "Danmark"}),
    ("es", {"en": "Spain", "nl": "Spanje", "da": "Spanien"}),
    ("fi", {"en": "Finland", "nl": "Finland", "da": "Finland"}),
    ("fr", {"en": "France", "nl": "Frankrijk", "da": "Frankrig"}),
    ("pl", {"en": "Poland", "nl": "Polen", "da": "Polen"}),
    ("se", {"en": "Sweden", "nl": "Zweden", "da": "Sverige"}),
]

SITE_TITLES = {"en": "Signpost benchmark", "nl": "Wegwijzer-benchmark", "da": "Vejviser-benchmark"}
LANG_NAMES = {"en": "English", "nl": "Nederlands", "da": "Dansk"}
TABLE_HEAD = {"en": ("Step", "Who", "Weeks"), "nl": ("Stap", "Wie", "Weken"), "da": ("Trin", "Hvem", "Uger")}
HOME_SUMMARY = {
    "en": "A generated site to measure how fast a static site generator builds.",
    "nl": "Een gegenereerde site om te meten hoe snel een generator bouwt.",
    "da": "Et genereret site, der måler, hvor hurtigt en generator bygger.",
}
COUNTRY_SUMMARY = {
    "en": "All pages about {name}.",
    "nl": "Alle pagina's over {name}.",
    "da": "Alle sider om {name}.",
}

# --- vocabulary ---------------------------------------------------------------------

FUNCTION_WORDS = {
    "en": "the of and to a in is you that it for on with as are be this your by or at from can not an "
    "will if when who what they has have was their more after before which must may does than also".split(),
    "nl": "de het een en van in is u dat op te die voor met niet aan er om bij ook uw worden wordt naar "
    "als zijn door of over dan nog maar wel kan moet na tot deze wie wat hoe geen al meer heeft".split(),
    "da": "og i at det en til er som på de med af for ikke der et har om vi men du fra ud man hvor eller "
    "hvad skal selv her alle vil blev kan når være også efter under hvis din dit nogle hos mod før får".split(),
}

CONTENT_WORDS = {
    "en": "work sickness employer doctor letter benefit procedure week decision plan return caseworker "
    "pension insurance municipality appeal contract income assessment report deadline sick leave "
    "reintegration workplace colleague treatment rehabilitation capacity wages notice hearing "
    "objection evidence résumé naïve café façade rôle coöperation entrée fiancée "
    "long-term return-to-work part-time follow-up self-employed well-being decision-maker "
    "health-care cross-border job-seeker".split(),
    "nl": "werk ziekte werkgever arts brief uitkering procedure week besluit plan terugkeer casemanager "
    "pensioen verzekering gemeente bezwaar contract inkomen beoordeling melding termijn verzuim "
    "reïntegratie werkplek collega behandeling revalidatie loon hoorzitting bewijs ideeën "
    "financiële geïnformeerd coördinator coëfficiënt geëvalueerd één privé België knieën "
    "arbeidsongeschiktheidsuitkering bedrijfsarts arbeidsdeskundige verzekeringsarts "
    "loondoorbetalingsverplichting ziektewetuitkering poortwachterstoets werkhervattingsplan "
    "re-integratieverslag probleemanalyse plan-van-aanpak".split(),
    "da": "arbejde sygdom arbejdsgiver læge brev ydelse procedure uge afgørelse plan tilbagevenden "
    "sagsbehandler pension forsikring kommune klage kontrakt indkomst vurdering frist fravær "
    "førtidspension sygedagpenge jobcenter fleksjob lønmodtager opfølgningssamtale sygemelding "
    "virksomhed undersøgelse helbred pårørende fraværssamtale rådgivning første år også får "
    "være kræver arbejdsløshedskasse ressourceforløb arbejdsevnevurdering revalidering "
    "sygefraværssamtale mulighedserklæring tilbagevendingsplan jobafklaringsforløb "
    "arbejdsmarkedstilknytning".split(),
}

SYLLABLES = {
    "en": (
        "b c d f g h l m n p r s t v w br cr dr fr gr pl pr st tr sh ch th".split(),
        "a e i o u ea ee oo ai ou".split(),
        ["", "", "n", "r", "l", "t", "s", "nd", "nt", "st", "ck", "ng", "rk", "ss"],
    ),
    "nl": (
        "b d g h k l m n p r s t v w z sch st kr gr br dr tr vr zw sl sp".split(),
        "a e i o u aa ee oo ie oe ui ij ei ou eu a e o i".split() * 3 + ["eë", "ië", "oë", "eï"],
        ["", "", "n", "r", "l", "k", "t", "s", "ng", "rd", "nd", "cht", "rk", "ld", "lt", "ts"],
    ),
    "da": (
        "b d f g h j k l m n p r s t v sk sp st kr tr fr bl gr sl kl hv".split(),
        "a e i o u y æ ø å ej øj au ie a e i o".split(),
        ["", "", "n", "r", "l", "d", "t", "s", "ng", "nd", "rd", "lv", "gt", "st", "ld", "ft", "kt"],
    ),
}
LINKERS = {"en": ["-", "", "-"], "nl": ["", "s", "en", "", "s"], "da": ["", "s", "e", "", "s"]}

VOCAB_STEMS = 1500  # generated stems per language
VOCAB_COMPOUNDS = 3500  # compounds of two or three stems
ZIPF_S = 1.07


def make_stem(lang, rng):
    onsets, nuclei, codas = SYLLABLES[lang]
    parts = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        parts.append(rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas))
    return "".join(parts)


def build_vocabulary(lang, seed):
    """The words of one language, most frequent first, with Zipf cumulative weights."""
    rng = random.Random(f"{seed}:vocab:{lang}")
    stems = []
    seen = set()
    while len(stems) < VOCAB_STEMS:
        stem = make_stem(lang, rng)
        if stem not in seen and len(stem) > 2:
            seen.add(stem)
            stems.append(stem)
    bases = CONTENT_WORDS[lang] + stems
    compounds = []
    while len(compounds) < VOCAB_COMPOUNDS:
        parts = rng.sample(bases, rng.choice((2, 2, 2, 2, 3)))
        word = parts[0]
        for part in parts[1:]:
            word += rng.choice(LINKERS[lang]) + part
        if word not in seen:
            seen.add(word)
            compounds.append(word)
    # Rank: function words, then the language's real words, then stems and compounds
    # interleaved, so long compounds appear in every page but rarely repeat.
    tail = [w for pair in itertools.zip_longest(stems, compounds[: len(stems)]) for w in pair if w]
    tail += compounds[len(stems):]
    words = list(dict.fromkeys(FUNCTION_WORDS[lang] + CONTENT_WORDS[lang] + tail))
    weights = [1.0 / (rank + 1) ** ZIPF_S for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


def ascii_slug(word):
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ë": "e", "ï": "i", "é": "e", "ö": "o", "ü": "u"})
    out = word.translate(table)
    return "".join(c for c in out if c.isascii() and (c.isalnum() or c == "-")).strip("-")


# --- pages ---------------------------------------------------------------------------


class Corpus:
    def __init__(self, pages, seed):
        self.n = pages
        self.seed = seed
        self.vocab = {lang: build_vocabulary(lang, seed) for lang in LANGS}
        self.title_vocab = {}
        for lang, (words, cum) in self.vocab.items():
            skip = len(FUNCTION_WORDS[lang])
            self.title_vocab[lang] = (words[skip:], [c - cum[skip - 1] for c in cum[skip:]])
        self.meta = [self.page_meta(i) for i in range(pages)]

    def words(self, rng, lang, k):
        words, cum = self.vocab[lang]
        return rng.choices(words, cum_weights=cum, k=k)

    def content_words(self, rng, lang, k):
        """Words for titles and headings: the same Zipf curve without the function words."""
        words, cum = self.title_vocab[lang]
        return rng.choices(words, cum_weights=cum, k=k)

    def page_meta(self, i):
        """What a page has in every language: slug, country, date, source, link targets."""
        rng = random.Random(f"{self.seed}:page:{i}")
        en_words, en_cum = self.vocab["en"]
        # Slugs come from the less frequent English words, so they are readable and ASCII.
        picks = [w for w in rng.choices(en_words[150:], k=2)]
        slug = "-".join(ascii_slug(w) for w in picks)[:40].strip("-") + f"-{i:05d}"
        country = COUNTRIES[rng.randrange(len(COUNTRIES))][0]
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(7 * 365))
        # The link targets depend on N, and so (drawn after them) does the source; the
        # order is kept so that the corpus stays the one measured in RESULTS.md.
        targets = []
        while len(targets) < min(3, self.n - 1):
            j = rng.randrange(self.n)
            if j != i and j not in targets:
                targets.append(j)
        source = {
            "title": " ".join(rng.choices(en_words[40:400], k=4)).capitalize(),
            "publisher": rng.choice(["Ministry of Labour", "Social Security Office", "European Commission",
                                     "National Insurance Board", "Labour Inspectorate"]),
            "year": rng.randrange(1995, 2026),
        }
        return {"slug": slug, "country": country, "date": day.isoformat(), "targets": targets, "source": source}

    def sentence(self, rng, lang, lo=7, hi=18):
        words = self.words(rng, lang, rng.randint(lo, hi))
        if len(words) > 9 and rng.random() < 0.4:
            words[rng.randrange(3, len(words) - 3)] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def page_text(self, i, lang):
        """Title, summary and markdown body of page i in lang. Links are written as
        `(LINK:j)` and filled in per generator by `links`."""
        rng = random.Random(f"{self.seed}:text:{i}:{lang}")
        title = " ".join(self.content_words(rng, lang, rng.randint(2, 5)))
        title = title[0].upper() + title[1:]
        summary = self.sentence(rng, lang, 10, 20)
        n_headings = rng.randint(2, 4)
        blocks = []  # list of (kind, payload) in page order
        blocks.append(("p", [self.sentence(rng, lang) for _ in range(rng.randint(2, 4))]))
        for h in range(n_headings):
            heading = " ".join(self.content_words(rng, lang, rng.randint(2, 5)))
            blocks.append(("h", heading[0].upper() + heading[1:]))
            blocks.append(("p", [self.sentence(rng, lang) for _ in range(rng.randint(3, 5))]))
            if h == 0:
                blocks.append(("ul", [" ".join(self.words(rng, lang, rng.randint(3, 8)))
                                      for _ in range(rng.randint(4, 6))]))
            if h == 1:
                rows = [(" ".join(self.words(rng, lang, 2)), " ".join(self.words(rng, lang, 2)),
                         str(rng.randint(1, 104))) for _ in range(3)]
                blocks.append(("table", rows))
        # Fill paragraphs up to about 700 words.
        count = len(title.split()) + sum(self._words_in(b) for b in blocks)
        paragraphs = [b for b in blocks if b[0] == "p"]
        while count < 690:
            sentence = self.sentence(rng, lang)
            rng.choice(paragraphs)[1].append(sentence)
            count += len(sentence.split())
        # Three links, each in a different place of a paragraph.
        for j in self.meta[i]["targets"]:
            para = rng.choice(paragraphs)[1]
            k = rng.randrange(len(para))
            text = " ".join(self.words(rng, lang, rng.randint(1, 3)))
            para[k] = para[k][:-1] + f", [{text}](LINK:{j})."
        out = []
        for kind, payload in blocks:
            if kind == "p":
                out.append(" ".join(payload))
            elif kind == "h":
                out.append("## " + payload)
            elif kind == "ul":
                out.append("\n".join("- " + item for item in payload))
            else:
                a, b, c = TABLE_HEAD[lang]
                lines = [f"| {a} | {b} | {c} |", "|---|---|---:|"]
                lines += [f"| {x} | {y} | {z} |" for x, y, z in payload]
                out.append("\n".join(lines))
        return title, summary, "\n\n".join(out) + "\n"

    @staticmethod
    def word_count(text):
        title, _summary, body = text
        return len(title.split()) + len(body.split())

    @staticmethod
    def _words_in(block):
        kind, payload = block
        if kind == "h":
            return len(payload.split())
        if kind == "table":
            return sum(len(" ".join(row).split()) for row in payload) + 3
        return sum(len(s.split()) for s in payload)


def links(body, fn):
    out = []
    rest = body
    while True:
        k = rest.find("(LINK:")
        if k < 0:
            out.append(rest)
            return "".join(out)
        end = rest.index(")", k)
        out.append(rest[:k] + "(" + fn(int(rest[k + 6:end])) + ")")
        rest = rest[end + 1:]


def q(text):
    """A TOML basic string."""
    return json.dumps(text, ensure_ascii=False)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def sources_toml(source, table):
    url = f"url = {q(source['url'])}\n" if "url" in source else ""
    return (f"\n[[{table}]]\ntitle = {q(source['title'])}\npublisher = {q(source['publisher'])}\n"
            f"year = {source['year']}\n{url}")


# --- the three sites -----------------------------------------------------------------
# Each site kind has `site(root)` for the files that are not pages and
# `page(root, meta, lang, text)` for one page in one language, `text` being what the
# corpus's `page_text` returns: (title, summary, body) for the pages shape.

NAMES = dict(COUNTRIES)


def copy_tree(src, dst):
    for dirpath, _, files in os.walk(src):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
            shutil.copyfile(os.path.join(dirpath, name), os.path.join(dst, rel))


class Signpost:
    def __init__(self, corpus):
        self.corpus = corpus

    def site(self, root):
        content = os.path.join(root, "content")
        site = ['base_url = "https://bench.example.org/"', 'default_language = "en"', ""]
        for lang in LANGS:
            site.append(f"[languages.{lang}]")
            site.append(f"name = {q(LANG_NAMES[lang])}")
            site.append(f"title = {q(SITE_TITLES[lang])}")
            if lang != "en":
                site.append('fallback = ["en"]')
            site.append("")
        write(os.path.join(content, "site.toml"), "\n".join(site))
        for lang in LANGS:
            write(os.path.join(content, f"_index.{lang}.md"),
                  f"+++\ntitle = {q(SITE_TITLES[lang])}\nsummary = {q(HOME_SUMMARY[lang])}\n+++\n")
            for cc, names in COUNTRIES:
                write(os.path.join(content, cc, f"_index.{lang}.md"),
                      f"+++\ntitle = {q(names[lang])}\n"
                      f"summary = {q(COUNTRY_SUMMARY[lang].format(name=names[lang]))}\n+++\n")

    def page(self, root, meta, lang, text):
        title, summary, body = text
        other = self.corpus.meta
        body = links(body, lambda j: f"@/{other[j]['country']}/{other[j]['slug']}.md")
        # `sources` is a fact: repeated with the same value in every translation (allowed).
        fm = (f"+++\ntitle = {q(title)}\nsummary = {q(summary)}\nreviewed = {meta['date']}\n"
              + sources_toml(meta["source"], "sources") + "+++\n")
        write(os.path.join(root, "content", meta["country"], f"{meta['slug']}.{lang}.md"), fm + "\n" + body)



def copy_theme_css(root):
    """The same stylesheet as Signpost's default theme, so every site ships equal CSS."""
    os.makedirs(os.path.join(root, "static"), exist_ok=True)
    shutil.copyfile(os.path.join(HERE, "..", "themes", "default", "static", "style.css"), os.path.join(root, "static", "style.css"))

def zola_suffix(lang):
    return "" if lang == "en" else f".{lang}"


class Zola:
    def __init__(self, corpus):
        self.corpus = corpus

    def site(self, root):
        copy_tree(os.path.join(HERE, "zola"), root)  # config.toml, templates/
        copy_theme_css(root)
        content = os.path.join(root, "content")
        for lang in LANGS:
            write(os.path.join(content, f"_index{zola_suffix(lang)}.md"),
                  f"+++\ntitle = {q(SITE_TITLES[lang])}\ndescription = {q(HOME_SUMMARY[lang])}\n+++\n")
            for cc, names in COUNTRIES:
                write(os.path.join(content, cc, f"_index{zola_suffix(lang)}.md"),
                      f"+++\ntitle = {q(names[lang])}\n"
                      f"description = {q(COUNTRY_SUMMARY[lang].format(name=names[lang]))}\n"
                      'sort_by = "title"\n+++\n')

    def page(self, root, meta, lang, text):
        title, summary, body = text
        other = self.corpus.meta
        suffix = zola_suffix(lang)
        body = links(body, lambda j: f"@/{other[j]['country']}/{other[j]['slug']}{suffix}.md")
        fm = (f"+++\ntitle = {q(title)}\ndescription = {q(summary)}\ndate = {meta['date']}\n\n"
              f"[taxonomies]\ncountries = [{q(NAMES[meta['country']][lang])}]\n\n"
              f"[extra]\nreviewed = {meta['date']}\n"
              + sources_toml(meta["source"], "extra.sources") + "+++\n")
        write(os.path.join(root, "content", meta["country"], f"{meta['slug']}{suffix}.md"), fm + "\n" + body)


class Hugo:
    def __init__(self, corpus):
        self.corpus = corpus

    def site(self, root):
        copy_tree(os.path.join(HERE, "hugo"), root)  # config.toml, layouts/, i18n/
        copy_theme_css(root)
        content = os.path.join(root, "content")
        for lang in LANGS:
            write(os.path.join(content, f"_index.{lang}.md"),
                  f"+++\ntitle = {q(SITE_TITLES[lang])}\nsummary = {q(HOME_SUMMARY[lang])}\n+++\n")
            for cc, names in COUNTRIES:
                write(os.path.join(content, cc, f"_index.{lang}.md"),
                      f"+++\ntitle = {q(names[lang])}\n"
                      f"summary = {q(COUNTRY_SUMMARY[lang].format(name=names[lang]))}\n+++\n")

    def page(self, root, meta, lang, text):
        title, summary, body = text
        other = self.corpus.meta
        # `ref` resolves in the page's own language and fails the build on a missing page,
        # as Signpost's and Zola's `@/` links do.
        body = links(body, lambda j: '{{< ref "/' + other[j]["country"] + "/" + other[j]["slug"] + '.md" >}}')
        fm = (f"+++\ntitle = {q(title)}\nsummary = {q(summary)}\ndate = {meta['date']}\n"
              f"reviewed = {meta['date']}\ncountries = [{q(NAMES[meta['country']][lang])}]\n"
              + sources_toml(meta["source"], "sources") + "+++\n")
        write(os.path.join(root, "content", meta["country"], f"{meta['slug']}.{lang}.md"), fm + "\n" + body)


# --- the procedures shape --------------------------------------------------------------
# Pages like the typed pages of the shipped content/ (docs/content-model.md): organisations,
# roles, letters (with `kind`, `[objection]`, `[appeal]`) and procedures with 10 to 20
# typed steps (`week`/`weeks`/`after`, `actor`, `letter`, `deadline_week`,
# `deadline_from_letter`), under content/<cc>/<kind>/<id>.<lang>.md. Signpost reads the facts
# from the front matter (written once, in the English file; the translations carry text
# only, as in content/) and renders them itself. Zola and Hugo have no such model: they get
# the same facts written as markdown lists in the body, in the page's language, with links
# to the pages named, so the three tools show the same text.

KIND_FOLDERS = {"organisation": "organisations", "role": "roles", "letter": "letters", "procedure": "procedures"}
# The first 36 pages give four countries and a bit one page of each kind, in this order,
# so that a small corpus (--quick) has every kind; from page 36 on, page i is about
# country i mod 9 and its kind follows KIND_CYCLE (5 % organisations, 15 % roles, 40 %
# letters, 40 % procedures). A country's first letter or procedure always comes after
# its first organisation and role, so every step has an actor and every letter a sender.
FIRST_KINDS = ("organisation", "role", "letter", "procedure")
KIND_CYCLE = ["organisation"] + ["role"] * 3 + ["letter"] * 8 + ["procedure"] * 8

ORGANISATION_KINDS = [("social-security", "public"), ("employment-service", "public"), ("municipality", "public"),
                      ("employer", "private"), ("health-insurer", "private"), ("pension-fund", "private"),
                      ("reintegration-company", "private"), ("union-fund", "private"),
                      ("appeals-body", "public"), ("government", "public")]
LETTER_KINDS = ["decision"] * 6 + ["invitation"] * 3 + ["request"] * 3 + ["information"] * 3 + ["report"] * 3 \
    + ["sent-by-you"] * 2
MILESTONES = ["first-assessment", "plan", "plan-review", "long-term-decision", "end-of-wage-payment"]
# The official words for an objection and an appeal that readers meet on the letters.
REMEDIES = {"at": ("Widerspruch", "Klage"), "be": ("bezwaar", "beroep"), "de": ("Widerspruch", "Klage"),
            "dk": ("klage", "anke"), "es": ("reclamación previa", "demanda"), "fi": ("oikaisuvaatimus", "valitus"),
            "fr": ("recours amiable", "recours contentieux"), "pl": ("odwołanie", "skarga"),
            "se": ("omprövning", "överklagande")}
COUNTED_FROM_RECEIPT = {"dk", "pl"}  # Danish and Polish decisions count from receipt
DIALLING = {"at": "+43", "be": "+32", "de": "+49", "dk": "+45", "es": "+34", "fi": "+358", "fr": "+33",
            "pl": "+48", "se": "+46"}
PERIODS = {"within_days": (14, 60), "within_weeks": (2, 12), "within_months": (1, 6)}

# What Signpost's default theme writes beside the facts, for the lists in the Zola and
# Hugo bodies (in the page's language).
LABELS = {
    "en": {
        "when": "When", "actor": "Who acts", "letter": "Letter", "to": "To", "deadline": "Deadline",
        "rights": "Your rights", "duties": "Your duties", "milestone": "Milestone", "next": "What can follow",
        "week": "Week {a}", "weeks": "Weeks {a}–{b}", "after": "After: {title}", "you": "You",
        "start": "Week 0 is:", "decides": "Who decides", "steps": "Step by step", "see": "See",
        "letter_kind": "What this letter is", "sent_by": "Sent by", "sent_to": "Sent to",
        "recognise": "How to recognise it", "reply": "Reply within", "reply_days": "{n} days after you receive it",
        "object": "Object", "appeal": "If you still disagree", "send_to": "Send it to {to}.",
        "within_days": "{n} days", "within_weeks": "{n} weeks", "within_months": "{n} months",
        "letter-date": "Within {period} of the date on the letter",
        "receipt": "Within {period} of the day you receive the letter",
        "appeal_from": "Within {period} of the date of the decision on your objection",
        "works_for": "Works for", "medical": "Medical role", "yes": "Yes", "no": "No", "training": "Training",
        "kind": "Kind", "website": "Website", "phone": "Phone", "contact": "How to contact",
        "public": "public", "private": "private",
        "letter_headings": ("What is this letter?", "What must I do, and by when?", "What happens next?",
                            "Do you disagree?"),
        "letters": "Letters",
        "letter_kinds": {"decision": "A decision: you can contest it", "invitation": "An invitation",
                         "request": "A request", "information": "Information", "report": "A report",
                         "sent-by-you": "A letter you send"},
        "milestones": {"first-assessment": "First assessment", "plan": "Return-to-work plan",
                       "plan-review": "Plan review", "long-term-decision": "Long-term decision",
                       "end-of-wage-payment": "End of wage payment"},
        "organisation_kinds": {"social-security": "Social security body", "employment-service": "Employment service",
                               "municipality": "Municipality", "employer": "Employer",
                               "health-insurer": "Health insurer", "pension-fund": "Pension fund",
                               "reintegration-company": "Reintegration company", "union-fund": "Union fund",
                               "appeals-body": "Appeals body", "government": "Government"},
    },
    "nl": {
        "when": "Wanneer", "actor": "Wie doet het", "letter": "Brief", "to": "Aan", "deadline": "Uiterste termijn",
        "rights": "Uw rechten", "duties": "Uw plichten", "milestone": "Mijlpaal", "next": "Wat kan volgen",
        "week": "Week {a}", "weeks": "Weken {a}–{b}", "after": "Na: {title}", "you": "U",
        "start": "Week 0 is:", "decides": "Wie beslist", "steps": "Stap voor stap", "see": "Zie",
        "letter_kind": "Wat deze brief is", "sent_by": "Verstuurd door", "sent_to": "Verstuurd aan",
        "recognise": "Zo herkent u hem", "reply": "Antwoord binnen", "reply_days": "{n} dagen nadat u hem ontvangt",
        "object": "Bezwaar maken", "appeal": "Als u het nog steeds niet eens bent", "send_to": "Stuur het naar {to}.",
        "within_days": "{n} dagen", "within_weeks": "{n} weken", "within_months": "{n} maanden",
        "letter-date": "Binnen {period} na de datum op de brief",
        "receipt": "Binnen {period} na de dag waarop u de brief ontvangt",
        "appeal_from": "Binnen {period} na de datum van de beslissing op uw bezwaar",
        "works_for": "Werkt voor", "medical": "Medische rol", "yes": "Ja", "no": "Nee", "training": "Opleiding",
        "kind": "Soort", "website": "Website", "phone": "Telefoon", "contact": "Contact",
        "public": "publiek", "private": "privaat",
        "letter_headings": ("Wat is deze brief?", "Wat moet ik doen, en wanneer?", "Wat gebeurt er daarna?",
                            "Bent u het er niet mee eens?"),
        "letters": "Brieven",
        "letter_kinds": {"decision": "Een besluit: u kunt bezwaar maken", "invitation": "Een uitnodiging",
                         "request": "Een verzoek", "information": "Informatie", "report": "Een rapport",
                         "sent-by-you": "Een brief die u verstuurt"},
        "milestones": {"first-assessment": "Eerste beoordeling", "plan": "Plan voor terugkeer naar werk",
                       "plan-review": "Evaluatie van het plan", "long-term-decision": "Besluit op lange termijn",
                       "end-of-wage-payment": "Einde loondoorbetaling"},
        "organisation_kinds": {"social-security": "Socialezekerheidsorgaan", "employment-service": "Arbeidsbureau",
                               "municipality": "Gemeente", "employer": "Werkgever",
                               "health-insurer": "Zorgverzekeraar", "pension-fund": "Pensioenfonds",
                               "reintegration-company": "Re-integratiebedrijf", "union-fund": "Vakbondsfonds",
                               "appeals-body": "Beroepsinstantie", "government": "Overheid"},
    },
    "da": {
        "when": "Hvornår", "actor": "Hvem gør det", "letter": "Brev", "to": "Til", "deadline": "Frist",
        "rights": "Dine rettigheder", "duties": "Dine pligter", "milestone": "Milepæl", "next": "Hvad kan følge",
        "week": "Uge {a}", "weeks": "Uge {a}–{b}", "after": "Efter: {title}", "you": "Du",
        "start": "Uge 0 er:", "decides": "Hvem afgør", "steps": "Trin for trin", "see": "Se",
        "letter_kind": "Hvad brevet er", "sent_by": "Sendt af", "sent_to": "Sendt til",
        "recognise": "Sådan genkender du det", "reply": "Svar inden",
        "reply_days": "{n} dage efter, at du har fået det",
        "object": "Klage", "appeal": "Hvis du stadig er uenig", "send_to": "Send den til {to}.",
        "within_days": "{n} dage", "within_weeks": "{n} uger", "within_months": "{n} måneder",
        "letter-date": "Inden {period} fra datoen på brevet",
        "receipt": "Inden {period} fra den dag, du får brevet",
        "appeal_from": "Inden {period} fra datoen for afgørelsen på din klage",
        "works_for": "Arbejder for", "medical": "Medicinsk rolle", "yes": "Ja", "no": "Nej", "training": "Uddannelse",
        "kind": "Type", "website": "Websted", "phone": "Telefon", "contact": "Kontakt",
        "public": "offentlig", "private": "privat",
        "letter_headings": ("Hvad er dette brev?", "Hvad skal jeg gøre, og hvornår?", "Hvad sker der nu?",
                            "Er du uenig?"),
        "letters": "Breve",
        "letter_kinds": {"decision": "En afgørelse: du kan klage", "invitation": "En indkaldelse",
                         "request": "En anmodning", "information": "Information", "report": "En rapport",
                         "sent-by-you": "Et brev, du sender"},
        "milestones": {"first-assessment": "Første vurdering", "plan": "Plan for tilbagevenden",
                       "plan-review": "Opfølgning på planen", "long-term-decision": "Langsigtet afgørelse",
                       "end-of-wage-payment": "Lønudbetaling slutter"},
        "organisation_kinds": {"social-security": "Socialforsikring", "employment-service": "Jobcenter",
                               "municipality": "Kommune", "employer": "Arbejdsgiver",
                               "health-insurer": "Sygeforsikring", "pension-fund": "Pensionskasse",
                               "reintegration-company": "Revalideringsfirma", "union-fund": "A-kasse",
                               "appeals-body": "Ankeinstans", "government": "Myndighed"},
    },
}
LETTER_SECTION_IDS = ("what-is-it", "what-to-do", "what-next", "disagree")
SECTION_IDS = {"role": ("what", "when", "more"), "organisation": ("what", "help", "more")}


class ProcedureCorpus(Corpus):
    """The procedures shape: the same vocabulary and sentences as `Corpus`, typed pages."""

    def __init__(self, pages, seed):
        self.n = pages
        self.seed = seed
        self.vocab = {lang: build_vocabulary(lang, seed) for lang in LANGS}
        self.title_vocab = {}
        for lang, (words, cum) in self.vocab.items():
            skip = len(FUNCTION_WORDS[lang])
            self.title_vocab[lang] = (words[skip:], [c - cum[skip - 1] for c in cum[skip:]])
        self.layout = [self.page_layout(i) for i in range(pages)]
        # The pages of each country by kind, in page order: what facts can name.
        self.pool = {cc: {kind: [] for kind in KIND_FOLDERS} for cc, _ in COUNTRIES}
        for i, (cc, kind, _slug) in enumerate(self.layout):
            self.pool[cc][kind].append(i)
        self.by_id = {(cc, slug): i for i, (cc, _kind, slug) in enumerate(self.layout)}
        self.titles = [{lang: self.page_title(i, lang) for lang in LANGS} for i in range(pages)]
        # Facts name pages of earlier kinds only (a role its organisations, a letter its
        # sender's organisation, a step its letter's sender), so the facts are drawn kind by
        # kind; each page has its own random stream, so the order changes nothing else.
        self.meta = [None] * pages
        for kind in KIND_FOLDERS:
            for i in range(pages):
                if self.layout[i][1] == kind:
                    self.meta[i] = self.page_meta(i)

    def page_layout(self, i):
        """Country, kind and id (the file name, ASCII) of page i; independent of N."""
        if i < 36:
            cc, kind = COUNTRIES[i // 4][0], FIRST_KINDS[i % 4]
        else:
            cc = COUNTRIES[i % 9][0]
            kind = KIND_CYCLE[((i - 36) // 9) % len(KIND_CYCLE)]
        rng = random.Random(f"{self.seed}:typed-id:{i}")
        en_words = self.vocab["en"][0]
        slug = "-".join(ascii_slug(w) for w in rng.choices(en_words[150:], k=2))[:40].strip("-") + f"-{i:05d}"
        return cc, kind, slug

    def page_title(self, i, lang):
        rng = random.Random(f"{self.seed}:typed-title:{i}:{lang}")
        title = " ".join(self.content_words(rng, lang, rng.randint(2, 5)))
        return title[0].upper() + title[1:]

    def ref(self, i):
        """The id by which a fact names page i (same country: the bare id)."""
        return self.layout[i][2]

    def page_meta(self, i):
        """The facts of page i: the same in every language."""
        cc, kind, slug = self.layout[i]
        rng = random.Random(f"{self.seed}:typed-facts:{i}")
        en_words = self.vocab["en"][0]
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(7 * 365))
        sources = []
        for k in range(rng.randint(1, 2)):
            source = {"title": " ".join(rng.choices(en_words[40:400], k=4)).capitalize(),
                      "publisher": rng.choice(["Ministry of Labour", "Social Security Office", "European Commission",
                                               "National Insurance Board", "Labour Inspectorate"]),
                      "year": rng.randrange(1995, 2026)}
            if rng.random() < 0.5:
                source["url"] = f"https://{cc}.example.org/{slug}/{k + 1}"
            sources.append(source)
        meta = {"index": i, "slug": slug, "country": cc, "kind": kind, "date": day.isoformat(), "sources": sources}
        pool = self.pool[cc]
        orgs = [self.ref(j) for j in pool["organisation"]]
        roles = [self.ref(j) for j in pool["role"]]
        if kind == "organisation":
            meta["org_kind"], meta["sector"] = rng.choice(ORGANISATION_KINDS)
            meta["website"] = f"https://www.{slug}.example.org/"
            meta["phone"] = f"{DIALLING[cc]} {rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
        elif kind == "role":
            meta["organisations"] = rng.sample(orgs, min(len(orgs), rng.choice((1, 1, 2))))
            meta["medical"] = rng.random() < 0.3
        elif kind == "letter":
            self.letter_facts(meta, rng, cc, orgs, roles)
        else:
            self.procedure_facts(meta, rng, cc, orgs, roles)
        return meta

    @staticmethod
    def period(rng, unit=None):
        unit = unit or rng.choice(list(PERIODS))
        return unit, rng.randint(*PERIODS[unit])

    def organisation_of(self, cc, party):
        """The organisation a role works for (its first), or the organisation itself."""
        i = self.by_id[(cc, party)]
        return self.meta[i]["organisations"][0] if self.layout[i][1] == "role" else party

    def letter_facts(self, meta, rng, cc, orgs, roles):
        kind = rng.choice(LETTER_KINDS)
        meta["letter_kind"] = kind
        if kind == "sent-by-you":
            meta["sender"] = "you"
            meta["recipients"] = [rng.choice(orgs + roles)]
        else:
            meta["sender"] = rng.choice(orgs + roles)
            meta["recipients"] = ["you"]
            other = rng.choice(orgs)
            if rng.random() < 0.3 and other != meta["sender"]:
                meta["recipients"].append(other)
        if kind in ("invitation", "request"):
            meta["respond_within_days"] = rng.randint(5, 30)
        if kind == "decision":
            # Roles come after organisations in page order, so meta of the sender's
            # organisation exists; a role sender's organisation decides.
            decides = self.organisation_of(cc, meta["sender"])
            meta["decides"] = decides
            objection, appeal = REMEDIES[cc]
            meta["objection"] = {"name": objection, "to": decides, "period": self.period(rng),
                                 "receipt": cc in COUNTED_FROM_RECEIPT}
            if rng.random() < 0.4:
                meta["appeal"] = {"name": appeal, "to": rng.choice(orgs), "period": self.period(rng)}

    def procedure_facts(self, meta, rng, cc, orgs, roles):
        letters = self.pool[cc]["letter"]
        actors = ["you"] + orgs + roles
        en_words = self.vocab["en"][0]
        n = rng.randint(10, 20)
        ids = []
        for k in range(n):
            word = ascii_slug(rng.choice(en_words[60:600])) or "step"
            ids.append(f"{word}-{k + 1}")
        meta["decides"] = rng.choice(orgs)
        steps = []
        end = 0  # the last week the previous step reaches; a step never starts before it
        for k, sid in enumerate(ids):
            step = {"id": sid}
            r = rng.random()
            if k == 0:
                step["week"] = start = end = 0
            elif r < 0.55:
                step["week"] = start = end = end + rng.randint(0, 8)
            elif r < 0.8:
                start = end + rng.randint(0, 4)
                end = start + rng.randint(1, 26)
                step["weeks"] = [start, end]
            else:
                step["after"] = ids[k - 1]
                start = end
            if letters and rng.random() < 0.35:
                # The letter's sender acts in the step, and the step sends it to the
                # letter's recipients (Signpost checks the sender against the actor).
                letter = self.meta[letters[rng.randrange(len(letters))]]
                step["letter"] = letter["slug"]
                step["actor"] = letter["sender"]
                step["to"] = list(letter["recipients"])
            else:
                step["actor"] = rng.choice(actors)
                if rng.random() < 0.5:
                    step["to"] = [rng.choice([a for a in actors if a != step["actor"]])]
            if rng.random() < 0.5:
                sending = [s["id"] for s in steps if "letter" in s]
                if sending and rng.random() < 0.35:
                    unit, value = self.period(rng)
                    step["deadline_from_letter"] = {"step": rng.choice(sending), "unit": unit, "value": value,
                                                    "receipt": rng.random() < 0.3}
                else:
                    # The end of week N after the start: at least week 1 (signpost refuses
                    # `deadline_week = 0`, which would end before the first day).
                    step["deadline_week"] = start + 1 + rng.randint(0, 6)
            step["rights"] = rng.random() < 0.6
            step["duties"] = rng.random() < 0.6
            if rng.random() < 0.12:
                step["milestone"] = rng.choice(MILESTONES)
            if k + 2 < n and rng.random() < 0.1:
                step["next"] = [ids[k + 1], ids[k + 2]]
            steps.append(step)
        meta["steps"] = steps

    def paragraph(self, rng, lang, lo, hi):
        return " ".join(self.sentence(rng, lang) for _ in range(rng.randint(lo, hi)))

    def heading(self, rng, lang, lo=2, hi=5):
        words = " ".join(self.content_words(rng, lang, rng.randint(lo, hi)))
        return words[0].upper() + words[1:]

    def page_text(self, i, lang):
        """The translated text of page i in lang, as a dict; the facts are in meta."""
        meta = self.meta[i]
        kind = meta["kind"]
        rng = random.Random(f"{self.seed}:typed-text:{i}:{lang}")
        text = {"title": self.titles[i][lang], "summary": self.sentence(rng, lang, 10, 20)}
        if kind == "procedure":
            text["start"] = self.sentence(rng, lang, 6, 12)
            text["intro"] = (self.heading(rng, lang), [self.paragraph(rng, lang, 3, 4) for _ in range(2)])
            text["steps"] = []
            for step in meta["steps"]:
                words = {"title": self.heading(rng, lang, 3, 7)}
                if "deadline_week" in step or "deadline_from_letter" in step:
                    words["deadline"] = self.sentence(rng, lang, 6, 12)
                for key in ("rights", "duties"):
                    if step[key]:
                        words[key] = self.sentence(rng, lang, 8, 16)
                words["paragraphs"] = [self.paragraph(rng, lang, 2, 3) for _ in range(rng.randint(1, 2))]
                text["steps"].append(words)
            text["closing"] = (self.heading(rng, lang),
                               [self.paragraph(rng, lang, 3, 4) for _ in range(rng.randint(1, 2))])
        elif kind == "letter":
            text["recognise"] = self.sentence(rng, lang, 8, 16)
            for remedy in ("objection", "appeal"):
                if remedy in meta:
                    text[remedy + "_how"] = self.sentence(rng, lang, 8, 16)
            text["sections"] = []
            for section_id, heading in zip(LETTER_SECTION_IDS, LABELS[lang]["letter_headings"]):
                paragraphs = [self.paragraph(rng, lang, 2, 4) for _ in range(rng.randint(1, 2))]
                items = ([" ".join(self.words(rng, lang, rng.randint(4, 9))) for _ in range(rng.randint(3, 5))]
                         if section_id == "what-to-do" else [])
                text["sections"].append((section_id, heading, paragraphs, items))
        else:
            text["education" if kind == "role" else "contact"] = self.sentence(rng, lang, 8, 16)
            text["sections"] = [(section_id, self.heading(rng, lang),
                                 [self.paragraph(rng, lang, 3, 5) for _ in range(rng.randint(1, 2))], [])
                                for section_id in SECTION_IDS[kind][:rng.randint(2, 3)]]
        return text

    @staticmethod
    def word_count(text):
        def words(value):
            if isinstance(value, str):
                return len(value.split())
            if isinstance(value, dict):
                return sum(words(v) for v in value.values())
            if isinstance(value, (list, tuple)):
                return sum(words(v) for v in value)
            return 0
        return words({k: v for k, v in text.items() if k != "summary"})


def typed_path(meta):
    return os.path.join(meta["country"], KIND_FOLDERS[meta["kind"]], meta["slug"])


def toml_list(values):
    return "[" + ", ".join(q(v) for v in values) + "]"


def typed_body(corpus, i, lang, text, ref, facts):
    """The markdown body of typed page i in lang. `ref(j)` is the link target of page j in
    the tool's syntax. With `facts`, the facts are written into the body as lists (Zola,
    Hugo); without, they stay in the front matter and Signpost renders them."""
    meta = corpus.meta[i]
    labels = LABELS[lang]
    cc = meta["country"]

    def link(party):
        if party == "you":
            return labels["you"]
        j = corpus.by_id[(cc, party)]
        return f"[{corpus.titles[j][lang]}]({ref(j)})"

    def item(label, value):
        return f"- **{label}:** {value}"

    def period(limit, key):
        unit, value = limit
        return labels[key].format(period=labels[unit].format(n=value))

    see = lambda party: f"{labels['see']} {link(party)}."  # noqa: E731
    out = []
    kind = meta["kind"]
    if kind == "procedure":
        heading, paragraphs = text["intro"]
        out.append(f"## {heading} {{#about}}")
        out += paragraphs
        if facts:
            out.append(f"- **{labels['start']}** {text['start']}\n" + item(labels["decides"], link(meta["decides"])))
            out.append(f"## {labels['steps']} {{#steps}}")
        titles = {step["id"]: words["title"] for step, words in zip(meta["steps"], text["steps"])}
        for number, (step, words) in enumerate(zip(meta["steps"], text["steps"]), 1):
            if not facts:
                out.append(f"## {words['title']} {{#{step['id']}}}")
            else:
                out.append(f"### {number}. {words['title']} {{#{step['id']}}}")
                if "week" in step:
                    when = labels["week"].format(a=step["week"])
                elif "weeks" in step:
                    when = labels["weeks"].format(a=step["weeks"][0], b=step["weeks"][1])
                else:
                    when = labels["after"].format(title=titles[step["after"]])
                lines = [item(labels["when"], when), item(labels["actor"], link(step["actor"]))]
                recipients = ", ".join(link(p) for p in step.get("to", []))
                if "letter" in step:
                    lines.append(item(labels["letter"], f"{link(step['letter'])} → {recipients}"))
                elif recipients:
                    lines.append(item(labels["to"], recipients))
                for key in ("deadline", "rights", "duties"):
                    if key in words:
                        lines.append(item(labels[key], words[key]))
                if "milestone" in step:
                    lines.append(item(labels["milestone"], labels["milestones"][step["milestone"]]))
                if "next" in step:
                    lines.append(item(labels["next"], ", ".join(titles[s] for s in step["next"])))
                out.append("\n".join(lines))
            out += words["paragraphs"]
            if "letter" in step:
                out.append(see(step["letter"]))
        heading, paragraphs = text["closing"]
        out.append(f"## {heading} {{#questions}}")
        out += paragraphs
        return "\n\n".join(out) + "\n"

    if facts:
        if kind == "letter":
            lines = [item(labels["letter_kind"], labels["letter_kinds"][meta["letter_kind"]]),
                     item(labels["sent_by"], link(meta["sender"])),
                     item(labels["sent_to"], ", ".join(link(p) for p in meta["recipients"])),
                     item(labels["recognise"], text["recognise"])]
            if "respond_within_days" in meta:
                lines.append(item(labels["reply"], labels["reply_days"].format(n=meta["respond_within_days"])))
            if "objection" in meta:
                o = meta["objection"]
                lines.append(item(labels["object"],
                                  f"{period(o['period'], 'receipt' if o['receipt'] else 'letter-date')} ({o['name']}). "
                                  f"{labels['send_to'].format(to=link(o['to']))} {text['objection_how']}"))
            if "appeal" in meta:
                a = meta["appeal"]
                lines.append(item(labels["appeal"], f"{period(a['period'], 'appeal_from')} ({a['name']}). "
                                  f"{labels['send_to'].format(to=link(a['to']))} {text['appeal_how']}"))
            if "decides" in meta:
                lines.append(item(labels["decides"], link(meta["decides"])))
        elif kind == "role":
            lines = [item(labels["works_for"], ", ".join(link(o) for o in meta["organisations"])),
                     item(labels["medical"], labels["yes" if meta["medical"] else "no"]),
                     item(labels["training"], text["education"])]
        else:
            kind_name = labels["organisation_kinds"][meta["org_kind"]]
            lines = [item(labels["kind"], f"{kind_name} ({labels[meta['sector']]})"),
                     item(labels["website"], f"[{meta['website']}]({meta['website']})"),
                     item(labels["phone"], meta["phone"]),
                     item(labels["contact"], text["contact"])]
        out.append("\n".join(lines))
    for number, (section_id, heading, paragraphs, items) in enumerate(text["sections"]):
        out.append(f"## {heading} {{#{section_id}}}")
        out += paragraphs
        if items:
            out.append("\n".join("- " + x for x in items))
        if number == 0 and kind == "letter":
            out.append(see(meta["recipients"][0] if meta["sender"] == "you" else meta["sender"]))
        if number == 0 and kind == "role":
            out.append(see(meta["organisations"][0]))
    return "\n\n".join(out) + "\n"


def signpost_front_matter(meta, lang, text):
    """Signpost's front matter: every fact in the default language's file, the text in
    every file (a translation's steps repeat the ids, in the same order)."""
    original = lang == "en"
    kind = meta["kind"]
    lines = [f"title = {q(text['title'])}", f"summary = {q(text['summary'])}", f"reviewed = {meta['date']}"]
    tables = []
    if kind == "organisation":
        if original:
            lines += [f"kind = {q(meta['org_kind'])}", f"sector = {q(meta['sector'])}",
                      f"website = {q(meta['website'])}", f"phone = {q(meta['phone'])}"]
        lines.append(f"contact = {q(text['contact'])}")
    elif kind == "role":
        if original:
            lines += [f"organisations = {toml_list(meta['organisations'])}",
                      f"medical = {'true' if meta['medical'] else 'false'}"]
        lines.append(f"education = {q(text['education'])}")
    elif kind == "letter":
        if original:
            lines += [f"kind = {q(meta['letter_kind'])}", f"sender = {q(meta['sender'])}",
                      f"recipients = {toml_list(meta['recipients'])}"]
            if "decides" in meta:
                lines.append(f"decides = {q(meta['decides'])}")
            if "respond_within_days" in meta:
                lines.append(f"respond_within_days = {meta['respond_within_days']}")
        lines.append(f"recognise = {q(text['recognise'])}")
        for remedy in ("objection", "appeal"):
            if remedy in meta:
                table = [f"\n[{remedy}]"]
                if original:
                    r = meta[remedy]
                    unit, value = r["period"]
                    table += [f"name = {q(r['name'])}", f"to = {q(r['to'])}", f"{unit} = {value}"]
                    if r.get("receipt"):
                        table.append('counted_from = "receipt"')
                table.append(f"how = {q(text[remedy + '_how'])}")
                tables.append("\n".join(table))
    else:
        lines.append(f"start = {q(text['start'])}")
        if original:
            lines.append(f"decides = {q(meta['decides'])}")
        for step, words in zip(meta["steps"], text["steps"]):
            table = ["\n[[steps]]", f"id = {q(step['id'])}", f"title = {q(words['title'])}"]
            if original:
                if "week" in step:
                    table.append(f"week = {step['week']}")
                elif "weeks" in step:
                    table.append(f"weeks = [{step['weeks'][0]}, {step['weeks'][1]}]")
                else:
                    table.append(f"after = {q(step['after'])}")
                table.append(f"actor = {q(step['actor'])}")
                if "letter" in step:
                    table.append(f"letter = {q(step['letter'])}")
                if "to" in step:
                    table.append(f"to = {toml_list(step['to'])}")
                if "deadline_week" in step:
                    table.append(f"deadline_week = {step['deadline_week']}")
                if "deadline_from_letter" in step:
                    d = step["deadline_from_letter"]
                    receipt = ', counted_from = "receipt"' if d["receipt"] else ""
                    table.append(f"deadline_from_letter = {{ step = {q(d['step'])}, {d['unit']} = {d['value']}{receipt} }}")
                if "milestone" in step:
                    table.append(f"milestone = {q(step['milestone'])}")
                if "next" in step:
                    table.append(f"next = {toml_list(step['next'])}")
            for key in ("deadline", "rights", "duties"):
                if key in words:
                    table.append(f"{key} = {q(words[key])}")
            tables.append("\n".join(table))
    if original:
        tables += [sources_toml(source, "sources").rstrip("\n") for source in meta["sources"]]
    return "+++\n" + "\n".join(lines) + "".join("\n" + t for t in tables) + "\n+++\n"


class SignpostTyped(Signpost):
    def page(self, root, meta, lang, text):
        corpus = self.corpus
        ref = lambda j: f"@/{typed_path(corpus.meta[j])}.md"  # noqa: E731
        body = typed_body(corpus, meta["index"], lang, text, ref, facts=False)
        write(os.path.join(root, "content", f"{typed_path(meta)}.{lang}.md"),
              signpost_front_matter(meta, lang, text) + "\n" + body)


class ZolaTyped(Zola):
    def site(self, root):
        super().site(root)
        # One section per kind in each country, passing its pages up to the country's
        # list (`transparent`); only the letters list is rendered, like Signpost's letter
        # finder at /<lang>/<cc>/letters/.
        for lang in LANGS:
            for cc, _ in COUNTRIES:
                for kind, folder in KIND_FOLDERS.items():
                    render = 'sort_by = "title"' if kind == "letter" else "render = false"
                    write(os.path.join(root, "content", cc, folder, f"_index{zola_suffix(lang)}.md"),
                          f"+++\ntitle = {q(LABELS[lang]['letters'] if kind == 'letter' else folder)}\n"
                          f"transparent = true\n{render}\n+++\n")

    def page(self, root, meta, lang, text):
        corpus = self.corpus
        suffix = zola_suffix(lang)
        ref = lambda j: f"@/{typed_path(corpus.meta[j])}{suffix}.md"  # noqa: E731
        body = typed_body(corpus, meta["index"], lang, text, ref, facts=True)
        fm = (f"+++\ntitle = {q(text['title'])}\ndescription = {q(text['summary'])}\ndate = {meta['date']}\n\n"
              f"[taxonomies]\ncountries = [{q(NAMES[meta['country']][lang])}]\n\n"
              f"[extra]\nreviewed = {meta['date']}\n"
              + "".join(sources_toml(source, "extra.sources") for source in meta["sources"]) + "+++\n")
        write(os.path.join(root, "content", f"{typed_path(meta)}{suffix}.md"), fm + "\n" + body)


class HugoTyped(Hugo):
    def site(self, root):
        super().site(root)
        # As for Zola: a section per kind, listed in the country's page (the layouts list
        # pages recursively), rendered only for letters.
        for lang in LANGS:
            for cc, _ in COUNTRIES:
                for kind, folder in KIND_FOLDERS.items():
                    render = "" if kind == "letter" else '\n[build]\nrender = "never"'
                    write(os.path.join(root, "content", cc, folder, f"_index.{lang}.md"),
                          f"+++\ntitle = {q(LABELS[lang]['letters'] if kind == 'letter' else folder)}{render}\n+++\n")

    def page(self, root, meta, lang, text):
        corpus = self.corpus
        ref = lambda j: '{{< ref "/' + typed_path(corpus.meta[j]) + '.md" >}}'  # noqa: E731
        body = typed_body(corpus, meta["index"], lang, text, ref, facts=True)
        fm = (f"+++\ntitle = {q(text['title'])}\nsummary = {q(text['summary'])}\ndate = {meta['date']}\n"
              f"reviewed = {meta['date']}\ncountries = [{q(NAMES[meta['country']][lang])}]\n"
              + "".join(sources_toml(source, "sources") for source in meta["sources"]) + "+++\n")
        write(os.path.join(root, "content", f"{typed_path(meta)}.{lang}.md"), fm + "\n" + body)


SHAPES = {
    "pages": (Corpus, {"signpost": Signpost, "zola": Zola, "hugo": Hugo}),
    "procedures": (ProcedureCorpus, {"signpost": SignpostTyped, "zola": ZolaTyped, "hugo": HugoTyped}),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="pages per language (at least 2)")
    parser.add_argument("--out", required=True, help="folder to write signpost/, zola/ and hugo/ into")
    parser.add_argument("--seed", default="signpost-bench-1")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="pages",
                        help="pages: free pages of prose (the default); procedures: organisations, roles, "
                        "letters and procedures with typed steps")
    parser.add_argument("--only", default="signpost,zola,hugo", help="comma-separated subset of "
                        "signpost,zola,hugo")
    args = parser.parse_args()
    if args.pages < 2:
        parser.error("--pages must be at least 2")
    corpus_class, kinds = SHAPES[args.shape]
    wanted = [w for w in args.only.split(",") if w]
    for name in wanted:
        if name not in kinds:
            parser.error(f"unknown site kind {name!r}")
    corpus = corpus_class(args.pages, args.seed)
    sites = []
    for name in wanted:
        root = os.path.join(args.out, name)
        if os.path.exists(root):
            shutil.rmtree(root)
        site = kinds[name](corpus)
        site.site(root)
        sites.append((site, root))
    words = 0
    for i, meta in enumerate(corpus.meta):
        for lang in LANGS:
            text = corpus.page_text(i, lang)  # generated once, written three ways
            if i < 50:
                words += corpus.word_count(text)
            for site, root in sites:
                site.page(root, meta, lang, text)
    sample = min(args.pages, 50) * len(LANGS)
    print(f"gen_corpus: {args.pages} pages x {len(LANGS)} languages, shape {args.shape} ({', '.join(wanted)}) "
          f"in {args.out}; ~{words // sample} words a page", file=sys.stderr)


if __name__ == "__main__":
    main()
