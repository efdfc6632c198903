// Gate: every .html file of the build is valid HTML (Nu HTML Checker, errors only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_DIR, htmlFiles, languages, groupOf, writeReport } from './lib/site.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
const files = htmlFiles();
const langs = languages();

// One run of the checker over the whole output; the JSON goes to stdout.
const run = spawnSync(
  'java',
  ['-Xss1024k', '-jar', jar, '--errors-only', '--format', 'json', '--stdout', '--skip-non-html', SITE_DIR],
  { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
);
let messages = null;
let runProblem = null;
if (run.error) runProblem = `could not start java: ${run.error.message}`;
else {
  try {
    messages = JSON.parse(run.stdout).messages;
  } catch (e) {
    runProblem = `the checker printed no JSON (exit ${run.status}): ${run.stdout.slice(0, 2000)}${run.stderr.slice(0, 2000)}`;
  }
}

const relative = (url) => {
  if (!url) return '(no file)';
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  return path.relative(SITE_DIR, file).split(path.sep).join('/');
};
const findings = (messages || [])
  .filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal')
  .map((m) => ({
    file: relative(m.url),
    line: m.lastLine ?? m.firstLine ?? 0,
    column: m.firstColumn ?? m.lastColumn ?? 0,
    message: m.message,
    extract: m.extract,
  }));
writeReport('html-valid', findings);

test('the Nu HTML Checker ran', () => {
  assert.equal(runProblem, null, runProblem);
  assert.ok(files.length > 0, `no .html file in ${SITE_DIR}`);
});

const groups = [...new Set(files.map((f) => groupOf(f, langs)))];
for (const group of groups) {
  const groupFiles = files.filter((f) => groupOf(f, langs) === group);
  test(`valid HTML: ${group} (${groupFiles.length} files)`, () => {
    const errors = findings.filter((m) => groupFiles.includes(m.file) || (group === '(root)' && !files.includes(m.file)));
    assert.ok(
      errors.length === 0,
      `${errors.length} HTML error(s):\n` +
        errors.map((m) => `  ${m.file}:${m.line}:${m.column}: ${m.message}${m.extract ? `\n      ${JSON.stringify(m.extract)}` : ''}`).join('\n'),
    );
  });
}
