#!/usr/bin/env bash
# trustlock verify of the ~500-package fixture testdata/lockfiles/npm-v3 against a generated
# snapshot in which every package was published with provenance (attestations over the
# lockfile's own integrities, signed by the tests' Sigstore PKI; registry signatures), and an
# earlier release of each line a day before:
#   1. whole-process time, launched as bin/trustlock launches it (target: < 3 s);
#   2. what judging each release against its certified history costs: the same run against a
#      snapshot whose earlier releases have no provenance (nothing earlier to verify), and the
#      share of the wall time the history verification takes (target: at most 30%), on a first
#      run and on later ones that find the earlier releases' verified provenance in --cache-dir;
#   3. requests per second against a loopback registry with a cold cache (in-process).
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
trust=(--trusted-root "$work/snapshot/trust/trusted_root.json" --npm-keys "$work/snapshot/trust/keys.json")
# One timed run: prints "wall-ms cpu-ms verified total" (cpu = user + system of the JVM).
run() {
  local start end code cpu
  start=$(date +%s%N)
  set +e
  local snap="$1"; shift
  cpu=$( { /usr/bin/time -f '%U %S' java "${jvm[@]}" -jar "$jar" verify "$project" --snapshot "$snap" "${trust[@]}" "$@" \
      --format json -o "$work/report.json" 2>"$work/time.txt" >/dev/null; } 2>&1; tail -1 "$work/time.txt")
  code=$?
  set -e
  end=$(date +%s%N)
  if [ ! -s "$work/report.json" ]; then echo "verify wrote no report (exit $code)" >&2; exit 1; fi
  echo "$(( (end - start) / 1000000 )) $(echo "$cpu" | awk '{printf "%d", ($1 + $2) * 1000}') \
$(grep -o '"verified" : [0-9]*' "$work/report.json" | head -1 | grep -o '[0-9]*$') \
$(grep -o '"packages" : [0-9]*' "$work/report.json" | head -1 | grep -o '[0-9]*$')"
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
least() { printf '%s\n' "$@" | sort -n | head -1; }
share() { echo $(( ($1 - $2) * 100 / $1 )); }
echo "== whole process: trustlock verify $project --snapshot (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
run "$work/snapshot" >/dev/null   # warm the page cache
run "$work/snapshot" --cache-dir "$work/cache" >/dev/null   # fill the verified-results cache
with=(); without=(); with_cpu=(); without_cpu=(); warm=()
for i in 1 2 3 4 5 6 7; do
  read -r ms cpu verified total < <(run "$work/snapshot")
  with+=("$ms"); with_cpu+=("$cpu")
  printf 'run %d with history:    %5d ms wall, %5d ms cpu, %s of %s packages verified\n' "$i" "$ms" "$cpu" "$verified" "$total"
  read -r ms cpu verified total < <(run "$work/snapshot-no-history")
  without+=("$ms"); without_cpu+=("$cpu")
  printf 'run %d without history: %5d ms wall, %5d ms cpu, %s of %s packages verified\n' "$i" "$ms" "$cpu" "$verified" "$total"
  read -r ms cpu verified total < <(run "$work/snapshot" --cache-dir "$work/cache")
  warm+=("$ms")
  printf 'run %d history, warm:   %5d ms wall, %5d ms cpu, %s of %s packages verified\n' "$i" "$ms" "$cpu" "$verified" "$total"
done
w=$(least "${with[@]}"); wo=$(least "${without[@]}")
mw=$(median "${with[@]}"); mwo=$(median "${without[@]}")
cw=$(least "${with_cpu[@]}"); cwo=$(least "${without_cpu[@]}")
ww=$(least "${warm[@]}"); mww=$(median "${warm[@]}")
echo "== history verification share of verify's wall time (target <= 30%)"
echo "   cold (first run): $(share "$w" "$wo")% by the fastest runs ($w vs $wo ms), $(share "$mw" "$mwo")% by the medians" \
  "($mw vs $mwo ms); of cpu time $(share "$cw" "$cwo")%"
echo "   warm (earlier releases' verified provenance kept in --cache-dir): $(share "$ww" "$wo")% by the fastest runs" \
  "($ww vs $wo ms), $(share "$mww" "$mwo")% by the medians ($mww vs $mwo ms) =="
echo "== loopback registry, cold cache =="
java -cp "$cp" dev.trustlock.cli.LoopbackVerifyBench "$project" "$work/snapshot" 16
