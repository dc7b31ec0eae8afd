#!/bin/sh
# Builds trustlock-VERSION-OS-ARCH.tar.gz: a jlink'd Java runtime holding only the modules
# trustlock uses (with its own base CDS archive), the jar, and bin/trustlock, which makes the
# application's CDS archive on its first run wherever the archive was unpacked.
# Run by `mvn -Pdist package` (cli/pom.xml); arguments: VERSION TARGET_DIR REPO_ROOT JAVA_HOME.
set -eu
version=$1 target=$2 root=$3 jdk=$4
case $(uname -m) in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
os=$(uname -s | tr '[:upper:]' '[:lower:]')
name="trustlock-$version-$os-$arch"
out="$target/dist/$name"
rm -rf "$out" "$target/$name.tar.gz"
mkdir -p "$out/bin" "$out/lib"
# What jdeps finds, plus what is reached only by reflection or service loading: EC keys
# (Sigstore's P-256 signatures), zip file systems, and DNS for the HTTP client.
modules=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 "$target/trustlock.jar")
modules="$modules,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns,jdk.localedata"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive --output "$out/runtime"
cp "$target/trustlock.jar" "$out/lib/trustlock.jar"
cp "$root/cli/src/dist/trustlock" "$out/bin/trustlock"
chmod 755 "$out/bin/trustlock"
cp "$root/cli/src/dist/README.txt" "$out/README.txt"
tar -C "$target/dist" -czf "$target/$name.tar.gz" "$name"
echo "trustlock: built $target/$name.tar.gz ($(du -h "$target/$name.tar.gz" | cut -f1))"
