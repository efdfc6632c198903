// Gate: every internal href/src of every .html file of the build points at a file that
// exists (a folder means its index.html), and every #fragment is an id in the target page.
// External links are counted, not fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE_DIR, BASE, htmlFiles, languages, groupOf, urlPathOf, writeReport } from './lib/site.mjs';

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (s) =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return NAMED[e.toLowerCase()] ?? m;
  });

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const URL_ATTRS = new Set(['href', 'src', 'action', 'poster', 'cite', 'data', 'formaction']);

/** Tags with attributes of an HTML text; comments, scripts, styles and textareas skipped. */
function tags(html) {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|textarea|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, (m) => m.replace(/>[\s\S]*</, '><'));
  const out = [];
  for (const m of stripped.matchAll(TAG)) {
    const attrs = {};
    for (const a of m[2].matchAll(ATTR)) {
      const name = a[1].toLowerCase();
      if (!(name in attrs)) attrs[name] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    }
    out.push({ tag: m[1].toLowerCase(), attrs, at: m.index });
  }
  return out;
}

const files = htmlFiles();
const langs = languages();
const parsed = new Map(files.map((f) => [f, tags(fs.readFileSync(path.join(SITE_DIR, f), 'utf8'))]));
const ids = new Map(
  [...parsed].map(([f, t]) => [
    f,
    new Set(t.flatMap((x) => [x.attrs.id, x.tag === 'a' ? x.attrs.name : undefined]).filter((v) => v !== undefined)),
  ]),
);

/** The output file a URL path (under the base path) stands for, or null. */
function fileFor(pathname) {
  let rel = pathname.slice(BASE.pathname.length);
  try {
    rel = decodeURIComponent(rel);
  } catch {
    return null;
  }
  const full = path.join(SITE_DIR, rel);
  if (!full.startsWith(SITE_DIR)) return null;
  if (rel === '' || rel.endsWith('/')) return fs.existsSync(path.join(full, 'index.html')) ? path.join(rel, 'index.html') : null;
  if (!fs.existsSync(full)) return null;
  if (fs.statSync(full).isDirectory()) return fs.existsSync(path.join(full, 'index.html')) ? `${rel}/index.html` : null;
  return rel;
}

const broken = [];
const external = new Map();
let internalCount = 0;
let otherCount = 0;
for (const [file, fileTags] of parsed) {
  const pageUrl = new URL(urlPathOf(file).split('/').map(encodeURIComponent).join('/'), BASE);
  for (const { tag, attrs } of fileTags) {
    const refs = [];
    for (const [name, value] of Object.entries(attrs)) {
      if (URL_ATTRS.has(name)) refs.push([name, value]);
      if (name === 'srcset') for (const part of value.split(',')) refs.push([name, part.trim().split(/\s+/)[0]]);
    }
    if (tag === 'link' && /\b(preconnect|dns-prefetch)\b/i.test(attrs.rel || '')) continue;
    for (const [name, raw] of refs) {
      const value = raw.trim();
      const where = { file, tag, attr: name, value };
      if (value === '') {
        broken.push({ ...where, problem: 'empty URL' });
        continue;
      }
      let url;
      try {
        url = new URL(value, pageUrl);
      } catch {
        broken.push({ ...where, problem: 'not a valid URL' });
        continue;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        otherCount++; // mailto:, tel:, …
        continue;
      }
      if (url.origin !== BASE.origin || !url.pathname.startsWith(BASE.pathname)) {
        external.set(url.host, (external.get(url.host) || 0) + 1);
        continue;
      }
      internalCount++;
      const target = fileFor(url.pathname);
      if (!target) {
        broken.push({ ...where, problem: `no file for ${url.pathname}` });
        continue;
      }
      if (url.hash && url.hash !== '#') {
        let fragment = url.hash.slice(1);
        try {
          fragment = decodeURIComponent(fragment);
        } catch {}
        const targetIds = ids.get(target);
        if (!targetIds) {
          if (target.endsWith('.html')) broken.push({ ...where, problem: `${target} is not parsed` });
          continue; // a fragment into a non-HTML file is not checked
        }
        if (!targetIds.has(fragment) && fragment.toLowerCase() !== 'top') {
          broken.push({ ...where, problem: `no id "${fragment}" in ${target}` });
        }
      }
    }
  }
}
writeReport('links', { broken, internal: internalCount, external: Object.fromEntries(external), other: otherCount });

const externalTotal = [...external.values()].reduce((a, b) => a + b, 0);
console.log(
  `links: ${files.length} HTML files, ${internalCount} internal links checked, ${broken.length} broken; ` +
    `${externalTotal} external links (not fetched) to ${external.size} host(s)` +
    (external.size ? `: ${[...external].sort((a, b) => b[1] - a[1]).map(([h, n]) => `${h} ${n}`).join(', ')}` : '') +
    `; ${otherCount} mailto:/tel:/other links`,
);

test('links: the output has HTML files', () => assert.ok(files.length > 0, `no .html file in ${SITE_DIR}`));

const groups = [...new Set(files.map((f) => groupOf(f, langs)))];
for (const group of groups) {
  const groupFiles = new Set(files.filter((f) => groupOf(f, langs) === group));
  test(`links resolve: ${group} (${groupFiles.size} files)`, () => {
    const mine = broken.filter((b) => groupFiles.has(b.file));
    assert.ok(
      mine.length === 0,
      `${mine.length} broken internal link(s):\n` +
        mine.map((b) => `  ${b.file}: <${b.tag} ${b.attr}="${b.value}">: ${b.problem}`).join('\n'),
    );
  });
}
