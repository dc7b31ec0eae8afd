#!/bin/sh
# End-to-end test of the dist archive, run by `mvn -Pdist verify`: unpacked into a temporary
# directory, started through a chain of symlinks from another directory, with JAVA_HOME unset
# and no java on PATH, it must build an SBOM and give the axios scenario's verdict (exit 1).
set -eu
archive=$1 root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$archive"
home=$(echo "$work"/trustlock-*)
# A PATH holding only the tools the launcher uses: no java anywhere on it.
mkdir -p "$work/tools" "$work/links/deeper" "$work/elsewhere"
for t in sh dirname readlink cat cksum cut mkdir mv rm printf; do ln -s "$(command -v $t)" "$work/tools/$t"; done
ln -s "$home/bin/trustlock" "$work/links/trustlock"
ln -s ../trustlock "$work/links/deeper/trustlock"
run() {
  (cd "$work/elsewhere" && env -i PATH="$work/tools" HOME="$work" "$work/links/deeper/trustlock" "$@")
}
fail() { echo "dist e2e: FAIL: $*" >&2; exit 1; }
if env -i PATH="$work/tools" sh -c 'command -v java' >/dev/null 2>&1; then fail "java is on the test PATH"; fi

run --version | grep -q "trustlock" || fail "--version"
# The source tree's launcher (which uses the installed Java) also works through symlinks...
ln -s "$root/bin/trustlock" "$work/links/dev-trustlock"
(cd "$work/elsewhere" && "$work/links/dev-trustlock" --version) | grep -q trustlock || fail "bin/trustlock through a symlink"
# ...and when its start-up archive no longer fits the JDK (an update: here its record is made
# stale; with a second JDK installed, that JDK is used for real), it remakes it, and the JVM
# accepts the new one (-Xshare:on fails instead of silently running without).
jsa="$root/cli/target/trustlock.jsa"
if [ -f "$jsa.id" ]; then
  check_archive() {
    "$1" -XX:SharedArchiveFile="$jsa" -Xshare:on -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC \
      -XX:-UsePerfData -Xss4m -jar "$root/cli/target/trustlock.jar" --version >/dev/null 2>&1
  }
  # The trained archive is put back afterwards: the remade ones only saw --version.
  cp "$jsa" "$work/trained.jsa" && cp "$jsa.id" "$work/trained.jsa.id"
  trap 'mv -f "$work/trained.jsa" "$jsa"; mv -f "$work/trained.jsa.id" "$jsa.id"; rm -rf "$work"' EXIT
  echo "stale" > "$jsa.id"
  (cd "$work/elsewhere" && "$work/links/dev-trustlock" --version 2>"$work/remake.txt") | grep -q trustlock || fail "remake run"
  grep -q "remaking it" "$work/remake.txt" || fail "no word that the archive is being remade"
  check_archive java || fail "the remade archive is rejected"
  other=$(ls -d /usr/lib/jvm/temurin-2*-jdk-* 2>/dev/null | head -1 || true)
  if [ -n "$other" ] && [ -x "$other/bin/java" ]; then
    (cd "$work/elsewhere" && JAVA_HOME="$other" "$work/links/dev-trustlock" --version 2>/dev/null) | grep -q trustlock \
      || fail "bin/trustlock on $other"
    check_archive "$other/bin/java" || fail "the archive remade for $other is rejected by it"
    (cd "$work/elsewhere" && "$work/links/dev-trustlock" --version 2>/dev/null) | grep -q trustlock || fail "back on java"
    check_archive java || fail "the archive remade for the default java is rejected"
  fi
fi
run sbom "$root/testdata/lockfiles/npm-v3" -o - > "$work/sbom.json" 2>/dev/null || fail "sbom exited $?"
grep -q '"bomFormat" : "CycloneDX"' "$work/sbom.json" || fail "sbom wrote no CycloneDX"
s="$root/testdata/scenarios/axios-2026-03-31"
set +e
run verify "$s/compromised" --snapshot "$s/snapshot" --trusted-root "$s/snapshot/trust/trusted_root.json" \
  --npm-keys "$s/snapshot/trust/keys.json" --no-policy --format json -o "$work/report.json" 2>"$work/err.txt"
code=$?
set -e
[ "$code" -eq 1 ] || { cat "$work/err.txt" >&2; fail "verify of the axios scenario exited $code, expected 1"; }
grep -q '"trust-downgrade"' "$work/report.json" || fail "no trust-downgrade finding for axios 1.14.1"
run completion bash | grep -q "complete -F" || fail "completion bash"
# The first run made the class-data-sharing archive for this location; the JVM must accept it
# (-Xshare:on fails instead of silently running without).
[ -f "$home/lib/trustlock.jsa" ] || fail "no class-data-sharing archive after the first runs"
env -i PATH="$work/tools" "$home/runtime/bin/java" -XX:SharedArchiveFile="$home/lib/trustlock.jsa" -Xshare:on \
  -jar "$home/lib/trustlock.jar" --version >/dev/null 2>&1 || fail "the JVM rejects the archive the launcher made"
# Moved elsewhere, the archive no longer fits: the launcher makes a new one instead of running without.
mv "$home" "$work/moved"
home="$work/moved"
(cd "$work/elsewhere" && env -i PATH="$work/tools" HOME="$work" "$home/bin/trustlock" --version) | grep -q trustlock \
  || fail "--version after moving the installation"
[ "$(cat "$home/lib/trustlock.jsa.home")" = "$home" ] || fail "the archive was not remade for the new location"
env -i PATH="$work/tools" "$home/runtime/bin/java" -XX:SharedArchiveFile="$home/lib/trustlock.jsa" -Xshare:on \
  -jar "$home/lib/trustlock.jar" --version >/dev/null 2>&1 || fail "the JVM rejects the remade archive"
# Installed read-only (as root into /opt, run by a user): the archive goes to the user's cache.
# Root writes anywhere, so as root this part runs as nobody (setpriv, util-linux).
mv "$home" "$work/readonly" && home="$work/readonly" && chmod a-w "$home/lib"
as_user=""
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null 2>&1; then
    as_user="$(command -v setpriv) --reuid=65534 --regid=65534 --clear-groups"
    chmod 755 "$work" "$work/tools" "$work/elsewhere" && mkdir -p "$work/user" && chown 65534 "$work/user"
  else
    echo "dist e2e: read-only installation not checked: running as root and no setpriv to drop privileges" >&2
  fi
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
  mkdir -p "$work/user"
  (cd "$work/elsewhere" && $as_user env -i PATH="$work/tools" HOME="$work/user" "$home/bin/trustlock" --version) \
    | grep -q trustlock || fail "--version from a read-only installation"
  ls "$work/user/.cache/trustlock/"cds-*.jsa >/dev/null 2>&1 || fail "no archive in the user's cache for a read-only installation"
fi
chmod u+w "$home/lib"
echo "dist e2e: ok ($(basename "$archive"): symlinked, moved, no java on PATH, sbom + verify + completion)"
