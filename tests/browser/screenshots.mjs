// Screenshots of the main page kinds at phone, large phone and desktop widths, for
// reviewing the theme by eye (not part of the test run).
//
//   node tests/browser/screenshots.mjs [OUT_DIR]      (default: screenshots/ in the repo)
//
// Builds content/ with relative links into a temporary folder and opens it from disk in
// Debian's chromium, so no server is needed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const out = path.resolve(process.argv[2] || path.join(repo, 'screenshots'));
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-shots-'));
const signpost = process.env.SIGNPOST_BIN || path.join(repo, 'target/debug/signpost');
execFileSync(signpost, ['build', '--content', path.join(repo, 'content'), '--output', path.join(site, 'public'), '--relative-urls'], { stdio: 'inherit' });

const PAGES = {
  home: 'en/index.html',
  'home-pl': 'pl/index.html',
  procedure: 'en/nl/procedures/poortwachter/index.html',
  letter: 'pl/nl/letters/wia-beslissing/index.html',
  comparison: 'en/compare/index.html',
  role: 'nl/nl/roles/arbeidsdeskundige/index.html',
};
const WIDTHS = [320, 390, 1280];

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
fs.mkdirSync(out, { recursive: true });
try {
  for (const [name, file] of Object.entries(PAGES)) {
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(path.join(site, 'public', file)).href);
      const target = path.join(out, `${name}-${width}.png`);
      await page.screenshot({ path: target, fullPage: true });
      console.log(target);
      await page.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(site, { recursive: true, force: true });
}
