// Reference for bench/registry-bench.sh: @sigstore/verify (the library behind `npm audit
// signatures`) verifying the recorded real npm attestation bundles offline, ROUNDS times in one
// process, with the same trusted root and npm keys trustlock uses.
// Usage: node sigstore-verify.js ATTESTATIONS_DIR MANIFEST TRUSTED_ROOT NPM_KEYS ROUNDS
const fs = require('fs');
const path = require('path');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const [dir, manifestFile, rootFile, keysFile, roundsArg] = process.argv.slice(2);
const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootFile, 'utf8')));
const keys = {};
for (const k of JSON.parse(fs.readFileSync(keysFile, 'utf8')).keys) {
  keys[k.keyId] = {
    rawBytes: Buffer.from(k.publicKey.rawBytes, 'base64'),
    validFor: { start: new Date(k.publicKey.validFor.start), end: k.publicKey.validFor.end ? new Date(k.publicKey.validFor.end) : undefined },
  };
}
const verifier = new Verifier(toTrustMaterial(root, keys));
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const bundles = [];
for (const a of manifest.attestations) {
  // The responses trustlock's side checks in full too: valid, with a recorded integrity.
  if (!a.expect.startsWith('valid') || !a.integrity) continue;
  const doc = JSON.parse(fs.readFileSync(path.join(dir, path.basename(a.file)), 'utf8'));
  for (const att of doc.attestations) bundles.push(att.bundle);
}
const rounds = Number(roundsArg);
const start = process.hrtime.bigint();
let verified = 0, failed = 0;
for (let r = 0; r < rounds; r++) {
  for (const b of bundles) {
    try { verifier.verify(toSignedEntity(bundleFromJSON(b))); verified++; } catch (e) { failed++; }
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${verified + failed} bundles (${verified} verified, ${failed} failed) in ${seconds.toFixed(2)} s: ${Math.round((verified + failed) / seconds)} bundles/s`);
