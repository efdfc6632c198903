// A short reporter for node --test: one line per test, a failure's message without the
// stack, what the test files print, and at the end the failures again and the plain
// closing line "N passed, N failed" (or, when GATES_COUNTS names a file, the counts go
// there as JSON and run.sh prints that line last).
import fs from 'node:fs';

const failures = [];
let passed = 0;
let failed = 0;
let skipped = 0;

const messageOf = (error) => {
  let e = error;
  // The runner wraps a test's own error as the cause of an ERR_TEST_FAILURE.
  while (e && e.code === 'ERR_TEST_FAILURE' && e.cause) e = e.cause;
  if (!e) return 'failed';
  if (e.failureType === 'cancelledByParent') return 'cancelled (its file stopped early)';
  return String(e.message ?? e).trimEnd();
};
const indent = (text, pad) => text.split('\n').map((l) => pad + l).join('\n');
const fileOf = (data) => (data.file ? data.file.replace(/^.*\//, '') : '');

export default async function* reporter(source) {
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:pass' || type === 'test:fail') {
      if (data.details?.type === 'suite') continue;
      const ms = data.details?.duration_ms;
      const time = ms === undefined ? '' : ` (${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`})`;
      if (type === 'test:pass') {
        if (data.skip || data.todo) {
          skipped++;
          yield `- ${data.name}: skipped${typeof data.skip === 'string' ? `, ${data.skip}` : ''}\n`;
        } else {
          passed++;
          yield `✔ ${data.name}${time}\n`;
        }
      } else {
        failed++;
        const message = messageOf(data.details?.error);
        failures.push({ name: data.name, file: fileOf(data), message });
        yield `✖ ${data.name}${time}\n${indent(message, '    ')}\n`;
      }
    } else if (type === 'test:stdout' || type === 'test:stderr') {
      yield data.message.endsWith('\n') ? data.message : `${data.message}\n`;
    }
  }
  if (failures.length) {
    yield `\n${failures.length} failing:\n`;
    for (const f of failures) yield `✖ ${f.file ? `${f.file}: ` : ''}${f.name}\n${indent(f.message, '    ')}\n`;
  }
  if (process.env.GATES_COUNTS) fs.writeFileSync(process.env.GATES_COUNTS, JSON.stringify({ passed, failed, skipped }));
  else yield `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
