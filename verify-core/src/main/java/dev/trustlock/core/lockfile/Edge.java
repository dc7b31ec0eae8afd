package dev.trustlock.core.lockfile;

import java.util.Comparator;
import java.util.Objects;

/** A resolved dependency: {@code from} depends on {@code to}, declared as {@code kind}. */
public record Edge(PackageKey from, PackageKey to, DependencyKind kind) implements Comparable<Edge> {

    private static final Comparator<Edge> ORDER = Comparator.comparing(Edge::from)
            .thenComparing(Edge::to).thenComparing(Edge::kind);

    public Edge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public int compareTo(Edge other) {
        return ORDER.compare(this, other);
    }
}
