#!/usr/bin/env bash
# Regenerates every lockfile fixture under testdata/lockfiles/ (and, with --refresh, testdata/bench/).
#
#   testdata/lockfiles/regenerate.sh            # derive all other formats from the committed npm locks
#   testdata/lockfiles/regenerate.sh --refresh  # first re-resolve the npm locks against today's registry
#
# Default mode keeps npm-v3/package-lock.json and workspaces/ws-npm/package-lock.json as the source of
# truth and converts/imports/migrates them into the other formats, so every format carries the same
# resolutions (the whole point of the cross-format fixtures). --refresh changes versions everywhere:
# readers' tests that name versions will then need updating, and DIFFERENCES.md must be re-checked
# with `python3 testdata/lockfiles/tools/lockfile_packages.py`.
#
# Needs: node 20 + npm, python3 with PyYAML, the npm registry. Never runs package install scripts:
# npm/pnpm/bun get --ignore-scripts / ignore-scripts=true, yarn 4 gets enableScripts: false, yarn 1
# only runs `import` (no install). Package managers are installed into a scratch dir outside the repo.
set -euo pipefail

REFRESH=0
[[ "${1:-}" == "--refresh" ]] && REFRESH=1

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$HERE/../bench/large"
PM="${PM_DIR:-/tmp/trustlock-pm}"
WORK="$(mktemp -d /tmp/trustlock-regen.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# Tool versions used for the committed fixtures.
NPM_VERSION=11.19.1
YARN1_VERSION=1.22.22
YARN4_VERSION=4.18.1
PNPM7_VERSION=7.33.7
PNPM8_VERSION=8.15.9
PNPM9_VERSION=9.15.9
BUN_VERSION=1.4.5

echo "== installing package managers into $PM"
mkdir -p "$PM"
npm install --prefix "$PM" --ignore-scripts --no-audit --no-fund --no-save \
  "npm@$NPM_VERSION" "yarn@$YARN1_VERSION" "@yarnpkg/cli-dist@$YARN4_VERSION" \
  "pnpm7@npm:pnpm@$PNPM7_VERSION" "pnpm8@npm:pnpm@$PNPM8_VERSION" "pnpm9@npm:pnpm@$PNPM9_VERSION" \
  "bun@$BUN_VERSION" >/dev/null

# The machine-wide npmrc may set omit-lockfile-registry-resolved=true; real-world locks carry
# "resolved" URLs and our readers must see them, so force it off.
npm_() { node "$PM/node_modules/npm/bin/npm-cli.js" --ignore-scripts --no-audit --no-fund \
  --omit-lockfile-registry-resolved=false "$@"; }
yarn1() { node "$PM/node_modules/yarn/bin/yarn.js" "$@"; }
yarn4() { YARN_ENABLE_TELEMETRY=0 node "$PM/node_modules/@yarnpkg/cli-dist/bin/yarn.js" "$@"; }
pnpm_() { local v="$1"; shift; node "$PM/node_modules/pnpm$v/bin/pnpm.cjs" "$@"; }
BUN_BIN="$(ls "$PM"/node_modules/@oven/bun-linux-*/bin/bun 2>/dev/null | head -n1)"
bun_() { BUN_INSTALL_CACHE_DIR="$WORK/bun-cache" "$BUN_BIN" "$@"; }

[[ "$(npm_ --version)" == "$NPM_VERSION" ]] || { echo "npm $NPM_VERSION not usable" >&2; exit 1; }
[[ -x "$BUN_BIN" ]] || { echo "bun binary not found under $PM/node_modules/@oven" >&2; exit 1; }

pnpm_rc() {  # lockfile-only runs, private store, never scripts
  printf 'ignore-scripts=true\nstore-dir=%s\n%s' "$WORK/pnpm-store" "${1:-}" > .npmrc
}
yarn4_rc() {
  printf 'enableScripts: false\nenableTelemetry: false\nnodeLinker: node-modules\nenableGlobalCache: false\ncacheFolder: %s\n' \
    "$WORK/yarn4-cache" > .yarnrc.yml
}
# fresh scratch dir holding a copy of the fixture's manifests ($1 = source dir, $2 = scratch name)
scratch() {
  rm -rf "$WORK/$2"; mkdir -p "$WORK/$2"
  (cd "$1" && find . -name package.json -not -path '*/node_modules/*' -not -path './ws-*' \
     | xargs cp --parents -t "$WORK/$2")
  echo "$WORK/$2"
}

# ---------------------------------------------------------------- 1. the ~500-package app
APP="$HERE/app"
for d in npm-v3 npm-v2 npm-v1 npm-shrinkwrap yarn-classic yarn-berry pnpm-v5 pnpm-v6 pnpm-v9 bun; do
  mkdir -p "$HERE/$d"; cp "$APP/package.json" "$HERE/$d/package.json"
done

echo "== npm-v3"
if [[ $REFRESH == 1 ]]; then
  s=$(scratch "$APP" npm-v3); (cd "$s" && npm_ install --package-lock-only)
  cp "$s/package-lock.json" "$HERE/npm-v3/package-lock.json"
