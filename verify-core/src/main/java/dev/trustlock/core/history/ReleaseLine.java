package dev.trustlock.core.history;

import java.util.Objects;

/**
 * A lineage of releases that are maintained as one sequence, so that trust and publisher
 * comparisons stay inside it. Stable releases group by major version, except 0.x which groups
 * by minor, because semver (and npm's caret) treats 0.3.x as incompatible with 0.4.x and
 * projects maintain such lines separately. Prereleases form their own line per base line and
 * pre-release channel ({@code 2.0.0-beta.3} belongs to {@code 2-beta}): they are what
 * {@code next}/{@code beta} dist-tags point to and are often published by different
 * workflows. Versions that are not semver each stand alone.
 */
public record ReleaseLine(String id) implements Comparable<ReleaseLine> {

    public ReleaseLine {
        Objects.requireNonNull(id, "id");
    }

    public static ReleaseLine of(String version) {
        return Semver.parse(version).map(ReleaseLine::of).orElseGet(() -> new ReleaseLine("unversioned:" + version));
    }

    public static ReleaseLine of(Semver v) {
        String base = v.major() == 0 ? "0." + v.minor() : Long.toString(v.major());
        if (!v.isPrerelease()) {
            return new ReleaseLine(base);
        }
        return new ReleaseLine(base + "-" + channel(v));
    }

    /** The first non-numeric prerelease identifier (beta, rc, next, canary), else "pre". */
    private static String channel(Semver v) {
        for (String part : v.prerelease()) {
            if (!part.chars().allMatch(Character::isDigit)) {
                // rc1 and rc2 are one channel; a non-numeric part cannot strip to nothing.
                return part.replaceAll("\\d+$", "");
            }
        }
        return "pre";
    }

    @Override
    public int compareTo(ReleaseLine o) {
        return id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
