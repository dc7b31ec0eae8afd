package dev.trustlock.core.lockfile.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.Scope;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader against real lockfiles, checked against npm's own flags read independently. */
class NpmLockfileReaderTest {

    private static final String V3_LINTER = "lockfiles-real/npm-v3-addons-linter/package-lock.json";
    private static final String V3_APPIUM = "lockfiles-real/npm-v3-appium/package-lock.json";
    private static final String V1_VIDEOJS = "lockfiles-real/npm-v1-videojs/package-lock.json";

    private record Loaded(DependencyGraph graph, List<LockfileFlags.Occurrence> occurrences) {
    }

    private static Loaded load(String fixture) throws Exception {
        Path file = Fixtures.shared(fixture);
        JsonNode json = LockfileFlags.json(file);
        List<LockfileFlags.Occurrence> occurrences = json.get("lockfileVersion").asInt() >= 2
                ? LockfileFlags.fromPackages(json) : LockfileFlags.fromTree(json);
        return new Loaded(new NpmLockfileReader().read(file), occurrences);
    }

    private static SortedSet<PackageKey> packageKeys(DependencyGraph graph) {
        return graph.packages().stream().map(PackageNode::key).collect(Collectors.toCollection(TreeSet::new));
    }

    private static SortedSet<PackageKey> withScope(Map<PackageKey, Scope> scopes, Scope scope) {
        return scopes.entrySet().stream().filter(e -> e.getValue() == scope).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {V3_LINTER, V3_APPIUM, V1_VIDEOJS})
    void distinctPackagesAreExactlyTheInstalledEntries(String fixture) throws Exception {
        Loaded l = load(fixture);
        SortedSet<PackageKey> expected = l.occurrences().stream().map(LockfileFlags.Occurrence::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, packageKeys(l.graph()));
    }

    @ParameterizedTest
    @ValueSource(strings = {V3_LINTER, V3_APPIUM, V1_VIDEOJS})
    void devScopeFromTheGraphMatchesNpmsDevFlags(String fixture) throws Exception {
        Loaded l = load(fixture);
        SortedMap<PackageKey, Scope> npm = LockfileFlags.npmScopes(l.occurrences());
        assertEquals(withScope(npm, Scope.DEV), withScope(l.graph().scopes(), Scope.DEV));
    }

    /**
     * v1 is included although its requires carry no kind (all PROD): every package videojs
     * flags optional is also flagged dev, so npm's optional set is empty there and the REQUIRED
     * comparison still checks that no runtime package is lost or invented.
     */
    @ParameterizedTest
    @ValueSource(strings = {V3_LINTER, V3_APPIUM, V1_VIDEOJS})
    void optionalScopeFromTheGraphMatchesNpmsOptionalFlags(String fixture) throws Exception {
        Loaded l = load(fixture);
        SortedMap<PackageKey, Scope> npm = LockfileFlags.npmScopes(l.occurrences());
        assertEquals(withScope(npm, Scope.OPTIONAL), withScope(l.graph().scopes(), Scope.OPTIONAL));
        assertEquals(withScope(npm, Scope.REQUIRED), withScope(l.graph().scopes(), Scope.REQUIRED));
    }