fi
V3="$HERE/npm-v3/package-lock.json"

echo "== npm-v2, npm-v1 (converted from the v3 lock; v1 is the nested 'dependencies' format)"
for v in 2 1; do
  s=$(scratch "$APP" "npm-v$v"); cp "$V3" "$s/"
  (cd "$s" && npm_ install --package-lock-only --lockfile-version "$v")
  cp "$s/package-lock.json" "$HERE/npm-v$v/package-lock.json"
done

echo "== npm-shrinkwrap (npm shrinkwrap renames the v3 lock)"
s=$(scratch "$APP" shrink); cp "$V3" "$s/"
(cd "$s" && npm_ shrinkwrap)
cp "$s/npm-shrinkwrap.json" "$HERE/npm-shrinkwrap/npm-shrinkwrap.json"

echo "== yarn-classic (yarn import only understands the v1 npm lock)"
s=$(scratch "$APP" yarn1); cp "$HERE/npm-v1/package-lock.json" "$s/"
(cd "$s" && yarn1 import --non-interactive --ignore-scripts)
cp "$s/yarn.lock" "$HERE/yarn-classic/yarn.lock"

echo "== yarn-berry (yarn 4 migrates the classic yarn.lock, keeping its resolutions)"
s=$(scratch "$APP" yarn4); cp "$HERE/yarn-classic/yarn.lock" "$s/"
(cd "$s" && yarn4_rc && yarn4 install --mode=update-lockfile)
cp "$s/yarn.lock" "$HERE/yarn-berry/yarn.lock"

echo "== pnpm-v5 / v6 / v9 (pnpm import from the v3 lock)"
for pair in 7:pnpm-v5 8:pnpm-v6 9:pnpm-v9; do
  v=${pair%%:*}; d=${pair#*:}
  s=$(scratch "$APP" "pnpm$v"); cp "$V3" "$s/"
  (cd "$s" && pnpm_rc && pnpm_ "$v" import)
  cp "$s/pnpm-lock.yaml" "$HERE/$d/pnpm-lock.yaml"
done

echo "== bun (bun migrates a package-lock.json found beside package.json; writes text bun.lock)"
s=$(scratch "$APP" bun); cp "$V3" "$s/"
(cd "$s" && bun_ install --lockfile-only --ignore-scripts)
cp "$s/bun.lock" "$HERE/bun/bun.lock"

# ---------------------------------------------------------------- 2. npm's own SBOM of npm-v3
echo "== npm-v3/npm-sbom.cdx.json"
(cd "$HERE/npm-v3" && npm_ sbom --package-lock-only --sbom-format cyclonedx > npm-sbom.cdx.json)

# ---------------------------------------------------------------- 3. workspaces monorepo
WS="$HERE/workspaces"
for d in ws-npm ws-pnpm ws-yarn-berry ws-bun; do
  rm -rf "$WS/$d/packages"; mkdir -p "$WS/$d"
  cp "$WS/package.json" "$WS/$d/"; cp -r "$WS/packages" "$WS/$d/"
done
printf 'packages:\n  - "packages/*"\n' > "$WS/ws-pnpm/pnpm-workspace.yaml"

echo "== workspaces/ws-npm"
if [[ $REFRESH == 1 ]]; then
  s=$(scratch "$WS" ws-npm); (cd "$s" && npm_ install --package-lock-only)
  cp "$s/package-lock.json" "$WS/ws-npm/package-lock.json"
fi
WSLOCK="$WS/ws-npm/package-lock.json"

echo "== workspaces/ws-pnpm (pnpm 9 import; link-workspace-packages so ^1.2.0 links the member)"
s=$(scratch "$WS" ws-pnpm); cp "$WSLOCK" "$WS/ws-pnpm/pnpm-workspace.yaml" "$s/"
(cd "$s" && pnpm_rc 'link-workspace-packages=true
' && pnpm_ 9 import)
cp "$s/pnpm-lock.yaml" "$WS/ws-pnpm/pnpm-lock.yaml"

echo "== workspaces/ws-yarn-berry (yarn 4 cannot import npm locks: resolves on its own)"
s=$(scratch "$WS" ws-yarn4)
(cd "$s" && yarn4_rc && yarn4 install --mode=update-lockfile)
cp "$s/yarn.lock" "$WS/ws-yarn-berry/yarn.lock"

echo "== workspaces/ws-bun (migrated from the npm lock)"
s=$(scratch "$WS" ws-bun); cp "$WSLOCK" "$s/"
(cd "$s" && bun_ install --lockfile-only --ignore-scripts)
cp "$s/bun.lock" "$WS/ws-bun/bun.lock"

# ---------------------------------------------------------------- 4. benchmark lock (refresh only)
if [[ $REFRESH == 1 ]]; then
  echo "== bench/large (>= 5000 packages entries; ERESOLVE peer warnings are expected)"
  s=$(scratch "$BENCH" large); (cd "$s" && npm_ install --package-lock-only)
  cp "$s/package-lock.json" "$BENCH/package-lock.json"
fi

echo "== distinct name@version per format"
python3 "$HERE/tools/lockfile_packages.py"
