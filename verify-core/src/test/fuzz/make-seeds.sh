#!/usr/bin/env bash
# Builds the fuzzing seed corpus from testdata/ (after `mvn -q package -DskipTests`, which the
# SBOM seeds need; commit the result).
# Each target gets whole small inputs and the first entries of the larger ones (cut at an entry
# boundary), so that seeds are representative yet small enough to mutate quickly.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
res=verify-core/src/test/resources/dev/trustlock/core/fuzz
t=testdata

seed() { # target-dir name source [max-lines]
  mkdir -p "$res/$1"
  if [ -n "${4:-}" ]; then head -n "$4" "$3" > "$res/$1/seed-$2"; else cp "$3" "$res/$1/seed-$2"; fi
}
# Cut a lockfile after N lines, then back to the last blank line so the cut is between entries.
cut_at_entry() { # target-dir name source lines
  mkdir -p "$res/$1"
  head -n "$4" "$3" | awk 'BEGIN{n=0} {lines[n++]=$0} END{last=n; for(i=n-1;i>=0;i--) if (lines[i]=="") {last=i; break} for(i=0;i<last;i++) print lines[i]}' > "$res/$1/seed-$2"
}

L=LockfileReadersFuzzTestInputs
rm -rf "$res"
seed $L/npm axios-clean $t/scenarios/axios-2026-03-31/clean/package-lock.json
seed $L/npm old-line $t/scenarios/old-line-no-provenance/project/package-lock.json
seed $L/npm v1-head $t/lockfiles/npm-v1/package-lock.json 80
seed $L/npm v3-head $t/lockfiles/npm-v3/package-lock.json 120
cut_at_entry $L/yarnClassic app $t/lockfiles/yarn-classic/yarn.lock 120
cut_at_entry $L/yarnBerry app $t/lockfiles/yarn-berry/yarn.lock 120
cut_at_entry $L/pnpm v9 $t/lockfiles/pnpm-v9/pnpm-lock.yaml 150
cut_at_entry $L/pnpm v6 $t/lockfiles/pnpm-v6/pnpm-lock.yaml 150
cut_at_entry $L/pnpm v5 $t/lockfiles/pnpm-v5/pnpm-lock.yaml 150
seed $L/bun small $t/lockfiles/bun-small/bun.lock

D=DocumentReadersFuzzTestInputs
mkdir -p $res/$D/cycloneDx
# SBOMs of the scenario projects, as trustlock writes them (JSON, spec 1.6 and 1.5).
SOURCE_DATE_EPOCH=0 bin/trustlock sbom $t/scenarios/axios-2026-03-31/clean -o $res/$D/cycloneDx/seed-axios-clean.json 2>/dev/null
SOURCE_DATE_EPOCH=0 bin/trustlock sbom $t/scenarios/old-line-no-provenance/project --spec 1.5 \
    -o $res/$D/cycloneDx/seed-old-line.json 2>/dev/null
for p in $t/scenarios/policy-unit/policies/*.yaml; do seed $D/policy "$(basename "$p" .yaml)" "$p"; done
for p in $t/scenarios/policy-unit/*.packument.json; do seed $D/packument "$(basename "$p" .packument.json)" "$p"; done
seed $D/snapshotIndex axios $t/scenarios/axios-2026-03-31/snapshot/index.json
seed $D/snapshotIndex old-line $t/scenarios/old-line-no-provenance/snapshot/index.json

A=AttestationsFuzzTestInputs
for f in $t/scenarios/axios-2026-03-31/snapshot/attestations/axios@1.14.0.json \
         $t/scenarios/axios-2026-03-31/snapshot/attestations/axios@1.13.2.json; do
  seed $A/attestations "$(basename "$f" .json)" "$f"
done
echo "seeds written under $res"
