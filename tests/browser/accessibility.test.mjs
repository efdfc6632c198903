// Gate: axe-core finds no WCAG 2.2 A/AA violation on the sample pages, at 1280px and 320px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { samplePages, absentKinds, launchBrowser, open, sharedTab, writeReport } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [1280, 320];
const sample = samplePages();

let browser;
let tab;
const found = [];
before(async () => {
  browser = await launchBrowser();
  tab = sharedTab(await browser.newContext({ viewport: { width: WIDTHS[0], height: 800 }, colorScheme: 'light' }));
});
after(async () => {
  writeReport('accessibility', found);
  await browser?.close();
});

// Each page is loaded once, in the gate's one tab, with axe injected once, and checked at
// every width in turn (the viewport is resized between runs); each width is its own test.
const runs = new Map();
function checkAllWidths(entry) {
  if (!runs.has(entry)) {
    runs.set(
      entry,
      (async () => {
        const page = await tab();
        // Each page opens at the first width (the tab is still at the last one of the page before).
        await page.setViewportSize({ width: WIDTHS[0], height: 800 });
        await open(page, entry);
        await page.addScriptTag({ path: AXE });
        const results = new Map();
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          results.set(
            width,
            await page.evaluate(
              (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
              TAGS,
            ),
          );
        }
        return results;
      })(),
    );
  }
  return runs.get(entry);
}

for (const entry of sample) {
  for (const width of WIDTHS) {
    test(`axe ${width}px: ${entry.label}`, { timeout: 90_000 }, async () => {
      const result = (await checkAllWidths(entry)).get(width);
      assert.ok(result.passes.length + result.incomplete.length + result.inapplicable.length > 0, 'axe ran no rule');
      const lines = [];
      for (const v of result.violations) {
        for (const node of v.nodes) {
          const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ');
          found.push({ width, page: entry.path, kind: entry.kind, id: v.id, impact: v.impact, target, help: v.help, summary: node.failureSummary, html: node.html });
          lines.push(`  [${v.impact}] ${v.id} on ${entry.path} at \`${target}\`\n      ${v.help}\n      ${(node.failureSummary || '').replace(/\n\s*/g, ' ')}\n      ${node.html.slice(0, 300)}`);
        }
      }
      assert.ok(lines.length === 0, `${lines.length} axe violation(s) at ${width}px on ${entry.url}:\n${lines.join('\n')}`);
    });
  }
}
for (const a of absentKinds()) test(`axe: ${a.lang}, kinds it has no page of`, { skip: a.kinds.join(', ') }, () => {});
