// Shared helpers for the gates: where the built site is, which pages to sample,
// how to start Debian's chromium. run.sh sets SITE_DIR and BASE_URL.
import fs from 'node:fs';
import path from 'node:path';

export const SITE_DIR = process.env.SITE_DIR;
export const BASE_URL = process.env.BASE_URL;
if (!SITE_DIR || !BASE_URL) {
  throw new Error('SITE_DIR and BASE_URL must be set: run the gates with tests/browser/run.sh');
}
export const BASE = new URL(BASE_URL.endsWith('/') ? BASE_URL : BASE_URL + '/');

/** Every file under the output, as paths relative to it with forward slashes, sorted. */
export function allFiles(dir = SITE_DIR) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

export const htmlFiles = () => allFiles().filter((f) => f.endsWith('.html'));

/** The site's languages: folders at the output root that hold an index.html. */
export function languages() {
  return fs
    .readdirSync(SITE_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(SITE_DIR, e.name, 'index.html')))
    .map((e) => e.name)
    .filter((name) => name !== 'static')
    .sort();
}

/** The languages the sample covers: all, or those SAMPLE_LANGS names. */
export function sampledLanguages() {
  const all = languages();
  const asked = (process.env.SAMPLE_LANGS || '').split(',').map((l) => l.trim()).filter(Boolean);
  if (asked.length === 0) return all;
  const missing = asked.filter((l) => !all.includes(l));
  if (missing.length) throw new Error(`SAMPLE_LANGS names ${missing.join(', ')}, which the site lacks (it has ${all.join(', ')})`);
  return asked;
}

/** Groups files for reporting: one group per language folder, one for everything else. */
export function groupOf(file, langs) {
  const first = file.split('/')[0];
  return langs.includes(first) && file.includes('/') ? first : '(root)';
}

/** The URL path of an output file: a/b/index.html → a/b/ (relative to the base URL). */
export function urlPathOf(file) {
  return file === 'index.html' ? '' : file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
}

export const urlOf = (urlPath) => new URL(urlPath.split('/').map(encodeURIComponent).join('/'), BASE).href;

const SECTIONS = ['organisations', 'roles', 'procedures', 'letters'];
const COUNTRY = /^[a-z]{2}$/;

/** The kind of page a URL path (after the language) has, from its shape, or null. */
export function kindOf(parts) {
  // parts: the segments after /<lang>/, without the trailing empty one.
  const [a, b] = parts;
  if (parts.length === 1) {
    if (COUNTRY.test(a)) return 'country overview';
    if (a === 'glossary') return 'glossary index';
    if (a === 'cross-border') return 'cross-border index';
    if (a === 'compare') return 'comparison';
    if (a === 'search') return 'search';
    if (a === 'a-z') return 'a-z index';
    if (a === 'static') return null;
    return 'free page';
  }
  if (parts.length === 2) {
    if (a === 'glossary') return 'glossary concept';
    if (a === 'cross-border') return 'cross-border';
    if (COUNTRY.test(a) && b === 'letters') return 'letter finder';
    if (COUNTRY.test(a) && SECTIONS.includes(b)) return `${b} list`;
    if (COUNTRY.test(a)) return 'country free page';
    return null;
  }
  if (parts.length === 3 && COUNTRY.test(a) && SECTIONS.includes(b)) {
    return { organisations: 'organisation', roles: 'role', procedures: 'procedure', letters: 'letter' }[b];
  }
  return null;
}

export const KIND_ORDER = [
  'country overview',
  'organisation',
  'role',
  'procedure',
  'letter',
  'letter finder',
  'organisations list',
  'roles list',
  'procedures list',
  'glossary index',
  'glossary concept',
  'cross-border index',
  'cross-border',
  'comparison',
  'search',
  'a-z index',
  'free page',
  'country free page',
];

/**
 * The sample the browser gates visit: for every language its home page, the first page
 * (in sorted order) of each kind present (kinds told by path shape, as in KIND_ORDER;
 * the generated letter finder, comparison and glossary index included), and its 404 page; plus the root chooser and the
 * root 404 page. Each entry: { label, lang, kind, file, path, url }. SAMPLE_LANGS (e.g.
 * `ar`) limits the languages sampled, for a fixture whose other languages the shipped
 * site's run already covers; a language it names that the site lacks is an error.
 */
export function samplePages() {
  return sampleOf().sample;
}

/**
 * The kinds of KIND_ORDER a sampled language has no page of (a small fixture has no
 * glossary), as { lang, kinds } per language that lacks some: the gates list them as
 * skipped, so a kind is never left out unsaid.
 */
export function absentKinds() {
  const byLang = new Map();
  for (const { lang, kind } of sampleOf().absent) byLang.set(lang, [...(byLang.get(lang) || []), kind]);
  return [...byLang].map(([lang, kinds]) => ({ lang, kinds }));
}

function sampleOf() {
  const langs = sampledLanguages();
  const files = htmlFiles();
  const sample = [];
  const absent = [];
  const add = (lang, kind, file) => {
    const urlPath = urlPathOf(file);
    sample.push({ label: `${kind} /${urlPath}`, lang, kind, file, path: `/${urlPath}`, url: urlOf(urlPath) });
  };
  if (files.includes('index.html')) add(null, 'language chooser', 'index.html');
  if (files.includes('404.html')) add(null, '404', '404.html');
  for (const lang of langs) {
    add(lang, 'home', `${lang}/index.html`);
    const byKind = new Map();
    for (const file of files) {
      if (!file.startsWith(`${lang}/`) || !file.endsWith('/index.html')) continue;
      const parts = file.slice(lang.length + 1, -'/index.html'.length).split('/');
      if (parts.length === 1 && parts[0] === '') continue;
      const kind = kindOf(parts);
      if (kind && !byKind.has(kind)) byKind.set(kind, file);
    }
    for (const kind of KIND_ORDER) {
      if (byKind.has(kind)) add(lang, kind, byKind.get(kind));
      else absent.push({ lang, kind });
    }
    if (files.includes(`${lang}/404.html`)) add(lang, '404', `${lang}/404.html`);
    else absent.push({ lang, kind: '404' });
  }
  return { sample, absent };
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Debian's chromium through playwright-core (never a downloaded browser). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * One tab, made when first asked for, that a gate's tests take turns in (they run one after
 * another): a new tab per sample page took more time than the checks on it.
 */
export function sharedTab(context) {
  let tab;
  return async () => (tab ??= await context.newPage());
}

/** Opens a page and fails on anything but a 200. */
export async function open(page, entry) {
  const response = await page.goto(entry.url, { waitUntil: 'load', timeout: 30_000 });
  if (!response || response.status() !== 200) {
    throw new Error(`${entry.url} answered ${response ? response.status() : 'nothing'}`);
  }
}

/** Writes a JSON report of a gate's findings when REPORT_DIR is set. */
export function writeReport(name, data) {
  const dir = process.env.REPORT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(data, null, 2) + '\n');
}
