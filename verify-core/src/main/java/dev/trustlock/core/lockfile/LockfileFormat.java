package dev.trustlock.core.lockfile;

import java.util.Locale;

/** Lockfile formats trustlock reads; the id is what {@code --lockfile-format} accepts. */
public enum LockfileFormat {
    NPM_PACKAGE_LOCK("npm", "package-lock.json / npm-shrinkwrap.json"),
    YARN_CLASSIC("yarn-classic", "yarn.lock (yarn 1)"),
    YARN_BERRY("yarn-berry", "yarn.lock (yarn 2+)"),
    PNPM("pnpm", "pnpm-lock.yaml"),
    BUN("bun", "bun.lock"),
    CYCLONEDX("cyclonedx", "CycloneDX SBOM"),
    SPDX("spdx", "SPDX SBOM");

    private final String id;
    private final String description;

    LockfileFormat(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** An SBOM that {@code verify} reads (not a lockfile {@code sbom} can start from). */
    public boolean isSbom() {
        return this == CYCLONEDX || this == SPDX;
    }

    public static LockfileFormat fromId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        for (LockfileFormat f : values()) {
            if (f.id.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown lockfile format '" + id + "'");
    }
}
