// Search in Debian's chromium on the built site: type a query on the search page of a
// language and see the expected page first (or in the top three where the query also
// names a glossary concept). Then the issue-11 query list (bench/search/queries.tsv) is
// run with the real search.js in node against the built index: every expected page in
// the top three.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SITE_DIR, launchBrowser, urlOf } from './lib/site.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const QUERIES = path.join(here, '../../bench/search/queries.tsv');

/** The engine of the shipped search.js, reading index files from the built site. */
function engine(lang) {
  const context = { globalThis: {} };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(SITE_DIR, 'static/search.js'), 'utf8'), context);
  const api = context.globalThis.SignpostSearch;
  return api.create(async (file) => api.unwrap(fs.readFileSync(path.join(SITE_DIR, lang, 'search', file), 'utf8')));
}

function queryList() {
  return fs
    .readFileSync(QUERIES, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [query, lang, expected] = line.split('\t');
      return { query, lang, expected };
    });
}

test('every query of the issue-11 list finds its page in the top three', async () => {
  const misses = [];
  for (const { query, lang, expected } of queryList()) {
    const { results } = await engine(lang).search(query);
    const top = results.slice(0, 3).map((r) => r.path);
    if (!top.includes(expected)) misses.push(`${lang} "${query}": want ${expected}, got ${top.join(', ') || 'nothing'}`);
  }
  assert.deepEqual(misses, []);
});

const TYPED = [
  { lang: 'en', query: 'UWV', first: 'en/nl/organisations/uwv/' },
  { lang: 'nl', query: 'arbeidsdeskundige', first: 'nl/nl/roles/arbeidsdeskundige/' },
  { lang: 'da', query: 'fleksjob', top3: 'da/dk/fleksjob/' },
  { lang: 'da', query: 'forlob', top3: 'da/dk/letters/afgoerelse-ressourceforloeb/' },
  { lang: 'pl', query: 'Ziektewet', first: 'pl/nl/procedures/ziektewet/' },
  { lang: 'en', query: 'forsakringskassan', top3: 'en/se/organisations/forsakringskassan/' },
  { lang: 'en', query: 'company doctor', top3: 'en/nl/roles/bedrijfsarts/' },
  { lang: 'en', query: 'flex job', top3: 'en/dk/fleksjob/' },
];

test('typing a query on the search page shows the expected result, announced and grouped', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    for (const { lang, query, first, top3 } of TYPED) {
      await page.goto(urlOf(`${lang}/search/`), { waitUntil: 'load' });
      await page.locator('#search-query').fill(query);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#search-status').textContent.trim() !== '');
      const status = await page.locator('#search-status').textContent();
      const hrefs = await page.locator('#search-results a').evaluateAll((links) => links.map((a) => a.href));
      assert.ok(hrefs.length > 0, `${lang} "${query}": no results (status: ${status})`);
      assert.match(status, /\d/, `${lang} "${query}": the live region names the count`);
      // The page shows results grouped by kind; the ranking comes from the same engine.
      const wanted = urlOf(first || top3);
      const ranked = await rankedHrefs(page, query);
      if (first) assert.equal(ranked[0], wanted, `${lang} "${query}": the best result`);
      else assert.ok(ranked.slice(0, 3).includes(wanted), `${lang} "${query}": want ${wanted} in ${ranked.slice(0, 3)}`);
      assert.ok(hrefs.includes(wanted), `${lang} "${query}": ${wanted} is shown`);
      assert.ok(await page.locator('#search-results mark').count() > 0, `${lang} "${query}": matched words are marked`);
    }
  } finally {
    await browser.close();
  }
});

/** The ranking the page's own engine gives, in the browser (same fetches, same code). */
async function rankedHrefs(page, query) {
  return page.evaluate(async ({ query }) => {
    const form = document.getElementById('search-form');
    const base = form.getAttribute('data-index');
    const root = new URL(form.getAttribute('data-root'), location.href);
    const engine = window.SignpostSearch.create(window.SignpostSearch.scriptLoader(base));
    const { results } = await engine.search(query);
    return results.map((r) => new URL(r.path, root).href);
  }, { query });
}

test('a corrected query says so, and a query with no results offers a close one to click', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(urlOf('nl/search/'), { waitUntil: 'load' });
    await page.locator('#search-query').fill('herstelverklaring');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#search-status').textContent.includes('hersteldverklaring'));
    assert.equal(await page.locator('#search-results a').first().getAttribute('href'), urlOf('nl/nl/letters/hersteldverklaring/').replace(/^https?:\/\/[^/]+/, ''));
    assert.equal(await page.locator('#search-suggestion').isVisible(), false);

    await page.goto(urlOf('da/search/'), { waitUntil: 'load' });
    await page.locator('#search-query').fill('sagbehnadlr');
    await page.keyboard.press('Enter');
    const suggestion = page.locator('#search-suggestion a');
    await suggestion.waitFor();
    assert.equal(await suggestion.textContent(), 'sagsbehandler');
    assert.match(await page.locator('#search-suggestion').textContent(), /^Mente du sagsbehandler\?$/);
    // Followed by keyboard: the suggestion is searched.
    await suggestion.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#search-query').value === 'sagsbehandler');
    await page.waitForSelector('#search-results a');
    assert.equal(await page.locator('#search-suggestion').isVisible(), false);
  } finally {
    await browser.close();
  }
});

test('the search form works by keyboard alone and focus is visible', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(urlOf('en/search/'), { waitUntil: 'load' });
    await page.locator('#search-query').focus();
    await page.keyboard.type('UWV');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#search-results a');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, outline: style.outlineStyle };
    });
    assert.notEqual(focused.outline, 'none', `focus on <${focused.tag}> shows an outline`);
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(scrolls, false, 'no horizontal scrolling at 320 px with results');
  } finally {
    await browser.close();
  }
});

test('search works on the site opened from disk (file://, built with --relative-urls)', async () => {
  const diskSite = process.env.DISK_SITE_DIR;
  assert.ok(diskSite && fs.existsSync(path.join(diskSite, 'en/search/index.html')), 'run.sh builds the site for disk');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(diskSite, 'en/search/index.html')).href, { waitUntil: 'load' });
    await page.locator('#search-query').fill('UWV');
    await page.keyboard.press('Enter');
    const first = page.locator('#search-results a').first();
    await first.waitFor({ timeout: 10000 });
    const href = await first.getAttribute('href');
    assert.match(href, /nl\/organisations\/uwv\/index\.html$/, `first result ${href}`);
    const status = await page.locator('#search-status').textContent();
    assert.doesNotMatch(status, /could not/i, status);
    await first.click();
    await page.waitForURL(/organisations\/uwv\/index\.html$/);
    assert.equal(await page.locator('h1').first().textContent().then((t) => t.includes('UWV')), true);
  } finally {
    await browser.close();
  }
});
