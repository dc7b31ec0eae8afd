package dev.trustlock.core.lockfile.pnpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class PnpmLockfileReaderTest {

    private static final PackageKey ROOT = PackageKey.of("pnpm-small", "1.2.3");
    private static final PackageKey LIB_A = PackageKey.of("lib-a", "0.1.0");

    /*
     * What the small workspace installs, worked out from the package.json files and the
     * published manifests of these packages (not from the lockfiles): debug@4.3.4 -> ms@2.1.2,
     * react-dom@18.2.0 -> loose-envify, scheduler@^0.23 and peer react, react/scheduler ->
     * loose-envify -> js-tokens, is-odd@3.0.1 -> is-number@^6.
     */
    private static final SortedMap<PackageKey, Scope> SMALL_SCOPES = new TreeMap<>(Map.ofEntries(
            Map.entry(PackageKey.of("debug", "4.3.4"), Scope.REQUIRED),
            Map.entry(PackageKey.of("ms", "2.1.2"), Scope.REQUIRED),
            Map.entry(PackageKey.of("ms", "2.1.3"), Scope.REQUIRED),
            Map.entry(PackageKey.of("react", "18.2.0"), Scope.REQUIRED),
            Map.entry(PackageKey.of("react-dom", "18.2.0"), Scope.REQUIRED),
            Map.entry(PackageKey.of("scheduler", "0.23.2"), Scope.REQUIRED),
            Map.entry(PackageKey.of("loose-envify", "1.4.0"), Scope.REQUIRED),
            Map.entry(PackageKey.of("js-tokens", "4.0.0"), Scope.REQUIRED),
            // lib-a (a workspace) needs it at runtime, so is-odd's dev use does not make it dev.
            Map.entry(PackageKey.of("is-number", "6.0.0"), Scope.REQUIRED),
            Map.entry(PackageKey.of("is-number", "7.0.0"), Scope.OPTIONAL),
            Map.entry(PackageKey.of("is-odd", "3.0.1"), Scope.DEV),
            Map.entry(PackageKey.of("kind-of", "6.0.3"), Scope.DEV)));

    private static DependencyGraph read(Path lockfile) throws Exception {
        return new PnpmLockfileReader().read(lockfile);
    }

    private static Path small(String folder) {
        return Fixtures.testdata("lockfiles/pnpm-small/" + folder + "/pnpm-lock.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5.4-workspace", "v6.0-workspace", "v9.0-workspace"})
    void readsTheSmallWorkspaceWrittenByEachPnpmGeneration(String folder) throws Exception {
        DependencyGraph g = read(small(folder));

        assertEquals(ROOT, g.root());
        assertEquals(Optional.of(""), g.rootNode().path());
        assertEquals(List.of(LIB_A), g.workspaces().stream().map(PackageNode::key).toList());
        assertEquals(Optional.of("packages/lib-a"), g.workspaces().get(0).path());

        assertEquals(SMALL_SCOPES, g.scopes());
        assertEquals(List.of(), g.warnings());

        Map<PackageKey, Set<String>> aliases = g.packages().stream().filter(n -> !n.aliases().isEmpty())
                .collect(Collectors.toMap(PackageNode::key, PackageNode::aliases));
        assertEquals(Map.of(PackageKey.of("ms", "2.1.3"), Set.of("my-ms")), aliases);

        Set<Edge> edges = g.edges();
        assertTrue(edges.contains(new Edge(ROOT, LIB_A, DependencyKind.PROD)), "workspace:* link");
        assertTrue(edges.contains(new Edge(PackageKey.of("react-dom", "18.2.0"), PackageKey.of("react", "18.2.0"),
                DependencyKind.PEER)));
        assertTrue(edges.contains(new Edge(ROOT, PackageKey.of("is-number", "7.0.0"), DependencyKind.OPTIONAL)));
        assertTrue(edges.contains(new Edge(ROOT, PackageKey.of("is-odd", "3.0.1"), DependencyKind.DEV)));
        assertTrue(edges.contains(new Edge(LIB_A, PackageKey.of("kind-of", "6.0.3"), DependencyKind.DEV)));
        assertTrue(edges.contains(new Edge(PackageKey.of("debug", "4.3.4"), PackageKey.of("ms", "2.1.2"),
                DependencyKind.PROD)));
        // debug's optional peer supports-color is not installed: no edge, no node, no warning.
        assertFalse(g.nodes().keySet().stream().anyMatch(k -> k.name().equals("supports-color")));

        for (PackageNode n : g.packages()) {
            assertEquals(SourceType.REGISTRY, n.source(), n.key().toString());
            assertTrue(n.integrity().orElse("").startsWith("sha512-"), n.key() + " integrity");
        }
    }

    @Test
    void everyPnpmGenerationGivesTheSameGraphForTheSameInstall() throws Exception {
        DependencyGraph v5 = read(small("v5.4-workspace"));
        DependencyGraph v6 = read(small("v6.0-workspace"));
        DependencyGraph v9 = read(small("v9.0-workspace"));
        assertEquals(v5.nodes(), v6.nodes());
        assertEquals(v5.nodes(), v9.nodes());
        assertEquals(v5.edges(), v6.edges());
        assertEquals(v5.edges(), v9.edges());
    }

    /** 5.x and 6.x record pnpm's own dev/optional verdicts; scopes come from edges, so compare. */
    @ParameterizedTest
    @ValueSource(strings = {"v5.4-workspace", "v6.0-workspace", "v5.4-single"})
    void scopesAgreeWithPnpmsOwnDevAndOptionalFlags(String folder) throws Exception {
        Path lockfile = small(folder);
        Map<String, Object> raw = rawYaml(lockfile);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> packages = (Map<String, Map<String, Object>>) raw.get("packages");
        Map<PackageKey, Scope> scopes = read(lockfile).scopes();
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> e : packages.entrySet()) {
            PackageKey key = keyFromRawPath(e.getKey());
            Scope scope = scopes.get(key);
            Object dev = e.getValue().get("dev");
            if (Boolean.TRUE.equals(dev)) {
                assertEquals(Scope.DEV, scope, e.getKey());
                checked++;
            } else if (Boolean.FALSE.equals(dev)) {
                assertNotEquals(Scope.DEV, scope, e.getKey());
                checked++;
            }
            if (Boolean.TRUE.equals(e.getValue().get("optional"))) {
                assertEquals(Scope.OPTIONAL, scope, e.getKey());
            }
        }
        assertTrue(checked >= 8, "only " + checked + " entries carried a dev flag");
    }

    @Test
    void readsASingleProject54LockfileWithTopLevelDependencies() throws Exception {
        DependencyGraph g = read(small("v5.4-single"));
        assertEquals(PackageKey.of("pnpm-small-single", "0.0.1"), g.root());
        assertEquals(List.of(), g.workspaces());
        Map<PackageKey, Scope> scopes = g.scopes();
        // Nothing but is-odd needs is-number@6 here, and is-odd is a devDependency.
        assertEquals(Scope.DEV, scopes.get(PackageKey.of("is-number", "6.0.0")));
        assertEquals(Scope.REQUIRED, scopes.get(PackageKey.of("left-pad", "1.3.0")));
        assertEquals(Scope.OPTIONAL, scopes.get(PackageKey.of("is-number", "7.0.0")));
        assertEquals(Set.of("my-ms"), g.node(PackageKey.of("ms", "2.1.3")).orElseThrow().aliases());
        assertEquals(10, g.packages().size());
    }

    @Test
    void vueCoreHasEveryDistinctNameAtVersionOfTheRawKeys() throws Exception {
        Path lockfile = Fixtures.shared("lockfiles-real/pnpm-v9-vuecore/pnpm-lock.yaml");
        Map<String, Object> raw = rawYaml(lockfile);
        // Independent of the reader: last '@' of the key without its "(peer@x)" suffix.
        Set<PackageKey> fromPackages = rawKeys(raw, "packages");
        Set<PackageKey> fromSnapshots = rawKeys(raw, "snapshots");
        assertEquals(fromPackages, fromSnapshots);

        DependencyGraph g = read(lockfile);
        Set<PackageKey> read = g.packages().stream().map(PackageNode::key).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(fromPackages, read);
        assertEquals(List.of(), g.warnings());
    }

    /**
     * The fixture README says "33 runtime and 587 dev-only packages". That counts name@version
     * (620 in all; only 563 distinct names). The 33 runtime ones are 32 required plus one
     * optional: @types/trusted-types, which production code reaches only through dompurify's
     * optionalDependencies (runtime-dom's own use of it is a devDependency).
     */
    @Test
    void vueCoreScopesMatchTheFixtureReadme() throws Exception {
        DependencyGraph g = read(Fixtures.shared("lockfiles-real/pnpm-v9-vuecore/pnpm-lock.yaml"));
        Map<Scope, Long> counts = g.scopes().values().stream()
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(Scope.REQUIRED, 32L, Scope.OPTIONAL, 1L, Scope.DEV, 587L), counts);
        assertEquals(563, g.packages().stream().map(PackageNode::name).distinct().count());
        assertEquals(Scope.OPTIONAL, g.scopes().get(PackageKey.of("@types/trusted-types", "2.0.7")));
        // A package whose every snapshot pnpm marks optional cannot be required.
        Map<String, Object> raw = rawYaml(Fixtures.shared("lockfiles-real/pnpm-v9-vuecore/pnpm-lock.yaml"));
        Map<PackageKey, Boolean> allOptional = new HashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> snapshots = (Map<String, Map<String, Object>>) raw.get("snapshots");
        snapshots.forEach((k, v) -> allOptional.merge(keyFromRawPath(k),
                Boolean.TRUE.equals(v.get("optional")), Boolean::logicalAnd));
        long optionalOnly = allOptional.values().stream().filter(b -> b).count();
        assertTrue(optionalOnly > 10, "fixture has optional-only packages");
        allOptional.forEach((k, opt) -> {
            if (opt) {
                assertNotEquals(Scope.REQUIRED, g.scopes().get(k), k.toString());
            }
        });
    }

    @Test
    void vueCoreWorkspacesAreNodesAndLinksBetweenThemAreEdges() throws Exception {
        Path lockfile = Fixtures.shared("lockfiles-real/pnpm-v9-vuecore/pnpm-lock.yaml");
        Map<String, Object> raw = rawYaml(lockfile);
        @SuppressWarnings("unchecked")
        Set<String> importerPaths = new TreeSet<>(((Map<String, Object>) raw.get("importers")).keySet());
        importerPaths.remove(".");

        DependencyGraph g = read(lockfile);
        // The root package.json has a version but no name: the name falls back to the directory.
        assertEquals(PackageKey.of("pnpm-v9-vuecore", "3.5.41"), g.root());
        Set<String> wsPaths = g.workspaces().stream().map(n -> n.path().orElseThrow())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(importerPaths, wsPaths);
        // The workspaces' package.json files are not in the fixture: each is named by the name it is
        // linked under (never by its path, which is no package name).
        PackageKey vue = PackageKey.of("vue", "0.0.0");
        PackageKey compilerDom = PackageKey.of("@vue/compiler-dom", "0.0.0");
        assertTrue(g.workspaces().stream().noneMatch(w -> w.name().contains("/") && !w.name().startsWith("@")),
                g.workspaces().toString());
        assertTrue(g.edges().contains(new Edge(vue, compilerDom, DependencyKind.PROD)));
        // A snapshot's link: is relative to the lockfile: @vitejs/plugin-vue's peer vue is the workspace.
        assertTrue(g.edges().contains(new Edge(PackageKey.of("@vitejs/plugin-vue", "6.0.8"), vue, DependencyKind.PEER)));
        // packages/vue's typescript (auto-installed peer) is production.
        assertEquals(Scope.REQUIRED, g.scopes().get(PackageKey.of("typescript", "5.6.3")));
        assertEquals(Scope.DEV, g.scopes().get(PackageKey.of("typescript", "6.0.3")));
    }

    @Test
    void lockfilesDetectsAndDispatchesPnpm() throws Exception {
        Path dir = small("v9.0-workspace").getParent();
        assertEquals(LockfileFormat.PNPM, Lockfiles.locate(dir, Optional.empty()).format());
        assertEquals(ROOT, Lockfiles.read(dir, Optional.empty()).root());
    }

    // --- helpers computing expectations without the reader -------------------------------

    private static Map<String, Object> rawYaml(Path file) throws Exception {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options)).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Set<PackageKey> rawKeys(Map<String, Object> raw, String section) {
        return ((Map<String, Object>) raw.get(section)).keySet().stream()
                .map(PnpmLockfileReaderTest::keyFromRawPath)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** /name/1.0.0_peer (5.x), /name@1.0.0(peer) (6.x) or name@1.0.0(peer) (9.x). */
    private static PackageKey keyFromRawPath(String key) {
        String k = key.startsWith("/") ? key.substring(1) : key;
        int paren = k.indexOf('(');
        if (paren >= 0) {
            k = k.substring(0, paren);
        }
        int slash = k.lastIndexOf('/');
        String last = k.substring(slash + 1);
        if (slash > 0 && !last.isEmpty() && Character.isDigit(last.charAt(0))) {
            int underscore = last.indexOf('_');
            String version = underscore >= 0 ? last.substring(0, underscore) : last;
            return PackageKey.of(k.substring(0, slash), version);
        }
        int at = k.lastIndexOf('@');
        return PackageKey.of(k.substring(0, at), k.substring(at + 1));
    }
}
