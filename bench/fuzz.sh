#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every reader of untrusted input, one target after another:
#   bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s each, every target)
# A target is Class#method under verify-core/src/test/java/dev/trustlock/core/fuzz (and
# EcdsaBackendsFuzzTest in .../core/attest, beside the package-private code it compares). Inputs that
# crash are written beside the seeds (src/test/resources/dev/trustlock/core/<package>/<Class>Inputs/
# <method>/crash-*) and replayed by every plain test run from then on: commit them with the fix.
# The corpus grown while fuzzing stays in .cifuzz-corpus/ (ignored by git) for the next run.
# Prints one line per target: name, seconds, executions, coverage, outcome; exits 1 on a finding.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(LockfileReadersFuzzTest#npm LockfileReadersFuzzTest#yarnClassic LockfileReadersFuzzTest#yarnBerry
           LockfileReadersFuzzTest#pnpm LockfileReadersFuzzTest#bun DocumentReadersFuzzTest#cycloneDx
           DocumentReadersFuzzTest#policy DocumentReadersFuzzTest#packument DocumentReadersFuzzTest#snapshotIndex
           AttestationsFuzzTest#attestations EcdsaBackendsFuzzTest#sameAnswerFromBothBackends)
fi
mvn -q -B -o install -DskipTests -DskipCds || exit 2
status=0
mkdir -p target/fuzz
for t in "${targets[@]}"; do
  log=target/fuzz/${t/\#/-}.log
  JAZZER_FUZZ=1 mvn -o -B -pl verify-core surefire:test -Dtest="$t" -Djazzer.max_duration="${seconds}s" \
      -Djazzer.instrumentation_includes='dev.trustlock.**' -DfailIfNoTests=false > "$log" 2>&1
  rc=$?
  execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  if [ $rc -eq 0 ]; then outcome=ok; else outcome="FINDING (see $log)"; status=1; fi
  printf '%-44s %5ss %10s execs  cov %6s  %s\n' "$t" "$seconds" "${execs:-0}" "${cov:-?}" "$outcome"
done
exit $status
