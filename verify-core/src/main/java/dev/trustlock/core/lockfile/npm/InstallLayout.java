package dev.trustlock.core.lockfile.npm;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.PackageKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The install as npm lays it out: one copy per location, edges between copies. The shared
 * graph has one node per name@version, and npm can install the same name@version at several
 * locations whose dependencies resolve to different copies (appium has make-fetch-happen@15.0.6
 * bundled inside npm, needed at runtime, and again under @sigstore/sign for dev only, each
 * resolving @npmcli/agent differently). Merging copies unites their edges, and a runtime copy
 * would then drag the dev copy's dependencies into runtime scope.
 *
 * <p>So before merging, this computes each copy's own scope (npm's dev / optional flags,
 * recomputed from the edges, never read from the file), and an edge leaving a copy that is less
 * needed than the best copy of the same package is weakened to that copy's scope: DEV from a
 * dev-only copy, OPTIONAL from an optional-only copy. A package installed once, or whose copies
 * are all equally needed, keeps its edges exactly as declared. With that rule the graph's
 * {@code scopes()} equals, per name@version, the best scope of any of its copies, which is
 * what npm would install.
 */
final class InstallLayout {

    private enum CopyScope { REQUIRED, OPTIONAL, DEV }

    private record CopyEdge(String from, String to, DependencyKind kind) {
    }

    private final Map<String, PackageKey> keys = new HashMap<>();
    private final Set<String> projects = new HashSet<>();
    private final List<CopyEdge> edges = new ArrayList<>();

    /** A copy at {@code location}; project copies (root, workspaces) are where installs start. */
    void copy(String location, PackageKey key, boolean project) {
        keys.put(location, key);
        if (project) {
            projects.add(location);
        }
    }

    void edge(String from, String to, DependencyKind kind) {
        edges.add(new CopyEdge(from, to, kind));
    }

    /** Adds the merged, name@version-level edges to the builder. */
    void addEdgesTo(DependencyGraph.Builder builder) {
        Map<String, CopyScope> scope = copyScopes();
        Map<PackageKey, CopyScope> best = new HashMap<>();
        for (Map.Entry<String, CopyScope> e : scope.entrySet()) {
            best.merge(keys.get(e.getKey()), e.getValue(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        // Per (from, to) the kinds that survive; a weaker kind next to a stronger one adds nothing.
        // Hash maps: the builder sorts edges itself, and this runs interpreted at start-up.
        Map<PackageKey, Map<PackageKey, Set<DependencyKind>>> merged = new HashMap<>();
        for (CopyEdge e : edges) {
            PackageKey from = keys.get(e.from());
            CopyScope own = scope.get(e.from());
            DependencyKind kind = e.kind();
            if (own.ordinal() > best.get(from).ordinal()) {
                kind = weaken(kind, own);
            }
            merged.computeIfAbsent(from, k -> new HashMap<>())
                    .computeIfAbsent(keys.get(e.to()), k -> EnumSet.noneOf(DependencyKind.class)).add(kind);
        }
        merged.forEach((from, targets) -> targets.forEach((to, kinds) -> {
            boolean required = kinds.contains(DependencyKind.PROD) || kinds.contains(DependencyKind.PEER);
            for (DependencyKind kind : kinds) {
                boolean redundant = (kind == DependencyKind.DEV && kinds.size() > 1)
                        || (kind == DependencyKind.OPTIONAL && required);
                if (!redundant) {
                    builder.edge(from, to, kind);
                }
            }
        }));
    }

    private static DependencyKind weaken(DependencyKind kind, CopyScope own) {
        if (own == CopyScope.DEV) {
            return DependencyKind.DEV;
        }
        if (own == CopyScope.OPTIONAL && (kind == DependencyKind.PROD || kind == DependencyKind.PEER)) {
            return DependencyKind.OPTIONAL;
        }
        return kind;
    }

    /** Same rule as {@code DependencyGraph.scopes()}, on copies instead of name@versions. */
    private Map<String, CopyScope> copyScopes() {
        Map<String, List<CopyEdge>> out = new HashMap<>();
        for (CopyEdge e : edges) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        }
        Set<String> required = reach(out, EnumSet.of(DependencyKind.PROD, DependencyKind.PEER));
        Set<String> runtime = reach(out, EnumSet.of(DependencyKind.PROD, DependencyKind.PEER, DependencyKind.OPTIONAL));
        Map<String, CopyScope> result = new HashMap<>();
        for (String location : keys.keySet()) {
            result.put(location, required.contains(location) ? CopyScope.REQUIRED
                    : runtime.contains(location) ? CopyScope.OPTIONAL : CopyScope.DEV);
        }
        return result;
    }

    private Set<String> reach(Map<String, List<CopyEdge>> out, Set<DependencyKind> kinds) {
        Set<String> seen = new HashSet<>(projects);
        Deque<String> todo = new ArrayDeque<>(projects);
        while (!todo.isEmpty()) {
            for (CopyEdge e : out.getOrDefault(todo.poll(), List.of())) {
                if (kinds.contains(e.kind()) && seen.add(e.to())) {
                    todo.add(e.to());
                }
            }
        }
        return seen;
    }
}
