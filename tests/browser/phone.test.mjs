// Gate: on a 320px-wide phone the sample pages do not scroll sideways, and every visible
// link, button and form field is at least 24x24 CSS px (WCAG 2.2 SC 2.5.8), except links
// inline in a sentence (the SC's "inline" exception).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { samplePages, absentKinds, launchBrowser, open, sharedTab, writeReport } from './lib/site.mjs';

const WIDTH = 320;
const MIN = 24;
const sample = samplePages();

let browser;
let tab;
const found = [];
before(async () => {
  browser = await launchBrowser();
  // Not isMobile: the layout is then always 320px wide, with or without a viewport meta tag,
  // whose presence is checked on its own below.
  tab = sharedTab(await browser.newContext({ viewport: { width: WIDTH, height: 640 }, deviceScaleFactor: 2, hasTouch: true }));
});
after(async () => {
  writeReport('phone', found);
  await browser?.close();
});

// Runs in the page: what scrolls sideways, and which targets are too small.
function measure(min) {
  const root = document.documentElement;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    for (const c of el.classList) s += `.${c}`;
    let parent = el.parentElement;
    const chain = [];
    while (parent && chain.length < 3 && parent !== document.body) {
      let p = parent.tagName.toLowerCase();
      if (parent.id) p += `#${parent.id}`;
      else if (parent.classList.length) p += `.${parent.classList[0]}`;
      chain.unshift(p);
      parent = parent.parentElement;
    }
    return [...chain, s].join(' > ');
  };
  const text = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 60);

  // What sticks out: each element past the right edge whose parent is not, so the report
  // names where the overflow starts.
  const wide = [];
  if (root.scrollWidth > root.clientWidth) {
    const over = (el) => el && el !== document.body && el.getBoundingClientRect().right > root.clientWidth + 0.5;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && over(el) && !over(el.parentElement)) {
        const selector = describe(el);
        const same = wide.find((w) => w.selector === selector);
        if (same) same.count++;
        else wide.push({ selector, right: Math.round(r.right), width: Math.round(r.width), text: text(el), count: 1 });
      }
    }
  }

  const BLOCKS = new Set(['P', 'LI', 'TD', 'TH', 'DD', 'DT']);
  const hasText = (node) => node && (node.nodeType === Node.TEXT_NODE ? /\S/.test(node.textContent) : node.nodeName !== 'BR' && /\S/.test(node.textContent));
  // A link is inline in a sentence when it is laid out inline inside a p/li/td/th/dd/dt and
  // non-link text runs on directly before or after it on the same line (no <br> between).
  const inlineInSentence = (a) => {
    if (getComputedStyle(a).display !== 'inline') return false;
    let node = a;
    while (node.parentElement && !BLOCKS.has(node.parentElement.tagName)) {
      const p = node.parentElement;
      if (getComputedStyle(p).display !== 'inline' || p === document.body) return false;
      if (hasText(node.previousSibling) || hasText(node.nextSibling)) return true;
      node = p;
    }
    if (!node.parentElement) return false;
    return hasText(node.previousSibling) || hasText(node.nextSibling);
  };

  const small = [];
  const targets = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link]',
  );
  for (const el of targets) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (style.visibility !== 'visible' || style.display === 'none' || r.width === 0 || r.height === 0) continue;
    // Off-screen until focused (the skip link): measured as it shows when focused.
    if (r.right <= 0 || r.bottom <= 0) continue;
    if (r.width >= min - 0.01 && r.height >= min - 0.01) continue;
    if (el.tagName === 'A' && inlineInSentence(el)) continue;
    small.push({ selector: describe(el), width: +r.width.toFixed(1), height: +r.height.toFixed(1), text: text(el) });
  }
  const viewport = document.querySelector('meta[name=viewport]');
  const scales = !!viewport && /width\s*=\s*device-width/i.test(viewport.content || '');
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, small, scales };
}

for (const entry of sample) {
  test(`phone ${WIDTH}px: ${entry.label}`, { timeout: 60_000 }, async () => {
    const page = await tab();
    await open(page, entry);
    const m = await page.evaluate(measure, MIN);
    // The skip link is off-screen (above or beside the page) until focused: measure it focused.
    const skip = await page.$('a.skip-link, a[href="#main"]');
    if (skip && (await skip.evaluate((el) => { const r = el.getBoundingClientRect(); return r.right <= 0 || r.bottom <= 0; }))) {
      await skip.focus();
      const box = await skip.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { width: r.width, height: r.height, text: el.innerText.trim() };
      });
      if (box.width < MIN || box.height < MIN) {
        m.small.push({ selector: 'a.skip-link (focused)', width: +box.width.toFixed(1), height: +box.height.toFixed(1), text: box.text });
      }
    }
    const problems = [];
    if (!m.scales) {
      problems.push('  no <meta name="viewport" content="width=device-width, …">: phones lay it out 980px wide');
      found.push({ page: entry.path, kind: entry.kind, problem: 'viewport-meta' });
    }
    if (m.scrollWidth > m.clientWidth) {
      problems.push(`  scrolls sideways: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}`);
      for (const w of m.wide) {
        const more = w.count > 1 ? ` (and ${w.count - 1} more like it)` : '';
        problems.push(`    sticks out: ${w.selector}, right edge at ${w.right}px, ${w.width}px wide, "${w.text}"${more}`);
      }
      found.push({ page: entry.path, kind: entry.kind, problem: 'horizontal-scroll', scrollWidth: m.scrollWidth, clientWidth: m.clientWidth, wide: m.wide });
    }
    for (const s of m.small) {
      problems.push(`  target smaller than ${MIN}x${MIN}: ${s.selector} is ${s.width}x${s.height} "${s.text}"`);
      found.push({ page: entry.path, kind: entry.kind, problem: 'target-size', ...s });
    }
    assert.ok(problems.length === 0, `${entry.url} at ${WIDTH}px:\n${problems.join('\n')}`);
  });
}
for (const a of absentKinds()) test(`phone ${WIDTH}px: ${a.lang}, kinds it has no page of`, { skip: a.kinds.join(', ') }, () => {});
