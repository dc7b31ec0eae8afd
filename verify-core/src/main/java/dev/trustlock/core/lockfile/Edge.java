package dev.trustlock.core.lockfile;

import java.util.Objects;

/** A resolved dependency: {@code from} depends on {@code to}, declared as {@code kind}. */
public record Edge(PackageKey from, PackageKey to, DependencyKind kind) implements Comparable<Edge> {

    public Edge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public int compareTo(Edge other) {
        int c = from.compareTo(other.from);
        if (c == 0) {
            c = to.compareTo(other.to);
        }
        return c != 0 ? c : kind.compareTo(other.kind);
    }

    // Written out for the same reason as PackageKey's: graphs hash thousands of edges at start-up.
    @Override
    public boolean equals(Object o) {
        return o instanceof Edge e && from.equals(e.from) && to.equals(e.to) && kind == e.kind;
    }

    @Override
    public int hashCode() {
        return (from.hashCode() * 31 + to.hashCode()) * 31 + kind.ordinal();
    }
}
