#!/usr/bin/env bash
# Builds verify-core and the JMH benchmarks, then measures offline verification throughput on
# one core (one op = 1 package: provenance bundle + publish bundle + registry signature).
# Usage: bench/verify-throughput.sh [extra JMH args, e.g. -wi 1 -i 3]
# Needs ../shared/fixtures/real-world beside the repository (or TRUSTLOCK_FIXTURES=DIR).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
fixtures="${TRUSTLOCK_FIXTURES:-$root/../shared/fixtures}"
if [ ! -d "$fixtures/real-world" ]; then
  echo "verify-throughput: no fixtures at $fixtures/real-world (set TRUSTLOCK_FIXTURES)" >&2
  exit 2
fi
offline=()
if [ "${MVN_OFFLINE:-1}" = 1 ]; then offline=(-o); fi
# verify-core is packaged in this tree (not installed: the local repository is shared).
mvn "${offline[@]}" -q -B -f "$root/pom.xml" -pl verify-core -am -DskipTests package
mvn "${offline[@]}" -q -B -f "$here/jmh/pom.xml" -DskipTests compile dependency:build-classpath \
  -Dmdep.outputFile="$here/jmh/target/classpath.txt" -Dmdep.includeScope=runtime
cp="$here/jmh/target/classes:$root/verify-core/target/verify-core-0.1.0-SNAPSHOT.jar:$(cat "$here/jmh/target/classpath.txt")"
out="$(mktemp)"
java -cp "$cp" org.openjdk.jmh.Main -jvmArgsAppend "-Dtrustlock.fixtures=$fixtures" \
  -rf text -rff "$out" "$@" VerifyThroughputBenchmark
echo
echo "== packages/s/core (each = 2 Sigstore bundles + 1 registry signature) =="
# JMH text line: <Benchmark> thrpt <Cnt> <Score> ± <Error> ops/s
awk '/VerifyThroughputBenchmark\./ { name=$1; sub(/.*\./, "", name);
  printf "%-12s %8.0f packages/s/core = %8.0f bundles/s/core (error %s)\n", name, $4, 2*$4, $6 }' "$out"
rm -f "$out"
