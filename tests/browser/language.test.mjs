// Gate (issue 24 B): honest language marking, the 404 pages and the comparison on a phone.
// - On the sampled Polish and Danish pages, every visible link to a page the reader will
//   see in another language (a fallback: its page has the fallback notice) carries
//   `hreflang` with that language and a visible language tag; links to pages in the
//   reader's language carry neither.
// - The 404 page of every language has a working search box, the letter finders and the
//   home page; the root 404 names every language.
// - The comparison (all countries and a pair) does not scroll sideways at 320 px, no answer
//   is cut off, the milestones are linked from the first screen, and choosing countries
//   with JavaScript hides the others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE_DIR, BASE, samplePages, languages, launchBrowser, writeReport } from './lib/site.mjs';

const found = { unmarked: [], notFound: [], comparison: [] };
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  writeReport('language', found);
  await browser?.close();
});

/** The language a built page of this site is shown in, and whether it is a fallback. */
function shownIn(urlPath) {
  let file = path.join(SITE_DIR, decodeURIComponent(urlPath));
  if (urlPath.endsWith('/')) file = path.join(file, 'index.html');
  if (!fs.existsSync(file) || !file.endsWith('.html')) return null;
  const html = fs.readFileSync(file, 'utf8');
  const fallback = /fallback-notice/.test(html);
  const original = html.match(/fallback-notice[^]*?<a [^>]*hreflang=["']?([a-z-]+)/);
  const own = html.match(/<html[^>]* lang=["']?([a-z-]+)/);
  return { fallback, lang: fallback && original ? original[1] : own ? own[1] : null };
}

const marked = ['pl', 'da'].filter((lang) => languages().includes(lang));
const sample = samplePages().filter((entry) => marked.includes(entry.lang) && entry.kind !== '404');

test('every link to a fallback page on the sampled Polish and Danish pages is marked', async () => {
  assert.ok(sample.length > 0, 'no Polish or Danish pages in the sample');
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  let fallbackLinks = 0;
  for (const entry of sample) {
    await page.goto(entry.url, { waitUntil: 'load' });
    // A procedure's steps are closed <details>: open them, as a reader does, so the links
    // inside them are checked as they are seen.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const links = await page.$$eval('main a[href], footer a[href]', (anchors) =>
      anchors
        .filter((a) => a.getClientRects().length > 0 && a.origin === location.origin && a.pathname !== location.pathname)
        .map((a) => {
          const tag = a.querySelector('.lang-tag');
          const box = tag?.getBoundingClientRect();
          return {
            path: a.pathname,
            text: a.innerText.trim().replace(/\s+/g, ' ').slice(0, 80),
            hreflang: a.getAttribute('hreflang'),
            tag: tag ? tag.innerText.trim() : null,
            tagVisible: !!box && box.width > 0 && box.height > 0 && getComputedStyle(tag).visibility !== 'hidden',
          };
        }),
    );
    for (const link of links) {
      const target = shownIn(link.path.slice(BASE.pathname.length - 1));
      if (!target) continue;
      // A fallback needs the visible tag; a page in another language by choice (the
      // original, behind "Open the original") says so in its words and needs hreflang.
      const other = target.lang !== entry.lang;
      const problem = other && link.hreflang !== target.lang
        ? `hreflang is ${link.hreflang}, the page is in ${target.lang}`
        : target.fallback && (!link.tag || !link.tagVisible)
          ? 'no visible language tag'
          : !other && (link.hreflang || link.tag)
            ? 'marked, but the page is in the reader\'s language'
            : null;
      if (target.fallback) fallbackLinks++;
      if (problem) found.unmarked.push({ page: entry.label, link: link.path, text: link.text, problem });
    }
  }
  await context.close();
  assert.ok(fallbackLinks > 0, 'the sample has no link to a fallback page: the gate checks nothing');
  assert.deepEqual(found.unmarked, [], `${found.unmarked.length} link(s) not marked right`);
});

test('the 404 pages lead to search, the letter finders and home', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const langs = languages();
  for (const lang of langs) {
    const url = new URL(`${lang}/404.html`, BASE).href;
    await page.goto(url, { waitUntil: 'load' });
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      search: !!document.querySelector('main form[role=search] input[name=q]'),
      links: [...document.querySelectorAll('main a[href]')].map((a) => a.pathname),
      wide: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    }));
    const problems = [];
    if (facts.lang !== lang) problems.push(`lang is ${facts.lang}`);
    if (!facts.search) problems.push('no search box');
    if (!facts.links.some((p) => p.endsWith(`/${lang}/`))) problems.push('no link home');
    if (!facts.links.some((p) => /\/letters\/$/.test(p))) problems.push('no letter finder');
    if (facts.wide) problems.push('scrolls sideways at 320 px');
    for (const link of facts.links) {
      const response = await page.request.get(new URL(link, BASE).href);
      if (response.status() !== 200) problems.push(`${link} answers ${response.status()}`);
    }
    if (facts.search) {
      await page.fill('main form[role=search] input[name=q]', 'UWV');
      await Promise.all([page.waitForURL(/[?&]q=UWV/), page.click('main form[role=search] button')]);
      if (!page.url().includes(`/${lang}/search/`)) problems.push(`search went to ${page.url()}`);
    }
    if (problems.length) found.notFound.push({ page: url, problems });
  }
  await page.goto(new URL('404.html', BASE).href, { waitUntil: 'load' });
  const named = await page.$$eval('main [lang]', (els) => els.map((el) => el.lang));
  for (const lang of langs) {
    if (!named.includes(lang)) found.notFound.push({ page: '/404.html', problems: [`does not name ${lang}`] });
  }
  await context.close();
  assert.deepEqual(found.notFound, []);
});

