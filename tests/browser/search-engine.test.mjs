// The search engine of search.js in node, on the built site's index (no browser): typo
// correction, questions, stop words and named countries, as properties over the index's
// own words (fast-check, fixed seed) and as examples. The Chromium gate `search` types
// queries into the page; this one checks the engine's promises over thousands of words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import fc from 'fast-check';
import { SITE_DIR } from './lib/site.mjs';

const context = { globalThis: {} };
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(SITE_DIR, 'static/search.js'), 'utf8'), context);
const api = context.globalThis.SignpostSearch;
const LANGUAGES = fs.readdirSync(SITE_DIR).filter((lang) => fs.existsSync(path.join(SITE_DIR, lang, 'search/manifest.js')));
const files = new Map();
/** An index file's data, read once (the engine gets a fresh copy: it must not see our cache). */
function file(lang, name) {
  const key = `${lang}/${name}`;
  if (!files.has(key)) files.set(key, fs.readFileSync(path.join(SITE_DIR, lang, 'search', name), 'utf8'));
  return api.unwrap(files.get(key));
}
const engine = (lang) => api.create(async (name) => file(lang, name));
const manifests = Object.fromEntries(LANGUAGES.map((lang) => [lang, file(lang, 'manifest.js')]));
const SEED = 20261205;
const RUNS = 500;

/** Every word of a language's vocabulary files: the words typo correction can reach. */
function vocabulary(lang) {
  return manifests[lang].vocabulary.flatMap((_, n) => file(lang, `v/${n}.js`).t);
}
const words = Object.fromEntries(LANGUAGES.map((lang) => [lang, vocabulary(lang)]));
const known = Object.fromEntries(LANGUAGES.map((lang) => [lang, new Set(words[lang])]));

/** The number of the shard holding a term, found as search.js finds it. */
function shardNumber(lang, term) {
  const firsts = manifests[lang].shards;
  let n = 0;
  while (n + 1 < firsts.length && firsts[n + 1] <= term) n++;
  return n;
}

/** The record paths of pages with a word as written, as a stem, or in a longer word it
 * begins (in its shard and the two after it, as far as search.js looks). */
function pagesWith(lang, word) {
  const own = shardNumber(lang, word);
  const shards = [own, own + 1, own + 2].filter((n) => n < manifests[lang].shards.length).map((n) => file(lang, `t/${n}.js`));
  const pages = new Set();
  for (const shard of shards) {
    for (const [term, postings] of Object.entries(shard.w)) if (term.startsWith(word)) postings.forEach(([p]) => pages.add(p));
  }
  for (let cut = word.length; cut >= Math.max(3, word.length - 3); cut--) {
    (file(lang, `t/${shardNumber(lang, word.slice(0, cut))}.js`).s[word.slice(0, cut)] || []).forEach(([p]) => pages.add(p));
  }
  const chunk = manifests[lang].chunk;
  return new Set([...pages].map((p) => file(lang, `p/${Math.floor(p / chunk)}.js`)[p % chunk][1]));
}

