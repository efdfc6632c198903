// Gate: with JavaScript off, every sample page shows its <main> with a visible <h1>, and
// procedure pages show their steps (a non-empty list or table in <main>, outside navigation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { samplePages, absentKinds, launchBrowser, open, sharedTab, writeReport } from './lib/site.mjs';

const sample = samplePages();

let browser;
let tab;
const found = [];
before(async () => {
  browser = await launchBrowser();
  tab = sharedTab(await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } }));
});
after(async () => {
  writeReport('no-javascript', found);
  await browser?.close();
});

for (const entry of sample) {
  test(`no JavaScript: ${entry.label}`, { timeout: 60_000 }, async () => {
    const page = await tab();
    await open(page, entry);
    const problems = [];
    const mains = page.locator('main');
    if ((await mains.count()) !== 1) problems.push(`has ${await mains.count()} <main> elements, wants 1`);
    else if (!(await mains.isVisible())) problems.push('<main> is not visible');
    const h1 = page.locator('main h1');
    if ((await h1.count()) === 0) problems.push('no <h1> in <main>');
    else if (!(await h1.first().isVisible())) problems.push('the <h1> in <main> is not visible');
    else if (!(await h1.first().innerText()).trim()) problems.push('the <h1> in <main> is empty');
    if (entry.kind === 'procedure') {
      // The breadcrumbs are an <ol> too: only lists and tables outside <nav> count as steps.
      const steps = page.locator('main ol:not(nav ol):has(> li), main table:has(tr)');
      const n = await steps.count();
      let visible = 0;
      for (let i = 0; i < n; i++) if (await steps.nth(i).isVisible()) visible++;
      if (visible === 0) problems.push('shows no step list or table (no visible non-empty `main ol` outside <nav>, nor `main table`)');
    }
    for (const problem of problems) found.push({ page: entry.path, kind: entry.kind, problem });
    assert.ok(problems.length === 0, `${entry.url} without JavaScript:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  });
}
for (const a of absentKinds()) test(`no JavaScript: ${a.lang}, kinds it has no page of`, { skip: a.kinds.join(', ') }, () => {});