test('the comparison fits 320 px, links its milestones from the top, and chooses countries', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  for (const lang of languages()) {
    const dir = path.join(SITE_DIR, lang, 'compare');
    if (!fs.existsSync(dir)) continue;
    const pair = fs.readdirSync(dir, { withFileTypes: true }).find((e) => e.isDirectory());
    for (const sub of ['', pair ? `${pair.name}/` : null].filter((s) => s !== null)) {
      const url = new URL(`${lang}/compare/${sub}`, BASE).href;
      await page.goto(url, { waitUntil: 'load' });
      const facts = await page.evaluate(() => {
        const root = document.documentElement;
        const cut = [...document.querySelectorAll('.answers dd, .answers dt, .per-country dd')]
          .filter((el) => el.getClientRects().length > 0)
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > root.clientWidth + 0.5)
          .map((el) => el.innerText.slice(0, 60));
        const toMilestones = document.querySelector('.on-this-page a[href="#milestones"]');
        return {
          wide: root.scrollWidth > root.clientWidth,
          cut,
          milestonesLinkTop: toMilestones ? toMilestones.getBoundingClientRect().top + scrollY : null,
          height: innerHeight,
          columns: document.querySelectorAll('.compare-column').length,
        };
      });
      const problems = [];
      if (facts.wide) problems.push('scrolls sideways');
      if (facts.cut.length) problems.push(`cut off: ${facts.cut.join(' | ')}`);
      if (facts.milestonesLinkTop === null) problems.push('no link to the milestones');
      else if (facts.milestonesLinkTop > 2 * facts.height) problems.push('the milestones link is below the first two screens');
      if (sub === '' && facts.columns > 2) {
        // With JavaScript the reader ticks countries: untick all but two.
        const boxes = await page.$$('#country-choice input[name=countries]');
        if (!(await page.isVisible('#country-choice'))) problems.push('the country choice is not shown with JavaScript');
        else {
          for (const box of boxes.slice(2)) await box.uncheck();
          const visible = await page.$$eval('.compare-column', (cols) => cols.filter((c) => !c.hidden).length);
          if (visible !== 2) problems.push(`${visible} columns shown after choosing 2`);
          const status = await page.textContent('#country-choice .choice-status');
          if (!status || !status.includes('2')) problems.push(`status says "${status}"`);
        }
      }
      if (problems.length) found.comparison.push({ page: url, problems });
    }
  }
  await context.close();
  assert.deepEqual(found.comparison, []);
});