/** The reference edit distance (optimal string alignment), without early exit. */
function reference(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

test('mistakes counts inserts, deletes, replacements and swapped neighbours', () => {
  assert.equal(api.mistakes('herstelverklaring', 'hersteldverklaring', 2), 1);
  assert.equal(api.mistakes('sygedagpendge', 'sygedagpenge', 2), 1);
  assert.equal(api.mistakes('poortwahcter', 'poortwachter', 2), 1);
  assert.equal(api.mistakes('probleemanalise', 'probleemanalyse', 2), 1);
  assert.equal(api.mistakes('verzekeringsars', 'verzekeringsarts', 2), 1);
  assert.equal(api.mistakes('uwv', 'uwv', 1), 0);
  // Past the limit the count stops early: the answer is only "more than the limit".
  assert.equal(api.mistakes('fleksjob', 'sygedagpenge', 2), 3);
  assert.deepEqual([3, 4, 7, 8, 20].map((n) => api.allowedMistakes(n, false)), [0, 1, 1, 2, 2]);
  assert.deepEqual([3, 4, 8].map((n) => api.allowedMistakes(n, true)), [0, 2, 3]);
});

test('mistakes agrees with the full edit-distance table up to its limit', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ø'), maxLength: 9 });
  fc.assert(
    fc.property(text, text, fc.integer({ min: 0, max: 3 }), (a, b, limit) => {
      const full = reference(a, b);
      assert.equal(api.mistakes(a, b, limit), Math.min(full, limit + 1));
      assert.equal(api.mistakes(b, a, limit), api.mistakes(a, b, limit));
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

test('a query that is an indexed word is never corrected and finds a page with that word first', async () => {
  for (const lang of LANGUAGES) {
    const search = engine(lang);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...words[lang].filter((w) => !manifests[lang].stop.includes(w))), async (word) => {
        const found = await search.search(word);
        assert.equal(found.corrected, null, `${lang} "${word}" was corrected`);
        assert.ok(found.results.length > 0, `${lang} "${word}" found nothing`);
        assert.ok(pagesWith(lang, word).has(found.results[0].path), `${lang} "${word}": first is ${found.results[0].path}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }
});

test('one typing mistake after the first two letters of an indexed word still finds pages, and a long word its own', async () => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const edit = fc.record({
    kind: fc.constantFrom('delete', 'insert', 'replace', 'swap'),
    at: fc.nat(),
    letter: fc.constantFrom(...letters),
  });
  for (const lang of LANGUAGES) {
    const search = engine(lang);
    const long = words[lang].filter((w) => w.length >= 5 && /^\p{L}+$/u.test(w) && !manifests[lang].stop.includes(w));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...long), edit, async (word, { kind, at, letter }) => {
        const i = 2 + (at % (word.length - 2));
        const typed = {
          delete: word.slice(0, i) + word.slice(i + 1),
          insert: word.slice(0, i) + letter + word.slice(i),
          replace: word.slice(0, i) + letter + word.slice(i + 1),
          swap: i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word,
        }[kind];
        fc.pre(!known[lang].has(typed) && typed.length >= 4 && !manifests[lang].stop.includes(typed));
        const found = await search.search(typed);
        assert.ok(found.results.length > 0, `${lang} "${typed}" (from "${word}") found nothing`);
        // Corrected only when the word as typed matched nothing (not even as a stem or
        // the start of a longer word), and then to an indexed word one mistake away.
        if (found.corrected) {
          assert.ok(known[lang].has(found.corrected), `${lang} "${typed}" → "${found.corrected}" is not an indexed word`);
          assert.ok(api.mistakes(typed, found.corrected, 1) <= 1, `${lang} "${typed}" → "${found.corrected}"`);
        }
        // A long word is rarely one letter from another: its own pages are among the ten
        // results shown (not always first: "coordinted" is as close to the stem of
        // "coordinator" as to "coordinated").
        if (word.length >= 9) {
          const own = pagesWith(lang, word);
          const shown = found.results.map((r) => r.path);
          assert.ok(shown.some((p) => own.has(p)), `${lang} "${typed}" (from "${word}"): ${shown}`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }
});

test('stop words neither score nor are marked, and a question finds its concept', async () => {
  const found = await engine('nl').search('wat als ik het niet eens ben');
  const stop = new Set(manifests.nl.stop);
  assert.ok(found.terms.every((t) => !stop.has(t)), `${found.terms}`);
  assert.ok(found.results.slice(0, 3).some((r) => r.path === 'nl/nl/letters/bezwaar/'), found.results.map((r) => r.path).join());
  for (const r of found.results) {
    for (const part of api.marked(api.snippet(r.excerpt, found.terms), found.terms)) {
      if (part.mark) assert.ok(!stop.has(api.fold(part.text)), `"${part.text}" marked in ${r.path}`);
    }
  }
});

test('a country named in the query comes first, in any language and inflected', async () => {
  const cases = [
    ['en', 'flex job denmark', 'en/dk/'],
    ['nl', 'bedrijfsarts Duitsland', 'nl/de/'],
    ['pl', 'zasiłek chorobowy w Holandii', 'pl/nl/'],
    ['da', 'jobcenter i Danmark', 'da/dk/'],
  ];
  for (const [lang, query, prefix] of cases) {
    const found = await engine(lang).search(query);
    assert.ok(found.results[0]?.path.startsWith(prefix), `${lang} "${query}": first ${found.results[0]?.path}`);
  }
});

test('a query with no results offers the closest words the index has', async () => {
  const found = await engine('da').search('sagbehnadlr');
  assert.equal(found.results.length, 0);
  assert.equal(found.suggestion, 'sagsbehandler');
  const nothing = await engine('en').search('qqqqzzzz');
  assert.equal(nothing.suggestion, null);
});
