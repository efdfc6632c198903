// Gate: axe-core finds no WCAG 2.2 A/AA violation on the sample pages, at 1280px and 320px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { samplePages, launchBrowser, open, writeReport } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [1280, 320];
const sample = samplePages();

let browser;
const contexts = new Map();
const found = [];
before(async () => {
  browser = await launchBrowser();
  for (const width of WIDTHS) {
    contexts.set(width, await browser.newContext({ viewport: { width, height: 800 }, colorScheme: 'light' }));
  }
});
after(async () => {
  writeReport('accessibility', found);
  await browser?.close();
});

for (const width of WIDTHS) {
  for (const entry of sample) {
    test(`axe ${width}px: ${entry.label}`, { timeout: 60_000 }, async () => {
      const page = await contexts.get(width).newPage();
      try {
        await open(page, entry);
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
          TAGS,
        );
        assert.ok(result.passes.length + result.incomplete.length + result.inapplicable.length > 0, 'axe ran no rule');
        const lines = [];
        for (const v of result.violations) {
          for (const node of v.nodes) {
            const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ');
            found.push({ width, page: entry.path, kind: entry.kind, id: v.id, impact: v.impact, target, help: v.help, summary: node.failureSummary, html: node.html });
            lines.push(`  [${v.impact}] ${v.id} on ${entry.url} at ${target}\n      ${v.help}\n      ${(node.failureSummary || '').replace(/\n\s*/g, ' ')}\n      ${node.html}`);
          }
        }
        assert.ok(lines.length === 0, `${result.violations.length} axe rule(s) violated at ${width}px on ${entry.url}:\n${lines.join('\n')}`);
      } finally {
        await page.close();
      }
    });
  }
}
