package dev.trustlock.core.lockfile.bun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.Edge;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.Scope;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.lockfile.pnpm.PnpmLockfileReader;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BunLockReaderTest {

    private static final PackageKey ROOT = PackageKey.of("bun-small", "2.0.0");
    private static final PackageKey LIB_A = PackageKey.of("lib-a", "0.1.0");
    private static final PackageKey IS_NUMBER_6 = PackageKey.of("is-number", "6.0.0");

    private static DependencyGraph read(Path file) throws Exception {
        return new BunLockReader().read(file);
    }

    private static Path small() {
        return Fixtures.testdata("lockfiles/bun-small/bun.lock");
    }

    private static Path hono() {
        return Fixtures.shared("lockfiles-real/bun-hono/bun.lock");
    }

    @Test
    void readsTheSmallWorkspace() throws Exception {
        DependencyGraph g = read(small());
        assertEquals(ROOT, g.root());
        assertEquals(List.of(LIB_A), g.workspaces().stream().map(PackageNode::key).toList());
        assertEquals(Optional.of("packages/lib-a"), g.workspaces().get(0).path());
        assertEquals(List.of(), g.warnings());

        // Same expectations as the pnpm test (worked out from the manifests), plus the two
        // dependencies only this project has: a registry tarball URL and a file: folder.
        SortedMap<PackageKey, Scope> expected = new TreeMap<>(Map.ofEntries(
                Map.entry(PackageKey.of("debug", "4.3.4"), Scope.REQUIRED),
                Map.entry(PackageKey.of("ms", "2.1.2"), Scope.REQUIRED),
                Map.entry(PackageKey.of("ms", "2.1.3"), Scope.REQUIRED),
                Map.entry(PackageKey.of("react", "18.2.0"), Scope.REQUIRED),
                Map.entry(PackageKey.of("react-dom", "18.2.0"), Scope.REQUIRED),
                Map.entry(PackageKey.of("scheduler", "0.23.2"), Scope.REQUIRED),
                Map.entry(PackageKey.of("loose-envify", "1.4.0"), Scope.REQUIRED),
                Map.entry(PackageKey.of("js-tokens", "4.0.0"), Scope.REQUIRED),
                Map.entry(IS_NUMBER_6, Scope.REQUIRED),
                Map.entry(PackageKey.of("is-number", "7.0.0"), Scope.OPTIONAL),
                Map.entry(PackageKey.of("is-odd", "3.0.1"), Scope.DEV),
                Map.entry(PackageKey.of("kind-of", "6.0.3"), Scope.DEV),
                Map.entry(PackageKey.of("left-pad", "1.3.0"), Scope.REQUIRED),
                Map.entry(PackageKey.of("local-b", "0.0.7"), Scope.REQUIRED)));
        assertEquals(expected, g.scopes());

        assertEquals(Set.of("my-ms"), g.node(PackageKey.of("ms", "2.1.3")).orElseThrow().aliases());
        Set<Edge> edges = g.edges();
        assertTrue(edges.contains(new Edge(ROOT, LIB_A, DependencyKind.PROD)), "workspace:* dependency");
        // Both nested copies (is-odd/is-number, lib-a/is-number) are the one node is-number@6.0.0.
        assertTrue(edges.contains(new Edge(LIB_A, IS_NUMBER_6, DependencyKind.PROD)));
        assertTrue(edges.contains(new Edge(PackageKey.of("is-odd", "3.0.1"), IS_NUMBER_6, DependencyKind.PROD)));
        assertTrue(edges.contains(new Edge(LIB_A, PackageKey.of("kind-of", "6.0.3"), DependencyKind.DEV)));
        assertTrue(edges.contains(new Edge(PackageKey.of("react-dom", "18.2.0"), PackageKey.of("react", "18.2.0"),
                DependencyKind.PEER)));
        assertFalse(g.nodes().keySet().stream().anyMatch(k -> k.name().equals("supports-color")));

        PackageNode leftPad = g.node(PackageKey.of("left-pad", "1.3.0")).orElseThrow();
        assertEquals(Optional.of("https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"), leftPad.resolved());
        assertEquals(SourceType.REGISTRY, leftPad.source());
        assertTrue(leftPad.integrity().orElse("").startsWith("sha512-"));
        PackageNode localB = g.node(PackageKey.of("local-b", "0.0.7")).orElseThrow();
        assertEquals(SourceType.LOCAL, localB.source());
        assertEquals(Optional.of("vendor/local-b"), localB.path());
        assertEquals(Optional.empty(), localB.integrity());
        assertTrue(edges.contains(new Edge(localB.key(), PackageKey.of("js-tokens", "4.0.0"), DependencyKind.PROD)));
    }

    /** The same install locked by bun and by pnpm 9 must give the same packages and edges. */
    @Test
    void agreesWithPnpmOnTheSameInstall() throws Exception {
        DependencyGraph bun = read(small());
        DependencyGraph pnpm = new PnpmLockfileReader().read(
                Fixtures.testdata("lockfiles/pnpm-small/v9.0-workspace/pnpm-lock.yaml"));
        Set<String> bunOnly = Set.of("left-pad", "local-b");
        Set<PackageNode> bunNodes = bun.packages().stream().filter(n -> !bunOnly.contains(n.name()))
                .map(n -> new PackageNode(n.key(), n.source(), Optional.empty(), n.integrity(), n.license(),
                        n.aliases(), n.path(), n.bundled()))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(pnpm.packages()), bunNodes);
        Set<String> pnpmEdges = pnpm.edges().stream().map(e -> rename(e, pnpm.root(), "ROOT")).collect(Collectors.toSet());
        Set<String> bunEdges = bun.edges().stream().filter(e -> !bunOnly.contains(e.to().name()) && !bunOnly.contains(e.from().name()))
                .map(e -> rename(e, bun.root(), "ROOT")).collect(Collectors.toSet());
        assertEquals(pnpmEdges, bunEdges);
    }

    private static String rename(Edge e, PackageKey root, String as) {
        return (e.from().equals(root) ? as : e.from().toString()) + " -> "
                + (e.to().equals(root) ? as : e.to().toString()) + " " + e.kind();
    }

    @Test
    void honoIsAllDevAndHasEveryDistinctNameAtVersionOfTheTuples() throws Exception {
        Path lockfile = hono();
        // Independent of the reader: a regex over the text, last '@' of each tuple's first string.
        Pattern entry = Pattern.compile("^    \"([^\"]+)\": \\[\"([^\"]+)\"", Pattern.MULTILINE);
        Matcher m = entry.matcher(Files.readString(lockfile));
        Set<PackageKey> raw = new TreeSet<>();
        int entries = 0;
        while (m.find()) {
            String first = m.group(2);
            int at = first.lastIndexOf('@');
            raw.add(PackageKey.of(first.substring(0, at), first.substring(at + 1)));
            entries++;
        }
        assertEquals(1152, entries);

        DependencyGraph g = read(lockfile);
        Set<PackageKey> read = g.packages().stream().map(PackageNode::key).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(raw, read);
        assertEquals(PackageKey.of("hono", "4.13.3"), g.root());
        assertEquals(List.of(), g.workspaces());
        assertEquals(List.of(), g.warnings());
        g.scopes().forEach((k, s) -> assertEquals(Scope.DEV, s, k.toString()));
        assertEquals(raw.size(), g.scopes().size());
        for (PackageNode n : g.packages()) {
            assertTrue(n.integrity().orElse("").startsWith("sha512-"), n.key() + " integrity");
        }
    }

    @Test
    void honoNestedInstallPathsResolveLikeNodeModules() throws Exception {
        DependencyGraph g = read(hono());
        Set<Edge> edges = g.edges();
        PackageKey boxen = PackageKey.of("boxen", "8.0.1");
        PackageKey wrapAnsi9 = PackageKey.of("wrap-ansi", "9.0.0");
        PackageKey stringWidth7 = PackageKey.of("string-width", "7.2.0");
        PackageKey stringWidth4 = PackageKey.of("string-width", "4.2.3");
        assertTrue(edges.contains(new Edge(boxen, stringWidth7, DependencyKind.PROD)), "boxen/string-width");
        assertFalse(edges.contains(new Edge(boxen, stringWidth4, DependencyKind.PROD)), "hoisted copy is shadowed");
        // boxen/wrap-ansi has no string-width of its own: its parent's (boxen/string-width) wins.
        assertTrue(edges.contains(new Edge(wrapAnsi9, stringWidth7, DependencyKind.PROD)));
        assertTrue(edges.contains(new Edge(wrapAnsi9, PackageKey.of("ansi-styles", "6.2.1"), DependencyKind.PROD)));
        assertTrue(edges.contains(new Edge(PackageKey.of("wrap-ansi", "6.2.0"), stringWidth4, DependencyKind.PROD)));
        // Scoped parents: @babel/highlight/chalk/ansi-styles/color-convert/color-name.
        assertTrue(edges.contains(new Edge(PackageKey.of("color-convert", "1.9.3"), PackageKey.of("color-name", "1.1.3"),
                DependencyKind.PROD)));
        assertTrue(edges.contains(new Edge(PackageKey.of("@babel/highlight", "7.24.7"),
                PackageKey.of("@babel/helper-validator-identifier", "7.24.7"), DependencyKind.PROD)));
    }

    @Test
    void lockfilesDetectsAndDispatchesBun() throws Exception {
        Path dir = small().getParent();
        assertEquals(LockfileFormat.BUN, Lockfiles.locate(dir, Optional.empty()).format());
        assertEquals(ROOT, Lockfiles.read(dir, Optional.empty()).root());
    }

    @Test
    void installPathCandidatesWalkUpThroughScopedParents() {
        assertEquals(List.of("@s/p/@t/q/x", "@s/p/x", "x"), BunInstallPaths.candidates("@s/p/@t/q", "x"));
        assertEquals(List.of("a/b/@s/x", "a/@s/x", "@s/x"), BunInstallPaths.candidates("a/b", "@s/x"));
        assertEquals(List.of("x"), BunInstallPaths.candidates("", "x"));
    }
}
