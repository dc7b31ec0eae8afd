#!/usr/bin/env bash
# Writes docs/robustness.md: per input kind the cases tried (hostile tests, seeds, fuzzing
# executions), fuzzing time, crashes found and fixed, false accepts; the mutation score per
# package; the limits table (from verify-core's io/Limits.java).
#   bench/robustness.sh [SECONDS_PER_FUZZ_TARGET]    fuzz (default 180 s a target), mutate, write
#   bench/robustness.sh --from-last-run               write from target/fuzz/*.log and the last PIT report
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
if [ "${1:-}" != "--from-last-run" ]; then
  seconds=${1:-180}
  bench/fuzz.sh "$seconds" > target/fuzz-summary.txt; fuzz_status=$?
  bench/mutation.sh > target/mutation-summary.txt || exit 1
else
  bench/mutation.sh --summary > target/mutation-summary.txt || exit 1
fi
res=verify-core/src/test/resources/dev/trustlock/core/fuzz
out=docs/robustness.md
mkdir -p docs

# A target's inputs lie beside its class: the fuzz package, or (for code it must reach inside a
# package, as EcdsaBackendsFuzzTest does) that package.
inputs() { local d; for d in "$res" "${res%/fuzz}/attest"; do [ -d "$d/$1" ] && { echo "$d/$1"; return; }; done; echo "$res/$1"; }
seeds() { ls "$(inputs "$1")" 2>/dev/null | grep -c '^seed-' ; }
crashes() { ls "$(inputs "$1")" 2>/dev/null | grep -vc '^seed-' ; }
fuzz_line() { # Class-method -> "execs seconds outcome"
  local log=target/fuzz/$1.log
  if [ -f "$log" ]; then
    local execs secs
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    secs=$(grep -oE 'max_total_time=[0-9]+|Done [0-9]+ runs in [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    if grep -q 'BUILD SUCCESS' "$log"; then echo "${execs:-0} ${secs:-?} none"; else echo "${execs:-0} ${secs:-?} FINDING"; fi
  else
    echo "0 0 not-run"
  fi
}

{
  echo "# Robustness"
  echo
  echo "Written by \`bench/robustness.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -1));"
  echo "do not edit by hand. What trustlock does with hostile input, how that was tried, and what bounds it."
  echo
  echo "## Inputs"
  echo
  echo "Every reader of untrusted input is fuzzed with coverage guidance (Jazzer), from seeds built from"
  echo "\`testdata/\` (\`verify-core/src/test/fuzz/make-seeds.sh\`); each run is also bounded by the hostile-input"
  echo "tests named below. A crash is any throwable other than the reader's documented refusal (for the"
  echo "attestation verifier, any throwable at all); a false accept is a VERIFIED result for material not"
  echo "signed by the expected signer (for the ECDSA target, the native and Java backends disagreeing on"
  echo "a signature). Crashes found are kept as inputs beside the seeds and replayed by"
  echo "every test run."
  echo
  echo "| input | fuzz target | seeds | fuzzing executions | fuzzing time (s) | crashes found and fixed | false accepts | also tried by |"
  echo "|---|---|---|---|---|---|---|---|"
  while IFS='|' read -r kind cls method tests; do
    read -r execs secs outcome <<< "$(fuzz_line "$cls-$method")"
    f=$(crashes "${cls}Inputs/$method")
    fa=0; [ "$outcome" = "FINDING" ] && fa="see log"
    echo "| $kind | \`$cls#$method\` | $(seeds "${cls}Inputs/$method") | $execs | $secs | $f | $( [ "$cls" = AttestationsFuzzTest ] || [ "$cls" = EcdsaBackendsFuzzTest ] && echo "$fa" || echo "n/a") | $tests |"
  done <<'ROWS'
package-lock.json, npm-shrinkwrap.json|LockfileReadersFuzzTest|npm|HostileLockfilesTest, RefusedInputsTest (8 cases)
yarn.lock (classic)|LockfileReadersFuzzTest|yarnClassic|HostileLockfilesTest, RefusedInputsTest (4)
yarn.lock (berry)|LockfileReadersFuzzTest|yarnBerry|HostileLockfilesTest, RefusedInputsTest (4)
pnpm-lock.yaml|LockfileReadersFuzzTest|pnpm|HostileLockfilesTest, RefusedInputsTest (5)
bun.lock|LockfileReadersFuzzTest|bun|HostileLockfilesTest, RefusedInputsTest (2)
CycloneDX SBOM (verify input)|DocumentReadersFuzzTest|cycloneDx|RefusedInputsTest (4), CycloneDxGraphReaderTest
policy (trustlock.yaml)|DocumentReadersFuzzTest|policy|RefusedInputsTest (6), PolicyFileTest
packument|DocumentReadersFuzzTest|packument|FailClosedTest (hole 1), AdversarialRegistryTest, PackageHistoryTest
registry snapshot|DocumentReadersFuzzTest|snapshotIndex|SnapshotTest (hole 8: 10 cases), RefusedInputsTest (2)
attestations response, Sigstore bundles|AttestationsFuzzTest|attestations|TamperMatrixTest, AdversarialRegistryTest, HostileInputTest, RealWorldMutationTest
ECDSA signatures (BoringSSL against BouncyCastle)|EcdsaBackendsFuzzTest|sameAnswerFromBothBackends|EcdsaKeysTest, CryptoTest
ROWS
  echo
  echo "Trust material (trusted_root.json, npm keys) is read only from files the user names or the bundled"
  echo "copy; RefusedInputsTest covers its refusals (4 cases)."
  echo
  echo "## Mutation testing"
  echo
  echo "PIT over the packages that decide verdicts (\`bench/mutation.sh\`; the target for attest and verify is"
  echo "85% killed). Survivors judged equivalent are listed in docs/mutation-survivors.md, with what"
  echo "targeted runs over the other packages (registry, trust, report, io, lockfile, sbom) found."
  echo
  echo '```'
  sed "s/\x1b\[[0-9;]*m//g" target/mutation-summary.txt  # Maven colour codes
  echo '```'
  echo
  echo "## Limits"
  echo
  echo "Every bound on input, from \`verify-core/src/main/java/dev/trustlock/core/io/Limits.java\`; exceeding one"
  echo "is a one-line error naming the input (exit 2), or for a registry answer an UNVERIFIABLE package."
  echo
  echo "| limit | value | why |"
  echo "|---|---|---|"
  awk '
    /\/\*\*/ { doc = ""; indoc = 1 }
    indoc { line = $0; gsub(/^[ \t]*\/?\*+\/?[ ]?/, "", line); gsub(/\*\/[ \t]*$/, "", line); if (line != "") doc = doc (doc == "" ? "" : " ") line }
    /\*\// { indoc = 0 }
    /public static final/ && /=/ {
      name = $0; sub(/^.*final [a-z]+ /, "", name); sub(/ =.*$/, "", name)
      value = $0; sub(/^.*= /, "", value); sub(/;.*$/, "", value)
      gsub(/\{@code ([^}]*)\}/, "`&`", doc); gsub(/`\{@code /, "`", doc); gsub(/\}`/, "`", doc)
      gsub(/\{@link #?([^}]*)\}/, "&", doc); gsub(/\{@link #?/, "", doc); gsub(/\}/, "", doc)
      print "| `" name "` | `" value "` | " doc " |"
      doc = ""
    }' verify-core/src/main/java/dev/trustlock/core/io/Limits.java
} > "$out"
echo "wrote $out"
exit ${fuzz_status:-0}
