// Reference for bench/registry-bench.sh: npm's own fetch stack (pacote over make-fetch-happen
// and cacache, what `npm install` uses) fetching the same full packuments from the same loopback
// registry, 15 at a time (npm's default maxsockets), revalidating its cache like a CI run.
// Usage: node npm-fetch.js REGISTRY NAMES_JSON CACHE_DIR
const pacote = require('pacote');
const fs = require('fs');
const [registry, namesFile, cache] = process.argv.slice(2);
const names = JSON.parse(fs.readFileSync(namesFile, 'utf8'));
const opts = { registry, cache, fullMetadata: true, preferOnline: true };
(async () => {
  let next = 0, ok = 0, failed = 0;
  async function worker() {
    while (next < names.length) {
      const name = names[next++];
      try { await pacote.packument(name, opts); ok++; } catch (e) { failed++; }
    }
  }
  await Promise.all(Array.from({ length: 15 }, worker));
  console.log(`${ok} packuments, ${failed} failed`);
})();
