#!/usr/bin/env python3
"""List the distinct installed name@version of each fixture lockfile and diff them against npm-v3.

Deliberately independent of the Java readers (a second, naive implementation), so that tests and
DIFFERENCES.md can be cross-checked against it. Needs only python3 + PyYAML.

  python3 tools/lockfile_packages.py                 # counts + diff of every folder vs npm-v3
  python3 tools/lockfile_packages.py FILE            # print the name@version set of one lockfile
"""
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def split_name(spec):
    """'@scope/name@1.2.3' -> ('@scope/name', '1.2.3')."""
    at = spec.rindex("@", 1)
    return spec[:at], spec[at + 1:]


def npm_packages(doc):
    out = set()
    if "packages" in doc:
        for path, p in doc["packages"].items():
            if "node_modules/" not in path or p.get("link"):
                continue
            name = p.get("name") or path[path.rindex("node_modules/") + len("node_modules/"):]
            out.add(f"{name}@{p['version']}")
        return out

    def walk(deps):
        for name, d in deps.items():
            v = d["version"]
            if v.startswith("npm:"):
                out.add(v[4:])
            elif not v.startswith("file:"):
                out.add(f"{name}@{v}")
            walk(d.get("dependencies", {}))

    walk(doc.get("dependencies", {}))
    return out


def yarn_classic(text):
    out = set()
    header = None
    for line in text.splitlines():
        if line and not line.startswith((" ", "#")) and line.endswith(":"):
            header = line[:-1].split(", ")[0].strip('"')
        elif header and line.startswith("  version "):
            at = header.index("@", 1)
            name, rng = header[:at], header[at + 1:]
            if rng.startswith("npm:") and "@" in rng[5:]:
                name = split_name(rng[4:])[0]  # alias: "foo@npm:bar@^1" installs bar
            out.add(f"{name}@{line.split(None, 1)[1].strip(chr(34))}")
            header = None
    return out


def yarn_berry(doc):
    out = set()
    for key, e in doc.items():
        if key == "__metadata" or "@workspace:" in e["resolution"]:
            continue
        res = e["resolution"]
        name = res[: res.index("@", 1)]
        out.add(f"{name}@{e['version']}")
    return out


def pnpm(doc):
    out = set()
    v = str(doc["lockfileVersion"])
    for key, e in (doc.get("packages") or {}).items():
        e = e or {}
        if "name" in e and "version" in e:
            out.add(f"{e['name']}@{e['version']}")
            continue
        k = key.lstrip("/")
        if v.startswith("5"):
            parts = k.split("/")
            n = 2 if k.startswith("@") else 1
            name, ver = "/".join(parts[:n]), parts[n].split("_")[0]
        else:
            k = re.sub(r"\(.*$", "", k)
            name, ver = split_name(k)
        out.add(f"{name}@{ver}")
    return out


def bun(text):
    # bun.lock is JSON with trailing commas
    doc = json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
    out = set()
    for _, e in doc["packages"].items():
        spec = e[0]
        name, ver = split_name(spec)
        if ver.startswith(("workspace:", "file:", "link:")):
            continue
        out.add(f"{name}@{ver}")
    return out


def packages_of(path):
    base = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if base in ("package-lock.json", "npm-shrinkwrap.json"):
        return npm_packages(json.loads(text))
    if base == "yarn.lock":
        return yarn_berry(yaml.safe_load(text)) if "__metadata:" in text else yarn_classic(text)
    if base == "pnpm-lock.yaml":
        return pnpm(yaml.safe_load(text))
    if base == "bun.lock":
        return bun(text)
    raise SystemExit(f"unknown lockfile {path}")


LOCKS = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"]


def lockfile_in(folder):
    for name in LOCKS:
        p = os.path.join(folder, name)
        if os.path.exists(p):
            return p
    return None


def report(reference, folders):
    ref = packages_of(lockfile_in(os.path.join(ROOT, reference)))
    print(f"{reference}: {len(ref)} distinct name@version (reference)")
    for folder in folders:
        lock = lockfile_in(os.path.join(ROOT, folder))
        if lock is None:
            continue
        got = packages_of(lock)
        print(f"{folder} ({os.path.basename(lock)}): {len(got)} distinct name@version")
        for p in sorted(got - ref):
            print(f"  + {p}   (only in {folder})")
        for p in sorted(ref - got):
            print(f"  - {p}   (only in {reference})")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        for p in sorted(packages_of(sys.argv[1])):
            print(p)
    else:
        report("npm-v3", ["npm-v2", "npm-v1", "npm-shrinkwrap", "yarn-classic", "yarn-berry",
                          "pnpm-v5", "pnpm-v6", "pnpm-v9", "bun"])
        report("workspaces/ws-npm", ["workspaces/ws-pnpm", "workspaces/ws-yarn-berry",
                                     "workspaces/ws-bun"])
