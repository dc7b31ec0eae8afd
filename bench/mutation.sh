#!/usr/bin/env bash
# Mutation testing (PIT) of the packages that decide verdicts: attest, detect, history, policy, verify.
#   bench/mutation.sh          runs PIT (about half an hour on 2 cores) and prints the score per package
#   bench/mutation.sh --summary   prints the score of the last run only
# The full report: verify-core/target/pit-reports/index.html; every mutant: mutations.xml there.
set -euo pipefail
cd "$(dirname "$0")/.."
xml=verify-core/target/pit-reports/mutations.xml
if [ "${1:-}" != "--summary" ]; then
  mkdir -p target
  mvn -q -B install -DskipTests -DskipCds
  mvn -B -P mutation -pl verify-core org.pitest:pitest-maven:mutationCoverage > target/mutation.log 2>&1 \
      || { tail -30 target/mutation.log; exit 1; }
fi
[ -f "$xml" ] || { echo "no PIT report at $xml; run without --summary" >&2; exit 2; }
# One mutation per line; count killed (KILLED, TIMED_OUT, MEMORY_ERROR) against all with a verdict.
tr -d '\n' < "$xml" | sed 's|</mutation>|</mutation>\n|g' | awk '
  match($0, /status=.[A-Z_]+./) { status = substr($0, RSTART + 8, RLENGTH - 9) }
  match($0, /<mutatedClass>[^<]+<\/mutatedClass>/) {
    cls = substr($0, RSTART + 14, RLENGTH - 29)
    split(cls, parts, "."); pkg = parts[4]
    if (status == "NO_COVERAGE" || status == "SURVIVED" || status == "KILLED" || status == "TIMED_OUT" \
        || status == "MEMORY_ERROR" || status == "RUN_ERROR") {
      total[pkg]++; all++
      if (status == "KILLED" || status == "TIMED_OUT" || status == "MEMORY_ERROR") { killed[pkg]++; k++ }
      if (status == "SURVIVED") survived[pkg]++
      if (status == "NO_COVERAGE") uncovered[pkg]++
    }
  }
  END {
    printf "%-10s %8s %8s %9s %10s %7s\n", "package", "mutants", "killed", "survived", "uncovered", "score"
    for (q in total) printf "%-10s %8d %8d %9d %10d %6.1f%%\n", q, total[q], killed[q], survived[q], uncovered[q], 100 * killed[q] / total[q]
    printf "%-10s %8d %8d %9s %10s %6.1f%%\n", "all", all, k, "", "", 100 * k / all
  }' | { IFS= read -r header; echo "$header"; sort; }
