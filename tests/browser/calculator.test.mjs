// The deadline calculator on a procedure page: with JavaScript it fills in real dates
// from the first day of sickness (across a year end and onto a leap day), and a deadline
// that runs from a letter from the date entered for that letter, in the page's language;
// without JavaScript the page still shows every step, week and deadline in words.
// Builds tests/fixtures/domain itself (relative links, opened from disk), so the
// expected dates below are fixed. Its "Your dates" list: week 0; a deadline "before the
// end of week 6" (deadline_week = 6: the last day of the sixth week, start + 41 days);
// weeks 6–8; week 42; week 104 (the decision); the objection, within 6 weeks of the date
// on the decision letter.
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

/** The dates of "Your dates" after entering `dates` ({ inputId: 'YYYY-MM-DD' }). */
async function datesAfterEntering(lang, dates) {
  const page = await browser.newPage();
  try {
    await page.goto(pageUrl(lang));
    for (const [id, value] of Object.entries(dates)) await page.locator(`#${id}`).fill(value);
    return await page.locator('ol.date-list > li .calc-date').evaluateAll((outputs) =>
      outputs.map((output) => ({
        iso: [...output.querySelectorAll('time')].map((t) => t.getAttribute('datetime')),
        text: output.textContent.trim(),
        visible: !output.hidden,
      })),
    );
  } finally {
    await page.close();
  }
}

const LETTER = 'letter-letter-date-wia-besluit';

test('the calculator counts weeks across a year end, and a deadline to the end of its last week', async () => {
  const rows = await datesAfterEntering('en', { 'first-day': '2026-12-28' });
  assert.deepEqual(
    rows.map((r) => r.iso),
    [
      ['2026-12-28', '2027-01-03'],
      ['2027-02-07'],
      ['2027-02-08', '2027-02-28'],
      ['2027-10-18', '2027-10-24'],
      ['2028-12-25', '2028-12-31'],
      [],
    ],
  );
  assert.ok(rows.slice(0, 5).every((r) => r.visible));
  assert.equal(rows[0].text, 'Monday, 28 December 2026 – Sunday, 3 January 2027');
  assert.equal(rows[1].text, 'Last day: Sunday, 7 February 2027');
  // The objection runs from the letter: until its date is entered, the page asks for it.
  assert.equal(rows[5].visible, true);
  assert.match(rows[5].text, /Enter the date for this letter above/);
});

test('a deadline from a letter counts from the date entered for the letter, not the first day', async () => {
  const rows = await datesAfterEntering('en', { 'first-day': '2026-12-28', [LETTER]: '2029-01-10' });
  assert.deepEqual(rows[5].iso, ['2029-02-21']);
  assert.equal(rows[5].text, 'Last day: Wednesday, 21 February 2029');
  // The letter's date alone is enough for the objection.
  const only = await datesAfterEntering('en', { [LETTER]: '2027-03-01' });
  assert.deepEqual(only[5].iso, ['2027-04-12']);
  assert.equal(only[0].visible, false);
});

test('the calculator lands on a leap day', async () => {
  const rows = await datesAfterEntering('en', { 'first-day': '2028-01-18' });
  assert.deepEqual(rows[2].iso, ['2028-02-29', '2028-03-20']);
  assert.match(rows[2].text, /^Tuesday, 29 February 2028/);
});

test('the calculator writes dates in the page language', async () => {
  const rows = await datesAfterEntering('nl', { 'first-day': '2026-12-28' });
  assert.match(rows[2].text, /^maandag 8 februari 2027/);
});

test('with a first day entered, the step list marks the step of today', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(pageUrl('en'));
    const today = new Date();
    const tenWeeksAgo = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()) - 70 * 86400000);
    assert.equal(await page.locator('.step-list .now-tag').count(), 0);
    await page.locator('#first-day').fill(tenWeeksAgo.toISOString().slice(0, 10));
    // Week 10 falls in none of the single weeks, but not in weeks 6–8 either: nothing.
    assert.equal(await page.locator('.step-list li.is-now').count(), 0);
    const sevenWeeksAgo = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()) - 49 * 86400000);
    await page.locator('#first-day').fill(sevenWeeksAgo.toISOString().slice(0, 10));
    assert.deepEqual(await page.locator('.step-list li.is-now > a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#plan-van-aanpak']);
    assert.equal(await page.locator('.step-list li.is-now .now-tag').innerText(), 'Now');
  } finally {
    await page.close();
  }
});

test('a link to a step opens it; the steps start closed', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(pageUrl('en'));
    assert.equal(await page.locator('details.step-toggle[open]').count(), 0);
    await page.locator('.step-list a[href="#melding-42"]').click();
    assert.equal(await page.locator('#melding-42 > details').evaluate((d) => d.open), true);
    assert.equal(await page.locator('#melding-42 .step-facts').isVisible(), true);
    // The timeline's mark too.
    await page.locator('svg.timeline a[href="#probleemanalyse"]').click();
    assert.equal(await page.locator('#probleemanalyse > details').evaluate((d) => d.open), true);
    // Opened from another page's link, by the address's fragment.
    await page.goto(pageUrl('en') + '#bezwaar');
    assert.equal(await page.locator('#bezwaar > details').evaluate((d) => d.open), true);
  } finally {
    await page.close();
  }
});

test('without JavaScript the steps, weeks and deadlines are all there and the form stays hidden', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(pageUrl('en'));
    assert.equal(await page.locator('ol.steps > li').count(), 7);
    assert.deepEqual(await page.locator('ol.date-list .date-when').allInnerTexts(), [
      'Week 0', 'Week 6', 'Weeks 6–8', 'Week 42', 'Week 104', 'After: UWV decides',
    ]);
    assert.match(await page.locator('ol.date-list > li').nth(5).innerText(), /Within 6 weeks of the date on the letter/);
    assert.equal(await page.locator('form.calculator').isVisible(), false);
    assert.equal(await page.locator('svg.timeline').isVisible(), true);
    // The steps open and close with no script, and the step list leads to each summary.
    await page.locator('.step-list a[href="#wia-besluit"]').click();
    assert.equal(await page.locator('#wia-besluit summary').isVisible(), true);
    assert.equal(await page.locator('#wia-besluit .step-facts').isVisible(), false);
    await page.locator('#wia-besluit summary').click();
    assert.equal(await page.locator('#wia-besluit .step-facts').isVisible(), true);
  } finally {
    await context.close();
  }
});
