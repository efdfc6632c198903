// Which pages of a built site Pagefind indexes, against the pages it should index.
//   node pagefind-coverage.mjs SITE_DIR PAGEFIND_LIB
// PAGEFIND_LIB is pagefind's lib/index.js (the npm package pinned in bench/search).
// Prints one JSON object and exits 1 when a page is missing; see pagefind.sh for why.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const [site, lib] = process.argv.slice(2);
const pagefind = await import(pathToFileURL(lib).href);

// Every page Signpost writes is a folder with an index.html (content pages, overviews,
// derived pages, the search page, the root language chooser); Pagefind gives such a page
// the URL of its folder.
const expected = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name === 'index.html') {
      const folder = path.relative(site, dir).split(path.sep).join('/');
      expected.push(folder === '' ? '/' : `/${folder}/`);
    }
  }
})(site);

const { index } = await pagefind.createIndex({});
const added = await index.addDirectory({ path: site });
const { errors, files } = await index.getFiles();
// `addDirectory`'s page_count counts the HTML files Pagefind read, also those it then
// dropped (on the minified output it reads every file and indexes none). A page is in the
// index only if it has a fragment: a gzip file holding "pagefind_dcd" and the page's JSON.
const indexed = new Set();
for (const file of files) {
  if (!file.path.startsWith('fragment/')) continue;
  const text = zlib.gunzipSync(Buffer.from(file.content)).toString('utf8');
  indexed.add(JSON.parse(text.slice(text.indexOf('{'))).url);
}
await pagefind.close();

const missing = expected.filter((url) => !indexed.has(url));
console.log(JSON.stringify({
  html_files_read: added.page_count,
  index_html_pages: expected.length,
  pages_indexed: indexed.size,
  index_html_pages_missing: missing.length,
  first_missing: missing.slice(0, 10),
  errors: [...added.errors, ...errors],
}, null, 2));
process.exit(missing.length === 0 && added.errors.length === 0 && errors.length === 0 ? 0 : 1);
