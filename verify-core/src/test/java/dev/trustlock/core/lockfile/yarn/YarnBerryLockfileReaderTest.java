package dev.trustlock.core.lockfile.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.Edge;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.Scope;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class YarnBerryLockfileReaderTest {

    private static final String JEST = "lockfiles-real/yarn-berry-jest/yarn.lock";

    /** An entry read from the raw text with regular expressions: key, version, resolution. */
    private record RawEntry(String key, String version, String resolution, String checksum) {
        String realName() {
            return resolution.substring(0, resolution.indexOf('@', 1));
        }

        boolean workspace() {
            return resolution.contains("@workspace:");
        }

        List<String> descriptorNames() {
            List<String> names = new ArrayList<>();
            for (String d : key.split(", ")) {
                names.add(d.substring(0, d.indexOf('@', 1)));
            }
            return names;
        }
    }

    private static final Pattern KEY = Pattern.compile("^\"?([^\\s#][^\"]*?)\"?:$");
    private static final Pattern FIELD = Pattern.compile("^  (version|resolution|checksum): \"?([^\"]*)\"?$");

    private static List<RawEntry> rawEntries(Path file) throws Exception {
        List<RawEntry> result = new ArrayList<>();
        String key = null;
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher k = KEY.matcher(line);
            if (k.matches()) {
                if (key != null && !key.equals("__metadata")) {
                    result.add(new RawEntry(key, fields.get("version"), fields.get("resolution"), fields.get("checksum")));
                }
                key = k.group(1);
                fields = new HashMap<>();
                continue;
            }
            Matcher f = FIELD.matcher(line);
            if (f.matches()) {
                fields.put(f.group(1), f.group(2));
            }
        }
        if (key != null && !key.equals("__metadata")) {
            result.add(new RawEntry(key, fields.get("version"), fields.get("resolution"), fields.get("checksum")));
        }
        return result;
    }

    @Test
    void jestDistinctPackagesAndWorkspacesMatchTheRawFile() throws Exception {
        Path lock = Fixtures.shared(JEST);
        List<RawEntry> raw = rawEntries(lock);
        assertEquals(Files.readAllLines(lock).stream().filter(l -> l.startsWith("  resolution: ")).count(), raw.size());

        Set<PackageKey> expected = new TreeSet<>();
        Set<String> expectedWorkspaceNames = new TreeSet<>();
        Set<String> expectedWorkspacePaths = new TreeSet<>();
        for (RawEntry e : raw) {
            if (!e.workspace()) {
                expected.add(PackageKey.of(e.realName(), e.version()));
            } else if (!e.resolution().endsWith("@workspace:.")) {
                expectedWorkspaceNames.add(e.realName());
                expectedWorkspacePaths.add(e.resolution().substring(e.resolution().indexOf("@workspace:") + 11));
            }
        }
        DependencyGraph graph = new YarnBerryLockfileReader().read(lock);
        Set<PackageKey> actual = new TreeSet<>();
        graph.packages().forEach(n -> actual.add(n.key()));
        assertEquals(expected, actual);

        assertEquals(71, raw.stream().filter(RawEntry::workspace).count(), "root + 70 workspaces");
        List<PackageNode> ws = graph.workspaces();
        assertEquals(expectedWorkspaceNames, new TreeSet<>(ws.stream().map(PackageNode::name).toList()));
        assertEquals(expectedWorkspacePaths, new TreeSet<>(ws.stream().map(n -> n.path().orElseThrow()).toList()));
        // Their package.json files are not in the fixture and yarn writes a placeholder version.
        assertTrue(ws.stream().allMatch(n -> n.version().equals("0.0.0")));

        JsonNode pkg = new ObjectMapper().readTree(lock.resolveSibling("package.json").toFile());
        assertEquals(PackageKey.of(pkg.get("name").asText(), pkg.get("version").asText()), graph.root());
        assertTrue(graph.warnings().stream().anyMatch(w -> w.startsWith("69 workspaces have no package.json")),
                graph.warnings().toString());
        assertFalse(graph.warnings().stream().anyMatch(w -> w.contains("not in yarn.lock under their descriptor")),
                "every non-peer dependency resolves: " + graph.warnings());
    }

    @Test
    void jestDevOnlyPackagesMatchAnIndependentWalk() throws Exception {
        Path lock = Fixtures.shared(JEST);
        Map<String, Object> tree = new Yaml().load(Files.readString(lock));
        JsonNode pkg = new ObjectMapper().readTree(lock.resolveSibling("package.json").toFile());

        Map<String, Map<String, Object>> byDescriptor = new HashMap<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            if (e.getKey().equals("__metadata")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) e.getValue();
            for (String d : e.getKey().split(", ")) {
                byDescriptor.put(d, body);
                int bound = d.indexOf("::");
                if (bound > 0) {
                    byDescriptor.putIfAbsent(d.substring(0, bound), body);
                }
            }
        }
        Map<String, String> resolutions = new HashMap<>();
        pkg.path("resolutions").fields().forEachRemaining(r -> resolutions.put(r.getKey(), r.getValue().asText()));

        // Production starting points: every workspace's lockfile dependencies (their package.json
        // files are absent), except the root's, which are all devDependencies in its package.json.
        Deque<Map<String, Object>> todo = new ArrayDeque<>();
        for (Object value : tree.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) value;
            String resolution = String.valueOf(body.get("resolution"));
            if (!resolution.contains("@workspace:")) {
                continue;
            }
            boolean root = resolution.endsWith("@workspace:.");
            deps(body).forEach((name, range) -> {
                if (root && !pkg.path("dependencies").has(name) && !pkg.path("optionalDependencies").has(name)) {
                    assertTrue(pkg.path("devDependencies").has(name), name);
                    return;
                }
                todo.add(resolve(byDescriptor, resolutions, resolution, name, range));
            });
        }
        Set<PackageKey> runtime = new HashSet<>();
        Set<Map<String, Object>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Map<String, Object> body = todo.poll();
            if (!seen.add(body)) {
                continue;
            }
            String resolution = String.valueOf(body.get("resolution"));
            runtime.add(PackageKey.of(resolution.substring(0, resolution.indexOf('@', 1)), String.valueOf(body.get("version"))));
            deps(body).forEach((name, range) -> todo.add(resolve(byDescriptor, resolutions, resolution, name, range)));
        }

        DependencyGraph graph = new YarnBerryLockfileReader().read(lock);
        Set<PackageKey> expectedDevIgnoringPeers = new TreeSet<>();
        for (PackageNode n : graph.packages()) {
            if (!runtime.contains(n.key())) {
                expectedDevIgnoringPeers.add(n.key());
            }
        }
        // Same walk in the reader's graph without peer edges: must agree exactly.
        Set<PackageKey> reachedWithoutPeers = graph.reachable(EnumSet.of(DependencyKind.PROD, DependencyKind.OPTIONAL));
        Set<PackageKey> readerDevIgnoringPeers = new TreeSet<>();
        graph.packages().forEach(n -> {
            if (!reachedWithoutPeers.contains(n.key())) {
                readerDevIgnoringPeers.add(n.key());
            }
        });
        assertEquals(expectedDevIgnoringPeers, readerDevIgnoringPeers);

        // scopes() also follows the peer edges the reader could tie to one installed version, so
        // its dev-only set can only be smaller: a dev tool that is the peer of a production
        // package is needed in production too.
        Set<PackageKey> dev = new TreeSet<>();
        graph.scopes().forEach((k, s) -> {
            if (s == Scope.DEV) {
                dev.add(k);
            }
        });
        assertTrue(expectedDevIgnoringPeers.containsAll(dev));
        Set<PackageKey> promotedByPeers = new TreeSet<>(expectedDevIgnoringPeers);
        promotedByPeers.removeAll(dev);
        for (PackageKey k : promotedByPeers) {
            assertTrue(graph.edges().stream().anyMatch(e -> e.to().equals(k) && e.kind() == DependencyKind.PEER),
                    k + " left dev-only through a peer edge");
        }
        assertFalse(dev.isEmpty());
    }

    private static Map<String, String> deps(Map<String, Object> body) {
        Map<String, String> result = new HashMap<>();
        Object deps = body.get("dependencies");
        if (deps instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        }
        return result;
    }

    /** The test's own, deliberately plain, reading of berry's descriptor lookup. */
    private static Map<String, Object> resolve(Map<String, Map<String, Object>> byDescriptor, Map<String, String> resolutions,
                                               String parentResolution, String name, String range) {
        String parent = parentResolution.substring(0, parentResolution.indexOf('@', 1));
        for (Map.Entry<String, String> r : resolutions.entrySet()) {
            String p = r.getKey();
            boolean applies = p.equals(name) || p.equals(parent + "/" + name)
                    || (p.startsWith(name + "@") && range.equals("npm:" + p.substring(name.length() + 1)));
            if (applies) {
                String value = r.getValue().contains(":") ? r.getValue() : "npm:" + r.getValue();
                Map<String, Object> hit = byDescriptor.get(name + "@" + value);
                if (hit != null) {
                    return hit;
                }
            }
        }
        Map<String, Object> hit = byDescriptor.get(name + "@" + range);
        assertNotNull(hit, "lockfile has " + name + "@" + range + " (from " + parentResolution + ")");
        return hit;
    }

    @Test
    void jestAliasesPatchesAndNoChecksumAsIntegrity() throws Exception {
        Path lock = Fixtures.shared(JEST);
        List<RawEntry> raw = rawEntries(lock);
        DependencyGraph graph = new YarnBerryLockfileReader().read(lock);

        Set<String> checksums = new HashSet<>();
        int aliases = 0;
        int patches = 0;
        for (RawEntry e : raw) {
            if (e.checksum() != null) {
                checksums.add(e.checksum());
                checksums.add(e.checksum().substring(e.checksum().indexOf('/') + 1));
            }
            if (e.workspace()) {
                continue;
            }
            PackageNode node = graph.node(PackageKey.of(e.realName(), e.version())).orElseThrow();
            for (String name : e.descriptorNames()) {
                if (!name.equals(e.realName())) {
                    aliases++;
                    assertTrue(node.aliases().contains(name), node + " records alias " + name);
                }
            }
            if (e.resolution().contains("@patch:")) {
                patches++;
                // The installed package is the patched one, and resolved says so.
                assertEquals(Optional.of(e.resolution()), node.resolved(), node.toString());
                assertEquals(SourceType.REGISTRY, node.source());
            }
        }
        assertTrue(aliases >= 3, "the fixture has npm: aliases such as @babel-8/core");
        assertEquals(6, patches);
        assertEquals(Set.of("@babel-8/core"), graph.node(PackageKey.of("@babel/core", "8.0.1")).orElseThrow().aliases());
        assertTrue(checksums.size() > 2000);
        for (PackageNode n : graph.nodes().values()) {
            // berry records no tarball SRI; its checksum hashes yarn's cache zip.
            assertEquals(Optional.empty(), n.integrity(), n.toString());
            n.resolved().ifPresent(r -> assertFalse(checksums.contains(r)));
        }
    }

    private static Path write(Path dir, String relative, String text) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void workspaceKindsResolutionsPatchesPeersAndSources(@TempDir Path dir) throws Exception {
        write(dir, "package.json", """
                {"name": "app", "version": "3.0.0", "workspaces": ["packages/*"],
                 "dependencies": {"a": "^1.0.0"},
                 "devDependencies": {"d": "^2.0.0", "lib-a": "workspace:*"},
                 "optionalDependencies": {"o": "^1.0.0"},
                 "resolutions": {"a/c": "1.0.5"}}
                """);
        write(dir, "packages/a/package.json", """
                {"name": "lib-a", "version": "1.0.0",
                 "dependencies": {"b-alias": "npm:b@^2.0.0"}, "devDependencies": {"t": "^1.0.0"}}
                """);
        Path lock = write(dir, "yarn.lock", """
                # This file is generated by running "yarn install" inside your project.

                __metadata:
                  version: 8
                  cacheKey: 10c0

                "a@npm:^1.0.0":
                  version: 1.2.0
                  resolution: "a@npm:1.2.0"
                  dependencies:
                    c: "npm:^1.0.0"
                    fse: "npm:^2.0.0"
                  peerDependencies:
                    p: ">=1"
                    q: ^1.0.0
                    r: "*"
                  peerDependenciesMeta:
                    q:
                      optional: true
                  dependenciesMeta:
                    fse:
                      optional: true
                  checksum: 10c0/aaaaaaaa
                  languageName: node
                  linkType: hard

                "app@workspace:.":
                  version: 0.0.0-use.local
                  resolution: "app@workspace:."
                  dependencies:
                    a: "npm:^1.0.0"
                    d: "npm:^2.0.0"
                    lib-a: "workspace:*"
                    o: "npm:^1.0.0"
                  languageName: unknown
                  linkType: soft

                "b-alias@npm:b@^2.0.0":
                  version: 2.0.0
                  resolution: "b@npm:2.0.0"
                  checksum: 10c0/bbbbbbbb
                  languageName: node
                  linkType: hard

                "c@npm:1.0.5":
                  version: 1.0.5
                  resolution: "c@npm:1.0.5"
                  languageName: node
                  linkType: hard

                "d@npm:^2.0.0":
                  version: 2.0.0
                  resolution: "d@npm:2.0.0"
                  dependencies:
                    p: "npm:^1.0.0"
                  languageName: node
                  linkType: hard

                "fse@npm:^2.0.0":
                  version: 2.3.3
                  resolution: "fse@npm:2.3.3"
                  languageName: node
                  linkType: hard

                "fse@patch:fse@npm%3A^2.0.0#optional!builtin<compat/fse>":
                  version: 2.3.3
                  resolution: "fse@patch:fse@npm%3A2.3.3#optional!builtin<compat/fse>::version=2.3.3&hash=df0bf1"
                  conditions: os=darwin
                  languageName: node
                  linkType: hard

                "g@https://github.com/o/g.git#commit=0123abc":
                  version: 0.1.0
                  resolution: "g@https://github.com/o/g.git#commit=0123abc"
                  languageName: node
                  linkType: hard

                "l@file:../vendor/l::locator=lib-b%40workspace%3Apackages%2Fb":
                  version: 0.2.0
                  resolution: "l@file:../vendor/l#../vendor/l::hash=123abc&locator=lib-b%40workspace%3Apackages%2Fb"
                  languageName: node
                  linkType: hard

                "lib-a@workspace:*, lib-a@workspace:packages/a":
                  version: 0.0.0-use.local
                  resolution: "lib-a@workspace:packages/a"
                  dependencies:
                    b-alias: "npm:b@^2.0.0"
                    t: "npm:^1.0.0"
                  languageName: unknown
                  linkType: soft

                "lib-b@workspace:packages/b":
                  version: 0.0.0-use.local
                  resolution: "lib-b@workspace:packages/b"
                  dependencies:
                    g: "https://github.com/o/g.git#commit=0123abc"
                    l: "file:../vendor/l"
                  languageName: unknown
                  linkType: soft

                "o@npm:^1.0.0":
                  version: 1.0.0
                  resolution: "o@npm:1.0.0"
                  languageName: node
                  linkType: hard

                "p@npm:^1.0.0":
                  version: 1.1.0
                  resolution: "p@npm:1.1.0"
                  languageName: node
                  linkType: hard

                "t@npm:^1.0.0":
                  version: 1.0.0
                  resolution: "t@npm:1.0.0"
                  languageName: node
                  linkType: hard
                """);
        DependencyGraph g = new YarnBerryLockfileReader().read(lock);
        PackageKey root = PackageKey.of("app", "3.0.0");
        PackageKey libA = PackageKey.of("lib-a", "1.0.0");
        PackageKey libB = PackageKey.of("lib-b", "0.0.0");
        PackageKey a = PackageKey.of("a", "1.2.0");
        PackageKey b = PackageKey.of("b", "2.0.0");
        PackageKey c = PackageKey.of("c", "1.0.5");
        PackageKey d = PackageKey.of("d", "2.0.0");
        PackageKey fse = PackageKey.of("fse", "2.3.3");
        PackageKey gk = PackageKey.of("g", "0.1.0");
        PackageKey l = PackageKey.of("l", "0.2.0");
        PackageKey o = PackageKey.of("o", "1.0.0");
        PackageKey p = PackageKey.of("p", "1.1.0");
        PackageKey t = PackageKey.of("t", "1.0.0");
        assertEquals(root, g.root());
        assertEquals(List.of(libA, libB), g.workspaces().stream().map(PackageNode::key).toList());
        assertEquals(new TreeSet<>(List.of(
                new Edge(root, a, DependencyKind.PROD), new Edge(root, d, DependencyKind.DEV),
                new Edge(root, libA, DependencyKind.DEV), new Edge(root, o, DependencyKind.OPTIONAL),
                new Edge(libA, b, DependencyKind.PROD), new Edge(libA, t, DependencyKind.DEV),
                new Edge(libB, gk, DependencyKind.PROD), new Edge(libB, l, DependencyKind.PROD),
                new Edge(a, c, DependencyKind.PROD), new Edge(a, fse, DependencyKind.OPTIONAL),
                new Edge(a, p, DependencyKind.PEER), new Edge(d, p, DependencyKind.PROD))), g.edges());
        assertEquals(Map.of(a, Scope.REQUIRED, b, Scope.REQUIRED, c, Scope.REQUIRED, d, Scope.DEV,
                fse, Scope.OPTIONAL, gk, Scope.REQUIRED, l, Scope.REQUIRED, o, Scope.OPTIONAL,
                p, Scope.REQUIRED, t, Scope.DEV), g.scopes());

        assertEquals(Set.of("b-alias"), g.node(b).orElseThrow().aliases());
        PackageNode fseNode = g.node(fse).orElseThrow();
        assertTrue(fseNode.resolved().orElseThrow().startsWith("fse@patch:"), fseNode.toString());
        assertEquals(SourceType.REGISTRY, fseNode.source());
        assertEquals(SourceType.GIT, g.node(gk).orElseThrow().source());
        PackageNode local = g.node(l).orElseThrow();
        assertEquals(SourceType.LOCAL, local.source());
        assertEquals(Optional.of("../vendor/l"), local.path());
        assertEquals(Optional.of("a@npm:1.2.0"), g.node(a).orElseThrow().resolved());
        assertTrue(g.nodes().values().stream().allMatch(n -> n.integrity().isEmpty()));

        assertEquals(2, g.warnings().size(), g.warnings().toString());
        assertTrue(g.warnings().stream().anyMatch(w -> w.contains("packages/b")), g.warnings().toString());
        assertTrue(g.warnings().stream().anyMatch(w -> w.contains("r@*") && w.contains("unmet")), g.warnings().toString());
    }

    @Test
    void version4LockfilesWriteRangesWithoutTheNpmProtocol(@TempDir Path dir) throws Exception {
        Path lock = write(dir, "proj/yarn.lock", """
                __metadata:
                  version: 4

                "proj@workspace:.":
                  version: 0.0.0-use.local
                  resolution: "proj@workspace:."
                  dependencies:
                    a: ^1.0.0
                  languageName: unknown
                  linkType: soft

                "a@npm:^1.0.0":
                  version: 1.0.0
                  resolution: "a@npm:1.0.0"
                  dependencies:
                    b: latest
                  languageName: node
                  linkType: hard

                "b@npm:latest":
                  version: 4.0.0
                  resolution: "b@npm:4.0.0"
                  languageName: node
                  linkType: hard
                """);
        DependencyGraph g = new YarnBerryLockfileReader().read(lock);
        PackageKey root = PackageKey.of("proj", "0.0.0");
        assertEquals(root, g.root(), "root named by its lockfile record when there is no package.json");
        assertEquals(new TreeSet<>(List.of(
                new Edge(root, PackageKey.of("a", "1.0.0"), DependencyKind.PROD),
                new Edge(PackageKey.of("a", "1.0.0"), PackageKey.of("b", "4.0.0"), DependencyKind.PROD))), g.edges());
        assertEquals(1, g.warnings().size(), "root's package.json is absent: " + g.warnings());
    }

    @Test
    void unsupportedAndMalformedFilesFailNamingTheFile(@TempDir Path dir) throws Exception {
        YarnBerryLockfileReader reader = new YarnBerryLockfileReader();

        Path v1 = write(dir, "v1/yarn.lock", "__metadata:\n  version: 1\n\n\"a@npm:1\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n");
        LockfileException e1 = assertThrows(LockfileException.class, () -> reader.read(v1));
        assertTrue(e1.getMessage().startsWith(v1.toString()), e1.getMessage());
        assertTrue(e1.getMessage().contains("version 1"), e1.getMessage());

        Path noVersion = write(dir, "no-version/yarn.lock", "__metadata:\n  cacheKey: 8\n");
        LockfileException e2 = assertThrows(LockfileException.class, () -> reader.read(noVersion));
        assertTrue(e2.getMessage().contains("__metadata.version"), e2.getMessage());

        Path noMetadata = write(dir, "no-metadata/yarn.lock", "\"a@npm:1\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n");
        LockfileException e3 = assertThrows(LockfileException.class, () -> reader.read(noMetadata));
        assertTrue(e3.getMessage().contains("__metadata"), e3.getMessage());

        Path classic = write(dir, "classic/yarn.lock", "# yarn lockfile v1\n\na@^1:\n  version \"1.0.0\"\n");
        assertThrows(LockfileException.class, () -> reader.read(classic));

        Path invalid = write(dir, "invalid/yarn.lock", "__metadata:\n  version: 8\n\n\"a@npm:1\":\n  version: [1.0.0\n  resolution: x\n");
        LockfileException e4 = assertThrows(LockfileException.class, () -> reader.read(invalid));
        assertTrue(e4.line() > 0, e4.getMessage());
        assertTrue(e4.getMessage().startsWith(invalid.toString()), e4.getMessage());

        StringBuilder bomb = new StringBuilder("__metadata:\n  version: 8\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            bomb.append("]\n");
            prev = c;
        }
        Path aliasBomb = write(dir, "bomb/yarn.lock", bomb.toString());
        LockfileException e5 = assertThrows(LockfileException.class, () -> reader.read(aliasBomb));
        assertTrue(e5.getMessage().startsWith(aliasBomb.toString()), e5.getMessage());

        Path notEntry = write(dir, "not-entry/yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\": 5\n");
        assertThrows(LockfileException.class, () -> reader.read(notEntry));
    }

    @Test
    void truncatedRealFileFails(@TempDir Path dir) throws Exception {
        String text = Files.readString(Fixtures.shared(JEST));
        YarnBerryLockfileReader reader = new YarnBerryLockfileReader();

        // Cut inside a quoted resolution: invalid YAML with a position.
        int inQuote = text.indexOf("resolution: \"", text.length() / 2) + 20;
        Path midString = write(dir, "mid/yarn.lock", text.substring(0, inQuote));
        LockfileException e1 = assertThrows(LockfileException.class, () -> reader.read(midString));
        assertTrue(e1.line() > 0, e1.getMessage());

        // Cut after an entry's version line: valid YAML, but the entry has no resolution.
        int afterVersion = text.indexOf("\n  resolution: ", text.length() / 3) + 1;
        Path noResolution = write(dir, "no-resolution/yarn.lock", text.substring(0, afterVersion));
        LockfileException e2 = assertThrows(LockfileException.class, () -> reader.read(noResolution));
        assertTrue(e2.getMessage().contains("no resolution"), e2.getMessage());
        assertTrue(e2.getMessage().startsWith(noResolution.toString()), e2.getMessage());
    }
}
