// The deadline calculator on a procedure page: with JavaScript it fills in real dates
// from the first day of sickness (across a year end and onto a leap day), in the page's
// language; without JavaScript the page still shows every step and week.
// Builds tests/fixtures/domain itself (relative links, opened from disk), so the
// expected dates below are fixed: its steps are at weeks 0, 6, 6–8, 42, 42, 104 and 104 (the objection, after the decision).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from './lib/site.mjs';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-calculator-'));
const signpost = process.env.SIGNPOST_BIN || path.join(repo, 'target/debug/signpost');
const pageUrl = (lang) => pathToFileURL(path.join(out, 'site', lang, 'nl/procedures/poortwachter/index.html')).href;

let browser;
before(async () => {
  execFileSync(signpost, ['build', '--content', path.join(repo, 'tests/fixtures/domain/content'), '--output', path.join(out, 'site'), '--relative-urls'], { stdio: 'pipe' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

async function datesAfterEntering(lang, firstDay) {
  const page = await browser.newPage();
  try {
    await page.goto(pageUrl(lang));
    await page.locator('#first-day').fill(firstDay);
    return await page.locator('table.deadline-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({
        iso: [...row.querySelectorAll('td.date-column time')].map((t) => t.getAttribute('datetime')),
        text: row.querySelector('td.date-column').textContent.trim(),
        visible: !row.querySelector('td.date-column').hidden,
      })),
    );
  } finally {
    await page.close();
  }
}

test('the calculator counts weeks across a year end', async () => {
  const rows = await datesAfterEntering('en', '2026-12-28');
  assert.deepEqual(
    rows.map((r) => r.iso),
    [['2026-12-28'], ['2027-02-08'], ['2027-02-08', '2027-02-22'], ['2027-10-18'], ['2027-10-18'], ['2028-12-25'], ['2028-12-25']],
  );
  assert.ok(rows.every((r) => r.visible));
  assert.equal(rows[0].text, 'Monday, 28 December 2026');
});

test('the calculator lands on a leap day', async () => {
  const rows = await datesAfterEntering('en', '2028-01-18');
  assert.deepEqual(rows[1].iso, ['2028-02-29']);
  assert.equal(rows[1].text, 'Tuesday, 29 February 2028');
});

test('the calculator writes dates in the page language', async () => {
  const rows = await datesAfterEntering('nl', '2026-12-28');
  assert.equal(rows[1].text, 'maandag 8 februari 2027');
});

test('without JavaScript the steps and weeks are all there and the form stays hidden', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(pageUrl('en'));
    assert.equal(await page.locator('ol.steps > li').count(), 7);
    assert.deepEqual(await page.locator('table.deadline-table tbody td:nth-child(2)').allInnerTexts(), [
      'Week 0', 'Week 6', 'Weeks 6–8', 'Week 42', 'Week 42', 'Week 104', 'Week 104',
    ]);
    assert.equal(await page.locator('form.calculator').isVisible(), false);
    assert.equal(await page.locator('svg.timeline').isVisible(), true);
  } finally {
    await context.close();
  }
});
