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
languages (en, nl, da) under the same slug. Each page has about 700 words drawn from a
Zipf-weighted vocabulary of its language (with diacritics and long compounds), 2 to 4
headings, a bullet list, a small table, three internal links to other pages (in the
same language), a country (one of nine) and a date. The output depends only on --pages
and --seed (Python's `random` with string seeds, stdlib only), so two runs give the
same bytes. Page i has the same slug, country, date and text for every N; its link
targets and its source depend on N.
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
    return (f"\n[[{table}]]\ntitle = {q(source['title'])}\npublisher = {q(source['publisher'])}\n"
            f"year = {source['year']}\n")


# --- the three sites -----------------------------------------------------------------
# Each site kind has `site(root)` for the files that are not pages and
# `page(root, meta, lang, title, summary, body)` for one page in one language.

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

    def page(self, root, meta, lang, title, summary, body):
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

    def page(self, root, meta, lang, title, summary, body):
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

    def page(self, root, meta, lang, title, summary, body):
        other = self.corpus.meta
        # `ref` resolves in the page's own language and fails the build on a missing page,
        # as Signpost's and Zola's `@/` links do.
        body = links(body, lambda j: '{{< ref "/' + other[j]["country"] + "/" + other[j]["slug"] + '.md" >}}')
        fm = (f"+++\ntitle = {q(title)}\nsummary = {q(summary)}\ndate = {meta['date']}\n"
              f"reviewed = {meta['date']}\ncountries = [{q(NAMES[meta['country']][lang])}]\n"
              + sources_toml(meta["source"], "sources") + "+++\n")
        write(os.path.join(root, "content", meta["country"], f"{meta['slug']}.{lang}.md"), fm + "\n" + body)


KINDS = {"signpost": Signpost, "zola": Zola, "hugo": Hugo}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="pages per language (at least 2)")
    parser.add_argument("--out", required=True, help="folder to write signpost/, zola/ and hugo/ into")
    parser.add_argument("--seed", default="signpost-bench-1")
    parser.add_argument("--only", default="signpost,zola,hugo", help="comma-separated subset of "
                        + ",".join(KINDS))
    args = parser.parse_args()
    if args.pages < 2:
        parser.error("--pages must be at least 2")
    wanted = [w for w in args.only.split(",") if w]
    for name in wanted:
        if name not in KINDS:
            parser.error(f"unknown site kind {name!r}")
    corpus = Corpus(args.pages, args.seed)
    sites = []
    for name in wanted:
        root = os.path.join(args.out, name)
        if os.path.exists(root):
            shutil.rmtree(root)
        site = KINDS[name](corpus)
        site.site(root)
        sites.append((site, root))
    words = 0
    for i, meta in enumerate(corpus.meta):
        for lang in LANGS:
            title, summary, body = corpus.page_text(i, lang)  # generated once, written three ways
            if i < 50:
                words += len(title.split()) + len(body.split())
            for site, root in sites:
                site.page(root, meta, lang, title, summary, body)
    sample = min(args.pages, 50) * len(LANGS)
    print(f"gen_corpus: {args.pages} pages x {len(LANGS)} languages ({', '.join(wanted)}) in {args.out}; "
          f"~{words // sample} words a page", file=sys.stderr)


if __name__ == "__main__":
    main()