    /**
     * appium's 23 workspace folders have no package.json here; their names come from the
     * folder entry's name or, for packages/appium which has none, from the link pointing at it.
     */
    @Test
    void appiumWorkspacesAreNamedFromTheirEntriesOrLinks() throws Exception {
        Path file = Fixtures.shared(V3_APPIUM);
        JsonNode packages = LockfileFlags.json(file).get("packages");
        SortedMap<String, String> linkNames = new TreeMap<>();
        packages.fields().forEachRemaining(e -> {
            if (e.getValue().path("link").asBoolean(false)) {
                linkNames.put(e.getValue().get("resolved").asText(),
                        e.getKey().substring(e.getKey().lastIndexOf("node_modules/") + "node_modules/".length()));
            }
        });
        SortedSet<PackageKey> expected = new TreeSet<>();
        packages.fields().forEachRemaining(e -> {
            if (!e.getKey().isEmpty() && !e.getKey().contains("node_modules")) {
                String name = e.getValue().hasNonNull("name") ? e.getValue().get("name").asText() : linkNames.get(e.getKey());
                expected.add(PackageKey.of(name, e.getValue().get("version").asText()));
            }
        });
        DependencyGraph graph = new NpmLockfileReader().read(file);
        assertEquals(23, expected.size());
        assertEquals(expected, graph.workspaces().stream().map(PackageNode::key)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(PackageKey.of("appium-monorepo", "0.0.0"), graph.root());
        assertTrue(graph.edgesFrom(graph.root()).stream().allMatch(e -> e.kind() == DependencyKind.DEV),
                "appium's root lists only devDependencies");
    }

    @Test
    void lockfilesDispatchFindsTheReaderFromTheDirectory() throws Exception {
        Path file = Fixtures.shared(V3_LINTER);
        DependencyGraph viaDirectory = Lockfiles.read(file.getParent(), Optional.empty());
        DependencyGraph direct = new NpmLockfileReader().read(file);
        assertEquals(direct.nodes(), viaDirectory.nodes());
        assertEquals(direct.edges(), viaDirectory.edges());
    }

    /**
     * Copies of one name@version may differ in what they record (appium's lockfile omits
     * integrity and resolved on some copies only), so the node must carry the one value its
     * copies agree on, or nothing when none records one.
     */
    @ParameterizedTest
    @ValueSource(strings = {V3_LINTER, V3_APPIUM, V1_VIDEOJS})
    void integrityResolvedLicenseAndAliasesComeFromTheEntries(String fixture) throws Exception {
        Loaded l = load(fixture);
        Map<PackageKey, Set<String>> integrities = new TreeMap<>();
        Map<PackageKey, Set<String>> resolveds = new TreeMap<>();
        Map<PackageKey, Set<String>> licenses = new TreeMap<>();
        int aliased = 0;
        for (LockfileFlags.Occurrence o : l.occurrences()) {
            integrities.computeIfAbsent(o.key(), k -> new TreeSet<>());
            resolveds.computeIfAbsent(o.key(), k -> new TreeSet<>());
            licenses.computeIfAbsent(o.key(), k -> new TreeSet<>());
            if (o.entry().path("license").isTextual()) {
                licenses.get(o.key()).add(o.entry().get("license").asText());
            }
            if (o.entry().hasNonNull("integrity")) {
                integrities.get(o.key()).add(o.entry().get("integrity").asText());
            }
            if (o.entry().hasNonNull("resolved")) {
                resolveds.get(o.key()).add(o.entry().get("resolved").asText());
            }
            if (!o.installName().equals(o.key().name())) {
                aliased++;
                PackageNode node = l.graph().node(o.key()).orElseThrow();
                assertTrue(node.aliases().contains(o.installName()), o.location() + " keeps alias " + o.installName());
            }
        }
        for (PackageKey key : integrities.keySet()) {
            PackageNode node = l.graph().node(key).orElseThrow(() -> new AssertionError("missing " + key));
            assertTrue(integrities.get(key).size() <= 1, key + " copies disagree on integrity");
            assertEquals(integrities.get(key).stream().findFirst(), node.integrity(), "integrity of " + key);
            assertEquals(resolveds.get(key).stream().findFirst(), node.resolved(), "resolved of " + key);
            if (licenses.get(key).size() <= 1) {
                assertEquals(licenses.get(key).stream().findFirst(), node.license(), "license of " + key);
            }
        }
        System.out.println(fixture + ": " + l.occurrences().size() + " entries, " + aliased + " aliased, "
                + l.graph().packages().size() + " packages, warnings " + l.graph().warnings());
    }
}
