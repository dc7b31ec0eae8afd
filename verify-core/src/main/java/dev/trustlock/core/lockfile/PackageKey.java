package dev.trustlock.core.lockfile;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identity of one distinct package in a graph: its real (un-aliased) name and version.
 * Every lockfile reader must produce the same key for the same installed package, so that
 * formats can be compared with each other.
 */
public record PackageKey(String name, String version) implements Comparable<PackageKey> {

    private static final Comparator<PackageKey> ORDER =
            Comparator.comparing(PackageKey::name).thenComparing(PackageKey::version);

    public PackageKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static PackageKey of(String name, String version) {
        return new PackageKey(name, version);
    }

    @Override
    public int compareTo(PackageKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
