package dev.trustlock.core.lockfile.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YarnClassicLockfileReaderTest {

    private static final String WEBPACK = "lockfiles-real/yarn-classic-webpack/yarn.lock";

    /**
     * An entry of the real file, read with regular expressions only (not with the parser
     * under test): descriptors, version, resolved, integrity and dependency lines.
     */
    private record RawEntry(List<String> descriptors, String version, String resolved, String integrity,
                            Map<String, String> deps) {
        String realName() {
            String d = descriptors.get(0);
            int npm = d.indexOf("@npm:");
            if (npm > 0) {
                String target = d.substring(npm + 5);
                return target.substring(0, target.indexOf('@', 1));
            }
            return d.substring(0, d.indexOf('@', 1));
        }

        PackageKey key() {
            return PackageKey.of(realName(), version);
        }
    }

    private static final Pattern KEY_LINE = Pattern.compile("^(\\S.*):$");
    private static final Pattern FIELD = Pattern.compile("^  (version|resolved|integrity) \"?([^\"]*)\"?$");
    private static final Pattern DEP = Pattern.compile("^    \"?([^\" ]+)\"? \"?([^\"]*)\"?$");

    private static List<RawEntry> rawEntries(Path file) throws Exception {
        List<RawEntry> result = new ArrayList<>();
        List<String> descriptors = null;
        Map<String, String> fields = new HashMap<>();
        Map<String, String> deps = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher key = KEY_LINE.matcher(line);
            if (key.matches() && !line.startsWith("#")) {
                if (descriptors != null) {
                    result.add(new RawEntry(descriptors, fields.get("version"), fields.get("resolved"),
                            fields.get("integrity"), deps));
                }
                descriptors = new ArrayList<>();
                for (String d : key.group(1).split(", ")) {
                    descriptors.add(d.replace("\"", ""));
                }
                fields = new HashMap<>();
                deps = new TreeMap<>();
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (field.matches()) {
                fields.put(field.group(1), field.group(2));
            }
            Matcher dep = DEP.matcher(line);
            if (dep.matches()) {
                deps.put(dep.group(1), dep.group(2));
            }
        }
        if (descriptors != null) {
            result.add(new RawEntry(descriptors, fields.get("version"), fields.get("resolved"), fields.get("integrity"), deps));
        }
        return result;
    }

    @Test
    void webpackDistinctPackagesMatchTheRawFile() throws Exception {
        Path lock = Fixtures.shared(WEBPACK);
        List<RawEntry> raw = rawEntries(lock);
        long blocks = Files.readAllLines(lock).stream().filter(l -> l.startsWith("  version ")).count();
        assertEquals(blocks, raw.size(), "regex saw every entry");

        Set<PackageKey> expected = new TreeSet<>();
        raw.forEach(e -> expected.add(e.key()));
        DependencyGraph graph = new YarnClassicLockfileReader().read(lock);
        Set<PackageKey> actual = new TreeSet<>();
        graph.packages().forEach(n -> actual.add(n.key()));
        assertEquals(expected, actual);
        // Several descriptors blocks (alias and plain) install the same name@version: one node each.
        assertTrue(actual.size() < raw.size());

        ObjectMapper json = new ObjectMapper();
        JsonNode pkg = json.readTree(lock.resolveSibling("package.json").toFile());
        assertEquals(PackageKey.of(pkg.get("name").asText(), pkg.get("version").asText()), graph.root());
        assertEquals(SourceType.ROOT, graph.rootNode().source());
        assertEquals(Optional.of(""), graph.rootNode().path());
        assertTrue(graph.warnings().isEmpty(), graph.warnings().toString());
    }

    @Test
    void webpackDevOnlyPackagesMatchAnIndependentWalk() throws Exception {
        Path lock = Fixtures.shared(WEBPACK);
        List<RawEntry> raw = rawEntries(lock);
        Map<String, RawEntry> byDescriptor = new HashMap<>();
        raw.forEach(e -> e.descriptors().forEach(d -> byDescriptor.put(d, e)));

        // Production roots: package.json dependencies, optionalDependencies and peerDependencies.
        JsonNode pkg = new ObjectMapper().readTree(lock.resolveSibling("package.json").toFile());
        Deque<RawEntry> todo = new ArrayDeque<>();
        for (String section : List.of("dependencies", "optionalDependencies", "peerDependencies")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = pkg.path(section).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> d = it.next();
                RawEntry target = byDescriptor.get(d.getKey() + "@" + d.getValue().asText());
                assertTrue(target != null, "lockfile has " + d.getKey());
                todo.add(target);
            }
        }
        Set<PackageKey> runtime = new HashSet<>();
        while (!todo.isEmpty()) {
            RawEntry e = todo.poll();
            if (runtime.add(e.key())) {
                e.deps().forEach((n, r) -> {
                    RawEntry t = byDescriptor.get(n + "@" + r);
                    if (t != null) {
                        todo.add(t);
                    }
                });
            }
        }
        Set<PackageKey> expectedDev = new TreeSet<>();
        raw.forEach(e -> {
            if (!runtime.contains(e.key())) {
                expectedDev.add(e.key());
            }
        });

        DependencyGraph graph = new YarnClassicLockfileReader().read(lock);
        Set<PackageKey> actualDev = new TreeSet<>();
        graph.scopes().forEach((k, s) -> {
            if (s == Scope.DEV) {
                actualDev.add(k);
            }
        });
        assertEquals(expectedDev, actualDev);
        assertFalse(actualDev.isEmpty());
        assertTrue(actualDev.size() < graph.packages().size());
    }

    @Test
    void webpackAliasesIntegrityAndResolvedMatchTheFile() throws Exception {
        Path lock = Fixtures.shared(WEBPACK);
        List<RawEntry> raw = rawEntries(lock);
        DependencyGraph graph = new YarnClassicLockfileReader().read(lock);

        int aliasCount = 0;
        for (RawEntry e : raw) {
            PackageNode node = graph.node(e.key()).orElseThrow();
            for (String d : e.descriptors()) {
                int npm = d.indexOf("@npm:");
                if (npm > 0) {
                    aliasCount++;
                    assertTrue(node.aliases().contains(d.substring(0, npm)), node + " records alias of " + d);
                }
            }
            String resolved = e.resolved();
            int hash = resolved.lastIndexOf('#');
            boolean sha1Fragment = hash > 0 && resolved.substring(hash + 1).matches("[0-9a-f]{40}");
            if (e.integrity() != null) {
                assertEquals(Optional.of(e.integrity()), node.integrity(), node.toString());
            } else if (sha1Fragment) {
                String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(resolved.substring(hash + 1)));
                assertEquals(Optional.of("sha1-" + b64), node.integrity(), node.toString());
            } else {
                assertEquals(Optional.empty(), node.integrity(), node.toString());
            }
            assertEquals(Optional.of(sha1Fragment ? resolved.substring(0, hash) : resolved), node.resolved());
        }
        assertTrue(aliasCount >= 6, "the fixture has npm: aliases");
        // The prettier-2 alias and the plain prettier@^2.7.1 block are the same package.
        PackageNode prettier = graph.node(PackageKey.of("prettier", "2.8.8")).orElseThrow();
        assertEquals(Set.of("prettier-2"), prettier.aliases());
        // The only block without an integrity line is the git tarball: it keeps its URL and
        // gets no integrity (the sha1 fallback is covered by edgesCarryKindsFromLockfileAndManifest).
        assertEquals(List.of("tooling"), raw.stream().filter(e -> e.integrity() == null).map(RawEntry::realName).toList());
        PackageNode tooling = graph.node(PackageKey.of("tooling", "1.28.1")).orElseThrow();
        assertEquals(SourceType.GIT, tooling.source());
        assertEquals(Optional.empty(), tooling.integrity());
    }

    @Test
    void edgesCarryKindsFromLockfileAndManifest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("package.json"), """
                {"name": "app", "version": "1.2.3",
                 "dependencies": {"a": "^1.0.0", "local": "file:./vendor/local"},
                 "devDependencies": {"d": "^2", "b2": "npm:b@^2"},
                 "optionalDependencies": {"gone": "^9"}}
                """);
        Files.writeString(dir.resolve("yarn.lock"), """
                # yarn lockfile v1


                a@^1.0.0:
                  version "1.0.1"
                  resolved "https://registry.yarnpkg.com/a/-/a-1.0.1.tgz#0123456789abcdef0123456789abcdef01234567"
                  dependencies:
                    b "^1"
                    missing "^3"
                  optionalDependencies:
                    opt "^1"

                b@^1:
                  version "1.5.0"
                  resolved "https://registry.yarnpkg.com/b/-/b-1.5.0.tgz"
                  integrity sha512-bbbb

                "b2@npm:b@^2":
                  version "2.0.0"
                  resolved "https://registry.yarnpkg.com/b/-/b-2.0.0.tgz"
                  integrity "sha512-cccc sha1-dddd"

                d@^2:
                  version "2.1.0"
                  resolved "https://registry.yarnpkg.com/d/-/d-2.1.0.tgz"
                  dependencies:
                    b "^1"

                "local@file:./vendor/local":
                  version "0.1.0"

                opt@^1:
                  version "1.0.0"
                  resolved "https://registry.yarnpkg.com/opt/-/opt-1.0.0.tgz"
                """);
        DependencyGraph g = new YarnClassicLockfileReader().read(dir.resolve("yarn.lock"));
        PackageKey root = PackageKey.of("app", "1.2.3");
        PackageKey a = PackageKey.of("a", "1.0.1");
        PackageKey b1 = PackageKey.of("b", "1.5.0");
        PackageKey b2 = PackageKey.of("b", "2.0.0");
        PackageKey d = PackageKey.of("d", "2.1.0");
        PackageKey local = PackageKey.of("local", "0.1.0");
        PackageKey opt = PackageKey.of("opt", "1.0.0");
        assertEquals(root, g.root());
        assertEquals(new TreeSet<>(List.of(
                new Edge(root, a, DependencyKind.PROD), new Edge(root, local, DependencyKind.PROD),
                new Edge(root, d, DependencyKind.DEV), new Edge(root, b2, DependencyKind.DEV),
                new Edge(a, b1, DependencyKind.PROD), new Edge(a, opt, DependencyKind.OPTIONAL),
                new Edge(d, b1, DependencyKind.PROD))), g.edges());
        assertEquals(Map.of(a, Scope.REQUIRED, b1, Scope.REQUIRED, b2, Scope.DEV, d, Scope.DEV,
                local, Scope.REQUIRED, opt, Scope.OPTIONAL), g.scopes());
        // "missing" is a prod dependency absent from the lockfile: warned; "gone" is optional: silent.
        assertEquals(1, g.warnings().size(), g.warnings().toString());
        assertTrue(g.warnings().get(0).contains("missing@^3"));
        assertEquals(Set.of("b2"), g.node(b2).orElseThrow().aliases());
        assertEquals(Optional.of("sha512-cccc sha1-dddd"), g.node(b2).orElseThrow().integrity());
        assertEquals(Optional.of("sha1-ASNFZ4mrze8BI0VniavN7wEjRWc="), g.node(a).orElseThrow().integrity());
        assertEquals(Optional.of("https://registry.yarnpkg.com/a/-/a-1.0.1.tgz"), g.node(a).orElseThrow().resolved());
        PackageNode localNode = g.node(local).orElseThrow();
        assertEquals(SourceType.LOCAL, localNode.source());
        assertEquals(Optional.of("./vendor/local"), localNode.path());
    }

    @Test
    void workspacesComeFromPackageJsonGlobs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("package.json"), """
                {"name": "mono", "private": true, "workspaces": ["packages/*", "tools/cli"],
                 "devDependencies": {"lib-a": "1.0.0"}}
                """);
        Files.createDirectories(dir.resolve("packages/a"));
        Files.writeString(dir.resolve("packages/a/package.json"), """
                {"name": "lib-a", "version": "1.0.0", "dependencies": {"x": "^1", "lib-b": "^2.0.0"},
                 "devDependencies": {"y": "^1"}}
                """);
        Files.createDirectories(dir.resolve("packages/b"));
        Files.writeString(dir.resolve("packages/b/package.json"), "{\"name\": \"lib-b\", \"version\": \"2.0.0\"}");
        Files.createDirectories(dir.resolve("packages/not-a-package"));
        Files.writeString(dir.resolve("yarn.lock"), """
                # yarn lockfile v1


                x@^1:
                  version "1.0.0"

                y@^1:
                  version "1.1.0"
                """);
        DependencyGraph g = new YarnClassicLockfileReader().read(dir.resolve("yarn.lock"));
        PackageKey root = PackageKey.of("mono", "0.0.0");
        PackageKey wa = PackageKey.of("lib-a", "1.0.0");
        PackageKey wb = PackageKey.of("lib-b", "2.0.0");
        assertEquals(root, g.root());
        List<PackageNode> ws = g.workspaces();
        assertEquals(List.of(wa, wb), ws.stream().map(PackageNode::key).toList());
        assertEquals(Optional.of("packages/a"), ws.get(0).path());
        assertEquals(new TreeSet<>(List.of(
                new Edge(root, wa, DependencyKind.DEV),
                new Edge(wa, wb, DependencyKind.PROD),
                new Edge(wa, PackageKey.of("x", "1.0.0"), DependencyKind.PROD),
                new Edge(wa, PackageKey.of("y", "1.1.0"), DependencyKind.DEV))), g.edges());
        // A workspace's own prod dependency is prod even though the root needs it only for dev.
        assertEquals(Scope.REQUIRED, g.scopes().get(PackageKey.of("x", "1.0.0")));
        assertEquals(Scope.DEV, g.scopes().get(PackageKey.of("y", "1.1.0")));
        assertEquals(1, g.warnings().size(), g.warnings().toString());
        assertTrue(g.warnings().get(0).contains("tools/cli"), g.warnings().toString());
    }

    @Test
    void rootFallsBackToDirectoryNameWithoutPackageJson(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("my-project"));
        Files.writeString(project.resolve("yarn.lock"), "# yarn lockfile v1\n\nx@^1:\n  version \"1.0.0\"\n");
        DependencyGraph g = new YarnClassicLockfileReader().read(project.resolve("yarn.lock"));
        assertEquals(PackageKey.of("my-project", "0.0.0"), g.root());
        assertEquals(Scope.DEV, g.scopes().get(PackageKey.of("x", "1.0.0")), "nothing depends on it");
    }

    @Test
    void malformedFilesFailWithPositionAndFileName(@TempDir Path dir) throws Exception {
        Path badIndent = dir.resolve("bad-indent/yarn.lock");
        Files.createDirectories(badIndent.getParent());
        Files.writeString(badIndent, "# yarn lockfile v1\n\na@^1:\n  version \"1.0.0\"\n dependencies:\n");
        LockfileException e1 = assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(badIndent));
        assertEquals(5, e1.line());
        assertEquals(2, e1.column());
        assertTrue(e1.getMessage().startsWith(badIndent.toString()), e1.getMessage());

        Path quote = dir.resolve("quote/yarn.lock");
        Files.createDirectories(quote.getParent());
        Files.writeString(quote, "# yarn lockfile v1\n\n\"a@^1:\n  version \"1.0.0\"\n");
        LockfileException e2 = assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(quote));
        assertTrue(e2.line() > 0 && e2.column() > 0, e2.getMessage());
        assertTrue(e2.getMessage().startsWith(quote.toString()), e2.getMessage());

        Path noVersion = dir.resolve("no-version/yarn.lock");
        Files.createDirectories(noVersion.getParent());
        Files.writeString(noVersion, "# yarn lockfile v1\n\na@^1:\n  resolved \"https://x/a.tgz\"\n");
        LockfileException e3 = assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(noVersion));
        assertEquals(3, e3.line());
        assertTrue(e3.getMessage().contains("no version"), e3.getMessage());

        Path empty = dir.resolve("empty/yarn.lock");
        Files.createDirectories(empty.getParent());
        Files.writeString(empty, "\n\n");
        assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(empty));

        Path berry = dir.resolve("berry/yarn.lock");
        Files.createDirectories(berry.getParent());
        Files.writeString(berry, "__metadata:\n  version: 8\n");
        LockfileException e4 = assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(berry));
        assertTrue(e4.getMessage().contains("berry"), e4.getMessage());

        Path binary = dir.resolve("binary/yarn.lock");
        Files.createDirectories(binary.getParent());
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(binary));
    }

    @Test
    void truncatedRealFileFailsWithAPosition(@TempDir Path dir) throws Exception {
        String text = Files.readString(Fixtures.shared(WEBPACK));
        // Cut inside a quoted resolved URL: the quote never closes.
        int cut = text.indexOf("resolved \"https://", text.length() / 2) + 30;
        Path midString = dir.resolve("mid-string/yarn.lock");
        Files.createDirectories(midString.getParent());
        Files.writeString(midString, text.substring(0, cut));
        LockfileException e = assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(midString));
        long expectedLine = text.substring(0, cut).lines().count();
        assertEquals(expectedLine, e.line());
        assertTrue(e.column() > 0);

        // Cut right after an entry's key line: an entry with no version.
        int keyEnd = text.indexOf(":\n  version", text.length() / 3) + 2;
        Path afterKey = dir.resolve("after-key/yarn.lock");
        Files.createDirectories(afterKey.getParent());
        Files.writeString(afterKey, text.substring(0, keyEnd));
        LockfileException e2 = assertThrows(LockfileException.class, () -> new YarnClassicLockfileReader().read(afterKey));
        assertEquals(text.substring(0, keyEnd).lines().count(), e2.line());
    }
}
