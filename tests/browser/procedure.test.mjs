// Gate: the procedure page on a phone and on a desktop (issue 24 A), on the shipped
// content: the numbered step list within the first two screens, no sideways scrolling,
// the calculated dates visible at 320 px, a deadline that runs from a letter computed
// from the date entered for that letter, the letter page's objection calculator, and
// the page still whole without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, urlOf, writeReport } from './lib/site.mjs';

const PROCEDURE = 'nl/procedures/poortwachter/';
const LANGS = ['en', 'nl', 'pl'];
const SIZES = [
  { width: 320, height: 640 },
  { width: 1280, height: 800 },
];
const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const utc = (text) => Date.parse(`${text}T00:00:00Z`);

let browser;
const found = [];
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  writeReport('procedure', found);
  await browser?.close();
});

async function withPage(options, run) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  try {
    const response = await page.goto(urlOf(`${options.lang}/${options.path ?? PROCEDURE}`), { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    return await run(page);
  } finally {
    await context.close();
  }
}

/** How far down the step list begins, in screens, and whether the page scrolls sideways. */
function layout() {
  const list = document.querySelector('nav.step-nav ol.step-list');
  const first = list && list.querySelector('li');
  const root = document.documentElement;
  return {
    top: first ? (first.getBoundingClientRect().top + window.scrollY) / window.innerHeight : null,
    sideways: root.scrollWidth - root.clientWidth,
    items: list ? list.children.length : 0,
  };
}

for (const lang of LANGS) {
  for (const size of SIZES) {
    for (const javaScriptEnabled of [true, false]) {
      const label = `${lang} at ${size.width} px${javaScriptEnabled ? '' : ', no JavaScript'}`;
      test(`the step list is within the first two screens and nothing scrolls sideways: ${label}`, async () => {
        const measured = await withPage({ lang, viewport: size, javaScriptEnabled }, (page) => page.evaluate(layout));
        found.push({ lang, ...size, javaScriptEnabled, ...measured });
        assert.ok(measured.items >= 10, `the step list has ${measured.items} steps`);
        assert.ok(measured.top !== null && measured.top < 2, `the step list starts ${measured.top?.toFixed(2)} screens down`);
        assert.equal(measured.sideways, 0, 'the page scrolls sideways');
      });
    }
  }
}

for (const lang of LANGS) {
  test(`at 320 px the calculated dates show and fit, and the objection counts from the letter: ${lang}`, async () => {
    await withPage({ lang, viewport: { width: 320, height: 640 } }, async (page) => {
      // Near the top: the first-day field, above the step list, within two screens.
      const fieldTop = await page.locator('#first-day').evaluate((el) => (el.getBoundingClientRect().top + window.scrollY) / window.innerHeight);
      assert.ok(fieldTop < 2, `the first-day field is ${fieldTop.toFixed(2)} screens down`);
      const first = '2027-01-04';
      await page.locator('#first-day').fill(first);
      const dates = page.locator('ol.date-list .calc-date:not([hidden]) time');
      assert.ok((await dates.count()) >= 10, 'dates are filled in');
      // Every date is on screen horizontally (no side-scrolling box) and visible.
      const boxes = await dates.evaluateAll((times) => times.map((t) => {
        const r = t.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width, iso: t.getAttribute('datetime') };
      }));
      for (const box of boxes) {
        assert.ok(box.width > 0 && box.left >= 0 && box.right <= 320.5, `the date ${box.iso} is off screen: ${JSON.stringify(box)}`);
      }
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
      // "Apply at the latest in week 93": the last day of the 93rd week, start + 7 × 93 − 1.
      const apply = page.locator('ol.date-list > li:has(a[href="#wia-aanvraag"]) .calc-date time');
      assert.equal(await apply.getAttribute('datetime'), iso(utc(first) + (7 * 93 - 1) * DAY));
      // The step list at the top shows the dates too.
      const listed = page.locator('ol.step-list > li:has(a[href="#wia-aanvraag"]) .calc-date time');
      assert.equal(await listed.getAttribute('datetime'), iso(utc(first) + (7 * 93 - 1) * DAY));
      assert.equal(await listed.isVisible(), true);
      // The objection: 6 weeks from the date on the decision letter the reader enters,
      // in "Your dates" beside that deadline.
      const letter = page.locator('ol.date-list > li:has(a[href="#bezwaar"]) .calculator input[id^="letter-"]');
      assert.equal(await letter.count(), 1);
      const objection = page.locator('ol.date-list > li:has(a[href="#bezwaar"]) .calc-date');
      assert.equal(await objection.locator('time').count(), 0, 'no objection date before the letter date is known');
      const letterDate = '2028-12-13';
      await letter.fill(letterDate);
      assert.equal(await objection.locator('time').getAttribute('datetime'), iso(utc(letterDate) + 42 * DAY));
      assert.equal(await objection.isVisible(), true);
      const r = await objection.evaluate((el) => el.getBoundingClientRect().right);
      assert.ok(r <= 320.5, `the objection date ends at ${r}px`);
      const atTop = page.locator('ol.step-list > li:has(a[href="#bezwaar"]) .calc-date time');
      assert.equal(await atTop.getAttribute('datetime'), iso(utc(letterDate) + 42 * DAY));
    });
  });
}

test('the decision letter page works out the last day to object from the letter date', async () => {
  await withPage({ lang: 'en', path: 'nl/letters/wia-beslissing/', viewport: { width: 320, height: 640 } }, async (page) => {
    await page.locator('#objection-from').fill('2027-03-01');
    const out = page.locator('.letter-dates .calc-date[data-from="objection-from"]');
    assert.equal(await out.locator('time').getAttribute('datetime'), '2027-04-12');
    assert.equal(await out.isVisible(), true);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  });
});

test('without JavaScript the deadlines are in words and a step opens from the step list', async () => {
  await withPage({ lang: 'nl', viewport: { width: 320, height: 640 }, javaScriptEnabled: false }, async (page) => {
    assert.equal(await page.locator('form.calculator').isVisible(), false);
    const words = await page.locator('ol.date-list > li:has(a[href="#bezwaar"]) .date-due').innerText();
    assert.match(words, /6 weken/);
    await page.locator('.step-list a[href="#bezwaar"]').click();
    assert.equal(await page.locator('#bezwaar summary').isVisible(), true);
    await page.locator('#bezwaar summary').click();
    assert.equal(await page.locator('#bezwaar .step-facts').isVisible(), true);
  });
});
