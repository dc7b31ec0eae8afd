#!/usr/bin/env bash
# trustlock verify of the ~500-package fixture testdata/lockfiles/npm-v3 against a generated
# snapshot in which every package was published with provenance (attestations over the
# lockfile's own integrities, signed by the tests' Sigstore PKI; registry signatures):
#   1. whole-process time, launched as bin/trustlock launches it (target: < 3 s);
#   2. requests per second against a loopback registry with a cold cache (in-process).
# Usage: bench/verify-snapshot.sh [LOCKFILE-OR-DIR]   (TRUSTLOCK_BUILD_DIR=target-x: another build dir)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="${1:-$root/testdata/lockfiles/npm-v3}"
build="${TRUSTLOCK_BUILD_DIR:-target}"
offline=()
if [ "${MVN_OFFLINE:-1}" = 1 ]; then offline=(-o); fi
mvn "${offline[@]}" -q -B -f "$root/pom.xml" -pl verify-core,cli -Dtrustlock.buildDirName="$build" -DskipTests \
  package dependency:build-classpath -Dmdep.outputFile=bench-classpath.txt -Dmdep.includeScope=test
# dependency:build-classpath writes beside each module's pom; read and remove.
cp="$root/cli/$build/test-classes:$root/cli/$build/classes:$root/verify-core/$build/test-classes"
cp="$cp:$root/verify-core/$build/classes:$(cat "$root/verify-core/bench-classpath.txt"):$(cat "$root/cli/bench-classpath.txt")"
rm -f "$root/verify-core/bench-classpath.txt" "$root/cli/bench-classpath.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp "$cp" dev.trustlock.core.verify.BenchProject "$project" "$work" >/dev/null
jar="$root/cli/$build/trustlock.jar"
jsa="$root/cli/$build/trustlock.jsa"
# The same JVM options as bin/trustlock (C1 only, serial GC, the CDS archive when built).
jvm=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss4m)
if [ -f "$jsa" ]; then jvm+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off); fi
echo "== whole process: trustlock verify $project --snapshot (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
for i in 1 2 3; do
  start=$(date +%s%N)
  set +e
  java "${jvm[@]}" -jar "$jar" verify "$project" --snapshot "$work/snapshot" --format json -o "$work/report.json" 2>/dev/null
  code=$?
  set -e
  end=$(date +%s%N)
  verified=$(grep -o '"verified" : [0-9]*' "$work/report.json" | head -1 | grep -o '[0-9]*$')
  total=$(grep -o '"packages" : [0-9]*' "$work/report.json" | head -1 | grep -o '[0-9]*$')
  printf 'run %d: %d ms, exit %d, %s of %s packages verified\n' "$i" $(( (end - start) / 1000000 )) "$code" "$verified" "$total"
done
echo "== loopback registry, cold cache =="
java -cp "$cp" dev.trustlock.cli.LoopbackVerifyBench "$project" "$work/snapshot" 16
