// Bytes fetched and top-3 hit rate, Signpost's search.js against Pagefind's pagefind.js,
// both run in node with a logging fetch over the same built site.
//   node measure.mjs SITE_DIR PAGEFIND_DIR QUERIES_TSV
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

const [site, pagefindDir, queriesFile] = process.argv.slice(2);
// `--titles`: no hand-made list (a generated site); the first ten page titles of each
// language after the first record chunk (home and section pages) are the queries and
// their pages the expected results.
const titleQueries = () => fs.readdirSync(site).filter((lang) => fs.existsSync(path.join(site, lang, 'search/p/1.js')))
  .flatMap((lang) => {
    const unwrap = (text) => JSON.parse(`[${text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'))}]`)[1];
    const records = [];
    for (let n = 1; records.length < 10; n++) {
      const chunk = path.join(site, lang, 'search/p', `${n}.js`);
      if (!fs.existsSync(chunk)) break;
      records.push(...unwrap(fs.readFileSync(chunk, 'utf8')));
    }
    return records.slice(0, 10).map(([title, expected]) => ({ query: title, lang, expected }));
  });
const queries = queriesFile === '--titles' ? titleQueries() : fs.readFileSync(queriesFile, 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [query, lang, expected] = l.split('\t'); return { query, lang, expected }; });
const byLang = {};
for (const q of queries) (byLang[q.lang] ||= []).push(q);

function signpost(lang, log) {
  const ctx = { globalThis: {} };
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(path.join(site, 'static/search.js'), 'utf8'), ctx);
  return ctx.globalThis.SignpostSearch.create(async (file) => {
    const bytes = fs.readFileSync(path.join(site, lang, 'search', file));
    // Index files are served compressed by any ordinary web server; Pagefind's files are gzip already.
    log.push(process.env.RAW ? bytes.length : zlib.gzipSync(bytes).length);
    return ctx.globalThis.SignpostSearch.unwrap(bytes.toString('utf8'));
  });
}

async function pagefind(lang, log) {
  // pagefind.js picks the index of the document's language and fetches relative to its URL.
  globalThis.document = { querySelector: () => ({ getAttribute: () => lang }) };
  globalThis.location = { origin: 'http://localhost', href: 'http://localhost/' };
  globalThis.fetch = async (url) => {
    const file = path.join(pagefindDir, new URL(url, 'file:///').pathname.split('/_pagefind/').pop());
    const bytes = fs.readFileSync(file);
    log.push(bytes.length);
    return new Response(bytes);
  };
  const mod = await import(`${path.join(pagefindDir, 'pagefind.js')}?${lang}${Math.random()}`);
  await mod.options({ basePath: '/_pagefind/', baseUrl: '/' });
  await mod.init();
  return {
    async search(query) {
      const found = await mod.search(query);
      const results = [];
      for (const r of found.results.slice(0, 3)) {
        const data = await r.data();
        results.push({ path: data.url.replace(/^\//, '').replace(/index\.html$/, '') });
      }
      return { results };
    },
  };
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const report = {};
for (const [name, make] of [['signpost', signpost], ['pagefind', pagefind]]) {
  let hits = 0, first = [], follow = [];
  for (const [lang, list] of Object.entries(byLang)) {
    for (let i = 0; i < list.length; i++) {
      // A fresh engine per query: the first query of a visit, then one follow-up query.
      const log = [];
      const engine = await make(lang, log);
      const { results } = await engine.search(list[i].query);
      if (results.slice(0, 3).some((r) => r.path === list[i].expected)) hits++;
      first.push(sum(log));
      const before = log.length;
      await engine.search(list[(i + 1) % list.length].query);
      follow.push(sum(log.slice(before)));
    }
  }
  report[name] = {
    queries: queries.length,
    top3_hits: hits,
    first_query_bytes_mean: Math.round(sum(first) / first.length),
    follow_up_bytes_mean: Math.round(sum(follow) / follow.length),
  };
}
console.log(JSON.stringify(report, null, 2));
