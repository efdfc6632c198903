// Gate: a minified page shows the same text as the same page built with --no-minify.
// Minifying takes white space out of the templates once, when the theme loads, and out of
// each page's body (src/render/compact.rs); this checks, in the browser, that none of the
// white space it took out was white space a reader sees. Both builds use relative links and
// are opened from disk; every <details> is opened first so that steps count too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { samplePages, launchBrowser, sharedTab, writeReport } from './lib/site.mjs';

const minified = process.env.DISK_SITE_DIR;
const plain = process.env.PLAIN_DISK_SITE_DIR;
const sample = samplePages();

let browser;
let tab;
const found = [];
before(async () => {
  browser = await launchBrowser();
  tab = sharedTab(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
});
after(async () => {
  writeReport('compact', found);
  await browser?.close();
});

/** The text a reader sees on the page at `file` of `site`, with every <details> open. */
async function shownText(site, file) {
  const page = await tab();
  await page.goto(pathToFileURL(path.join(site, file)).href, { waitUntil: 'load' });
  return await page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    return `${document.title}\n${document.body.innerText}`;
  });
}

test('both builds are there', () => {
  assert.ok(minified && fs.existsSync(path.join(minified, 'index.html')), 'run.sh builds the minified site for disk');
  assert.ok(plain && fs.existsSync(path.join(plain, 'index.html')), 'run.sh builds the --no-minify site for disk');
});

for (const entry of sample) {
  test(`minified shows the same text: ${entry.label}`, { timeout: 60_000 }, async () => {
    const [small, full] = [await shownText(minified, entry.file), await shownText(plain, entry.file)];
    if (small !== full) {
      // Characters, not UTF-16 units, so the excerpt never cuts a letter in two.
      const [smallChars, fullChars] = [[...small], [...full]];
      const at = fullChars.findIndex((c, i) => c !== smallChars[i]);
      const where = at < 0 ? Math.min(smallChars.length, fullChars.length) : at;
      const around = (chars) => JSON.stringify(chars.slice(Math.max(0, where - 60), where + 60).join(''));
      found.push({ page: entry.file, minified: around(smallChars), plain: around(fullChars) });
      assert.fail(`${entry.file} differs at character ${where}:\n minified: ${around(smallChars)}\n plain:    ${around(fullChars)}`);
    }
    assert.ok(full.length > 0, 'the page shows text');
  });
}
