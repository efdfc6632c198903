// Gate: `signpost serve` in a real browser. A copy of the content is served; a saved
// sentence shows in the open tab without touching it, a tab on a page the save did not
// change stays as it was (no reload), a broken save shows the error overlay over the
// last good page, and the fix takes it away. run.sh sets CONTENT_DIR and SIGNPOST_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from './lib/site.mjs';

const CONTENT_DIR = process.env.CONTENT_DIR;
const SIGNPOST_BIN = process.env.SIGNPOST_BIN;

let work;
let server;
let browser;
let origin;

/** Copies the content folder and, as `serve` finds them beside it, the theme folders. */
function copySite(content, into) {
  const root = path.dirname(path.resolve(content));
  fs.cpSync(content, path.join(into, 'content'), { recursive: true });
  for (const name of ['themes', 'templates', 'i18n', 'static']) {
    if (fs.existsSync(path.join(root, name))) fs.cpSync(path.join(root, name), path.join(into, name), { recursive: true });
  }
  return path.join(into, 'content');
}

/** Starts `signpost serve` on a free port; resolves with its address once it serves. */
function startServer(content) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve(SIGNPOST_BIN), ['serve', '--content', content, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in 120 s:\n${output}`)), 120_000);
    const listen = (chunk) => {
      output += chunk;
      const match = output.match(/Serving on (http:\/\/[^/\s]+)\//);
      if (match) {
        clearTimeout(timer);
        resolve({ child, origin: match[1] });
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.on('exit', (code) => reject(new Error(`serve ended (${code}) before serving:\n${output}`)));
  });
}

/** The home page file of the first language that has one, and its language. */
function homeFile(content) {
  const name = fs.readdirSync(content).filter((f) => /^_index\.[a-z-]+\.md$/.test(f)).sort()[0];
  assert.ok(name, `no _index.<lang>.md in ${content}`);
  return { file: path.join(content, name), lang: name.split('.')[1] };
}

before(async () => {
  assert.ok(CONTENT_DIR && SIGNPOST_BIN, 'CONTENT_DIR and SIGNPOST_BIN must be set: run the gates with tests/browser/run.sh');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-live-'));
  const content = copySite(CONTENT_DIR, work);
  ({ child: server, origin } = await startServer(content));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('serve: a save reloads the tab it changed, and only that one; errors show over the last good page', { timeout: 180_000 }, async () => {
  const { file, lang } = homeFile(path.join(work, 'content'));
  const original = fs.readFileSync(file, 'utf8');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const home = await context.newPage();
  const other = await context.newPage();
  // Resolves once the tab's reload script is connected: a save before that would go unheard.
  const connected = (tab) => tab.waitForResponse((r) => r.url().includes('/__signpost/events'), { timeout: 30_000 });
  for (const [tab, address] of [[home, `${origin}/${lang}/`], [other, `${origin}/${lang}/a-z/`]]) {
    const listening = connected(tab);
    await tab.goto(address, { waitUntil: 'load' });
    await listening;
    // A mark that a reload would wipe out.
    await tab.evaluate(() => { window.signpostNotReloaded = true; });
  }

  const sentence = 'Live reload check: this sentence was saved while the page was open.';
  let listening = connected(home);
  fs.writeFileSync(file, `${original.trimEnd()}\n\n${sentence}\n`);
  await home.waitForFunction((text) => document.querySelector('main')?.innerText.includes(text), sentence, { timeout: 30_000 });
  assert.equal(await home.evaluate(() => window.signpostNotReloaded), undefined, 'the home tab reloaded');
  await listening;
  // The home page's save cannot change the A–Z index: give a wrong reload time to come.
  await other.waitForTimeout(1_000);
  assert.equal(await other.evaluate(() => window.signpostNotReloaded), true, 'the A–Z tab was not reloaded');

  listening = connected(home);
  fs.writeFileSync(file, original.replace(/^\+\+\+\n/, '+++\ntitle = \n'));
  const overlay = home.locator('#signpost-build-error');
  await overlay.waitFor({ state: 'visible', timeout: 30_000 });
  await listening;
  assert.match(await overlay.innerText(), new RegExp(path.basename(file).replace('.', '\\.')), 'the overlay names the file');
  assert.ok((await home.locator('main').innerText()).includes(sentence), 'the last good page stays under the overlay');

  fs.writeFileSync(file, original);
  await overlay.waitFor({ state: 'detached', timeout: 30_000 });
  assert.ok(!(await home.locator('main').innerText()).includes(sentence), 'the page shows the file as saved last');
  await context.close();
});
