package dev.trustlock.core.lockfile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The packages a lockfile installs and the edges between them. The project itself is the
 * {@link #root()} node; workspace members are nodes of source {@link SourceType#WORKSPACE}.
 * Immutable: build one with {@link Builder}.
 */
public final class DependencyGraph {

    private final LockfileFormat format;
    private final PackageKey root;
    private final SortedMap<PackageKey, PackageNode> nodes;
    private final SortedSet<Edge> edges;
    private final Map<PackageKey, List<Edge>> outgoing;
    private final List<String> warnings;
    private final List<String> skipped;

    private DependencyGraph(LockfileFormat format, PackageKey root, SortedMap<PackageKey, PackageNode> nodes,
                            SortedSet<Edge> edges, List<String> warnings, List<String> skipped) {
        this.format = format;
        this.root = root;
        this.nodes = Collections.unmodifiableSortedMap(nodes);
        this.edges = Collections.unmodifiableSortedSet(edges);
        this.warnings = List.copyOf(warnings);
        this.skipped = skipped.stream().distinct().sorted().toList();
        Map<PackageKey, List<Edge>> out = new LinkedHashMap<>();
        for (Edge e : edges) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        }
        this.outgoing = out;
    }

    public LockfileFormat format() {
        return format;
    }

    public PackageKey root() {
        return root;
    }

    public PackageNode rootNode() {
        return nodes.get(root);
    }

    /** Every node, the root and workspaces included, sorted by name then version. */
    public SortedMap<PackageKey, PackageNode> nodes() {
        return nodes;
    }

    public Optional<PackageNode> node(PackageKey key) {
        return Optional.ofNullable(nodes.get(key));
    }

    /** Nodes that are neither the root nor a workspace: what gets downloaded. */
    public List<PackageNode> packages() {
        List<PackageNode> result = new ArrayList<>();
        for (PackageNode n : nodes.values()) {
            if (n.source() != SourceType.ROOT && n.source() != SourceType.WORKSPACE) {
                result.add(n);
            }
        }
        return result;
    }

    public List<PackageNode> workspaces() {
        List<PackageNode> result = new ArrayList<>();
        for (PackageNode n : nodes.values()) {
            if (n.source() == SourceType.WORKSPACE) {
                result.add(n);
            }
        }
        return result;
    }

    public SortedSet<Edge> edges() {
        return edges;
    }

    public List<Edge> edgesFrom(PackageKey key) {
        return outgoing.getOrDefault(key, List.of());
    }

    /**
     * The same project with only {@code keep} of its packages (the root and workspaces stay), and
     * the edges between what remains: to judge a few packages as the project locks them without
     * judging all of them again.
     */
    public DependencyGraph restrictedTo(Set<PackageKey> keep) {
        SortedMap<PackageKey, PackageNode> kept = new TreeMap<>();
        nodes.forEach((k, n) -> {
            if (keep.contains(k) || n.source() == SourceType.ROOT || n.source() == SourceType.WORKSPACE) {
                kept.put(k, n);
            }
        });
        SortedSet<Edge> between = new TreeSet<>();
        for (Edge e : edges) {
            if (kept.containsKey(e.from()) && kept.containsKey(e.to())) {
                between.add(e);
            }
        }
        return new DependencyGraph(format, root, kept, between, warnings, skipped);
    }

    /** Things the reader noticed but could resolve around (a dependency missing from the lockfile). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Components of an SBOM that are not npm packages (a Maven library, a GitHub Action, a
     * component with no purl), as their purl or name: trustlock cannot verify them, and says so
     * instead of dropping them silently. Sorted, distinct; empty for lockfiles.
     */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * Scope of every non-project node. Dev-only means unreachable from the root and the
     * workspaces without crossing a DEV edge; optional means reachable, but only through an
     * OPTIONAL edge somewhere on every path.
     */
    public SortedMap<PackageKey, Scope> scopes() {
        Set<PackageKey> runtime = reachable(EnumSet.of(DependencyKind.PROD, DependencyKind.OPTIONAL, DependencyKind.PEER));
        Set<PackageKey> required = reachable(EnumSet.of(DependencyKind.PROD, DependencyKind.PEER));
        SortedMap<PackageKey, Scope> result = new TreeMap<>();
        for (PackageNode n : packages()) {
            PackageKey k = n.key();
            result.put(k, required.contains(k) ? Scope.REQUIRED : runtime.contains(k) ? Scope.OPTIONAL : Scope.DEV);
        }
        return result;
    }

    /**
     * Packages reachable from the project (root and workspaces) following only edges of the
     * given kinds. Project nodes are always starting points, so a workspace's own production
     * dependencies count as production even if nothing depends on the workspace.
     */
    public Set<PackageKey> reachable(Set<DependencyKind> kinds) {
        Set<PackageKey> seen = new HashSet<>();
        Deque<PackageKey> todo = new ArrayDeque<>();
        for (PackageNode n : nodes.values()) {
            if (n.source() == SourceType.ROOT || n.source() == SourceType.WORKSPACE) {
                seen.add(n.key());
                todo.add(n.key());
            }
        }
        while (!todo.isEmpty()) {
            PackageKey k = todo.poll();
            for (Edge e : edgesFrom(k)) {
                if (kinds.contains(e.kind()) && seen.add(e.to())) {
                    todo.add(e.to());
                }
            }
        }
        return seen;
    }

    /** Accumulates nodes and edges; merges facts when a reader meets the same package twice. */
    public static final class Builder {
        private final LockfileFormat format;
        private PackageKey root;
        private final SortedMap<PackageKey, PackageNode> nodes = new TreeMap<>();
        private final SortedSet<Edge> edges = new TreeSet<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();

        public Builder(LockfileFormat format) {
            this.format = Objects.requireNonNull(format, "format");
        }

        public Builder root(PackageNode node) {
            if (node.source() != SourceType.ROOT) {
                throw new IllegalArgumentException("root node must have source ROOT: " + node.key());
            }
            this.root = node.key();
            nodes.put(node.key(), node);
            return this;
        }

        /**
         * Adds a node. When the key is already present the facts are merged: a present value
         * wins over an absent one, aliases are united, and bundled stays true only if both say so.
         */
        public Builder add(PackageNode node) {
            nodes.merge(node.key(), node, Builder::merge);
            return this;
        }

        public boolean contains(PackageKey key) {
            return nodes.containsKey(key);
        }

        public Builder edge(PackageKey from, PackageKey to, DependencyKind kind) {
            if (!from.equals(to)) {
                edges.add(new Edge(from, to, kind));
            }
            return this;
        }

        public Builder warn(String message) {
            warnings.add(message);
            return this;
        }

        /** A component that is not an npm package (see {@link DependencyGraph#skipped()}). */
        public Builder skip(String component) {
            skipped.add(component);
            return this;
        }

        public DependencyGraph build() {
            if (root == null) {
                throw new IllegalStateException("no root node");
            }
            for (Edge e : edges) {
                if (!nodes.containsKey(e.from()) || !nodes.containsKey(e.to())) {
                    throw new IllegalStateException("edge to or from an unknown node: " + e);
                }
            }
            return new DependencyGraph(format, root, nodes, edges, warnings, skipped);
        }

        private static PackageNode merge(PackageNode a, PackageNode b) {
            SortedSet<String> aliases = new TreeSet<>(a.aliases());
            aliases.addAll(b.aliases());
            SourceType source = a.source().ordinal() <= b.source().ordinal() ? a.source() : b.source();
            return new PackageNode(a.key(), source,
                    a.resolved().or(b::resolved), a.integrity().or(b::integrity), a.license().or(b::license),
                    aliases, a.path().or(b::path), a.bundled() && b.bundled());
        }
    }
}
