package dev.trustlock.core.lockfile;

import java.util.Objects;

/**
 * Identity of one distinct package in a graph: its real (un-aliased) name and version.
 * Every lockfile reader must produce the same key for the same installed package, so that
 * formats can be compared with each other.
 */
public record PackageKey(String name, String version) implements Comparable<PackageKey> {

    public PackageKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static PackageKey of(String name, String version) {
        return new PackageKey(name, version);
    }

    @Override
    public int compareTo(PackageKey other) {
        // Written out rather than Comparator.comparing(...): graphs sort thousands of keys in
        // start-up code that runs interpreted, where composed comparators are several times slower.
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : version.compareTo(other.version);
    }

    // equals/hashCode written out: a record's generated ones go through method handles, which
    // are slow in the interpreter, and keys are hashed thousands of times at start-up.
    @Override
    public boolean equals(Object o) {
        return o instanceof PackageKey k && name.equals(k.name) && version.equals(k.version);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + version.hashCode();
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
