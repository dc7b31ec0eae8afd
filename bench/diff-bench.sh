#!/usr/bin/env bash
# trustlock diff against trustlock verify, whole process, on the same snapshot: two lockfiles of
# N packages (default 2,000) as a routine update changes one (every tenth package moved from
# 1.0.0 to 1.1.0, the last 2% replaced by new packages), every version published with provenance
# and a history to verify (BenchProject diff). diff judges the new lockfile in full and the old
# one only where it differs, so it should cost little more than verify of the new one.
# Target: diff's median wall time at most 1.20x verify's. Launched as bin/trustlock launches it.
# Usage: bench/diff-bench.sh [N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
n="${1:-2000}"
offline=()
if [ "${MVN_OFFLINE:-1}" = 1 ]; then offline=(-o); fi
mvn "${offline[@]}" -q -B -f "$root/pom.xml" -pl verify-core,cli -DskipTests \
  package dependency:build-classpath -Dmdep.outputFile=bench-classpath.txt -Dmdep.includeScope=test
cp="$root/verify-core/target/test-classes:$root/verify-core/target/classes:$(cat "$root/verify-core/bench-classpath.txt")"
rm -f "$root/verify-core/bench-classpath.txt" "$root/cli/bench-classpath.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp "$cp" dev.trustlock.core.verify.BenchProject diff "$n" "$work" >/dev/null
jar="$root/cli/target/trustlock.jar"
jsa="$root/cli/target/trustlock.jsa"
jvm=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss4m)
if [ -f "$jsa" ]; then jvm+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off); fi
snap=(--snapshot "$work/snapshot" --trusted-root "$work/snapshot/trust/trusted_root.json"
      --npm-keys "$work/snapshot/trust/keys.json")
# ms CMD...: the wall time of one run in milliseconds; the report must have been written.
ms() {
  local start end
  rm -f "$work/out.json"
  start=$(date +%s%N)
  java "${jvm[@]}" -jar "$jar" "$@" "${snap[@]}" --format json -o "$work/out.json" -q 2>"$work/err" || true
  end=$(date +%s%N)
  [ -s "$work/out.json" ] || { echo "no report from: $*" >&2; cat "$work/err" >&2; exit 1; }
  echo $(( (end - start) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
ms verify "$work/new" >/dev/null   # warm the page cache
verify=(); diff=()
echo "== trustlock diff vs verify, $n packages per lockfile (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
for i in 1 2 3 4 5; do
  v=$(ms verify "$work/new"); d=$(ms diff "$work/old" "$work/new")
  verify+=("$v"); diff+=("$d")
  printf 'run %d: verify new %6d ms   diff old new %6d ms\n' "$i" "$v" "$d"
done
summary=$(grep -o '"added" : [0-9]*\|"removed" : [0-9]*\|"changed" : [0-9]*\|"unchanged" : [0-9]*' "$work/out.json" | tr '\n' ' ')
mv=$(median "${verify[@]}"); md=$(median "${diff[@]}")
echo "diff found: $summary"
awk -v d="$md" -v v="$mv" 'BEGIN { printf "median: verify %d ms, diff %d ms: diff/verify = %.2fx (target <= 1.20x)\n", v, d, d / v }'
