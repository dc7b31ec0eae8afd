#!/usr/bin/env bash
# Whole-process benchmark of trustlock against a registry: a loopback registry serves the 375 real
# packuments of ../shared/fixtures/real-histories (full documents, gzip, ETag/304, a latency per
# answer and an optional bandwidth), and `trustlock verify` checks a generated project depending
# on the latest release of each, with a cold cache, a warm cache, and from a snapshot. In the same
# script, on the same work:
#   - npm's own fetch stack (pacote + make-fetch-happen + cacache, as `npm install` uses) fetches
#     the same packuments from the same registry, cold and warm;
#   - @sigstore/verify (behind `npm audit signatures`) verifies the recorded real attestation
#     bundles offline, against trustlock's verifier on the same bundles.
# One table: wall time, requests, bytes on the wire, peak memory, and trustlock's ratio to each.
# The registry serves no attestations (none were recorded with the histories), so verify ends in
# exit 3; what is measured is the transfer and the pipeline, not the verdicts.
#
# Usage: bench/registry-bench.sh            (BENCH_LATENCIES="0 20 100" BENCH_KBPS=0 by default)
# Needs: Java 17, Maven, Node + npm and the npm registry for the references (else they are skipped).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$root/../shared/fixtures"
latencies="${BENCH_LATENCIES:-0 20 100}"
kbps="${BENCH_KBPS:-0}"
offline=()
if [ "${MVN_OFFLINE:-1}" = 1 ]; then offline=(-o); fi
mvn "${offline[@]}" -q -B -f "$root/pom.xml" -pl verify-core,cli -DskipTests \
  package dependency:build-classpath -Dmdep.outputFile=bench-classpath.txt -Dmdep.includeScope=test
cp="$root/cli/target/test-classes:$root/cli/target/classes:$root/verify-core/target/test-classes"
cp="$cp:$root/verify-core/target/classes:$(cat "$root/verify-core/bench-classpath.txt"):$(cat "$root/cli/bench-classpath.txt")"
rm -f "$root/verify-core/bench-classpath.txt" "$root/cli/bench-classpath.txt"
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
helper() { java -cp "$cp" dev.trustlock.cli.RealHistoriesBench "$@"; }

count=$(helper project "$shared/real-histories/packuments" "$work/project")
trust=(--trusted-root "$shared/real-world/trust/sigstore-public-good.trusted_root.json"
       --npm-keys "$shared/real-world/trust/npm-registry.keys.json")

node_ok=0
if command -v npm >/dev/null && (cd "$work" && mkdir node && cd node && echo '{"private":true}' > package.json \
    && npm install --silent --no-audit --no-fund --ignore-scripts pacote@21 @sigstore/verify@3 @sigstore/bundle@4 \
       @sigstore/protobuf-specs >/dev/null 2>&1); then
  node_ok=1
  export NODE_PATH="$work/node/node_modules"
fi

start_server() {
  rm -f "$work/port"
  java -cp "$cp" dev.trustlock.cli.RealHistoriesBench serve "$shared/real-histories/packuments" "$1" "$kbps" "$work/port" \
    >/dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.1; done
  url=$(cat "$work/port")
}
stop_server() { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
stats() { curl -s "${url}-/bench/stats"; }
reset() { curl -s "${url}-/bench/reset" >/dev/null; }
# timed CMD...: prints "wall_s peak_MB" of the whole process.
timed() {
  local s e
  s=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/mem" "$@" >/dev/null 2>"$work/stderr" || true
  e=$(date +%s%N)
  awk -v ns=$((e - s)) -v kb="$(tail -1 "$work/mem")" 'BEGIN { printf "%.2f %.0f", ns / 1e9, kb / 1024 }'
}
row() { # name latency "wall mem" stats-json
  local req bytes
  req=$(echo "$4" | sed 's/.*"requests":\([0-9]*\).*/\1/')
  bytes=$(echo "$4" | sed 's/.*"bytes":\([0-9]*\).*/\1/')
  set -- "$1" "$2" $3 "$req" "$bytes"
  printf "| %-22s | %7s | %8s | %8s | %10.1f | %8s |\n" "$1" "$2 ms" "$3" "$5" "$(awk -v b="$6" 'BEGIN{print b/1048576}')" "$4"
  echo "$1|$2|$3" >> "$work/walls"
}

echo "project: $count packages (latest release of each real packument); bandwidth: ${kbps:-0} KB/s (0 = unlimited)"
echo
echo "| run                    | latency | wall (s) | requests | wire (MB)  | peak MB  |"
echo "|---|---|---|---|---|---|"
for lat in $latencies; do
  start_server "$lat"
  cache="$work/cache-$lat"
  verify=(bin/trustlock verify "$work/project" --registry "$url" --cache-dir "$cache" --no-policy "${trust[@]}"
          --format json -o "$work/report.json")
  reset; r=$(cd "$root" && timed "${verify[@]}"); row "trustlock cold" "$lat" "$r" "$(stats)"
  reset; r=$(cd "$root" && timed "${verify[@]}"); row "trustlock warm" "$lat" "$r" "$(stats)"
  if [ "$node_ok" = 1 ]; then
    rm -rf "$work/npm-cache"
    reset; r=$(timed node "$here/ref/npm-fetch.js" "$url" "$work/project/names.json" "$work/npm-cache"); row "npm (pacote) cold" "$lat" "$r" "$(stats)"
    reset; r=$(timed node "$here/ref/npm-fetch.js" "$url" "$work/project/names.json" "$work/npm-cache"); row "npm (pacote) warm" "$lat" "$r" "$(stats)"
  fi
  if [ "$lat" = "$(echo $latencies | cut -d' ' -f1)" ]; then
    (cd "$root" && bin/trustlock fetch "$work/project" --registry "$url" "${trust[@]}" -o "$work/snapshot" >/dev/null 2>&1 || true)
    r=$(cd "$root" && timed bin/trustlock verify "$work/project" --snapshot "$work/snapshot" --no-policy "${trust[@]}" \
        --format json -o "$work/report.json")
    row "trustlock snapshot" "-" "$r" '{"requests":0,"bytes":0}'
  fi
  stop_server
done
echo
if [ "$node_ok" = 1 ]; then
  for lat in $latencies; do
    awk -F'|' -v l="$lat" '$2 == l { split($3, t, " "); w[$1] = t[1] } END {
      if (w["npm (pacote) cold"] > 0) printf "latency %s ms: trustlock verify / npm fetch, cold %.2fx, warm %.2fx\n", l,
        w["trustlock cold"] / w["npm (pacote) cold"], w["trustlock warm"] / w["npm (pacote) warm"] }' "$work/walls"
  done
else
  echo "npm references skipped: npm or the npm registry is not available"
fi
att=("$shared/real-world/attestations" "$shared/real-world/MANIFEST.json"
     "$shared/real-world/trust/sigstore-public-good.trusted_root.json" "$shared/real-world/trust/npm-registry.keys.json" 100)
tl=$(helper offline "${att[@]}")
echo "offline bundle verification, trustlock (one JVM):         $tl"
if [ "$node_ok" = 1 ]; then
  js=$(node "$here/ref/sigstore-verify.js" "${att[@]}")
  echo "offline bundle verification, @sigstore/verify (one node): $js"
  awk -v a="$tl" -v b="$js" 'BEGIN { split(a, x, ": "); split(b, y, ": "); printf "ratio trustlock/sigstore-js bundles per second: %.1fx\n", x[2] / y[2] }'
fi
