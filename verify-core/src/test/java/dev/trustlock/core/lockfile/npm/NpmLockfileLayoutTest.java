package dev.trustlock.core.lockfile.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.Edge;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.Scope;
import dev.trustlock.core.lockfile.SourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small hand-written lockfiles, each isolating one rule of npm's layout, with the expected
 * graph worked out by hand from Node's lookup rules (comments say why each answer is right).
 */
class NpmLockfileLayoutTest {

    @TempDir
    Path dir;

    private DependencyGraph read(String lock) throws Exception {
        Path file = dir.resolve("package-lock.json");
        Files.writeString(file, lock.replace('\'', '"'), StandardCharsets.UTF_8);
        return new NpmLockfileReader().read(file);
    }

    private void packageJson(String json) throws Exception {
        Files.writeString(dir.resolve("package.json"), json.replace('\'', '"'), StandardCharsets.UTF_8);
    }

    private static PackageKey k(String name, String version) {
        return PackageKey.of(name, version);
    }

    private static Set<Edge> edgesFrom(DependencyGraph g, PackageKey from) {
        return Set.copyOf(g.edgesFrom(from));
    }

    private static final String WORKSPACE_LOCK = """
            {'name': 'proj', 'version': '1.0.0', 'lockfileVersion': 3, 'requires': true,
             'packages': {
              '': {'name': 'proj', 'version': '1.0.0', 'license': 'ISC', 'workspaces': ['packages/*'],
                   'dependencies': {'a': '^1', 'x-alias': 'npm:x@^1', 'loc': 'file:../vendored/loc'},
                   'devDependencies': {'d': '^1'}},
              'packages/w': {'version': '2.0.0', 'dependencies': {'a': '^2', 'b': '^1'},
                             'devDependencies': {'t': '^1'}},
              'node_modules/w': {'resolved': 'packages/w', 'link': true},
              'node_modules/a': {'version': '1.0.0', 'resolved': 'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
                                 'integrity': 'sha512-AAA', 'license': 'MIT', 'dependencies': {'c': '*'}},
              'packages/w/node_modules/a': {'version': '2.0.0', 'dependencies': {'c': '*'}},
              'packages/w/node_modules/c': {'version': '3.0.0'},
              'node_modules/c': {'version': '1.0.0', 'inBundle': true},
              'node_modules/b': {'version': '1.0.0', 'dependencies': {'gone': '^1'},
                                 'optionalDependencies': {'missing-opt': '^1'}},
              'node_modules/d': {'version': '1.0.0', 'dev': true, 'dependencies': {'w': '*'}},
              'node_modules/t': {'version': '1.0.0', 'dev': true},
              'node_modules/x-alias': {'name': 'x', 'version': '1.0.0'},
              'node_modules/loc': {'resolved': '../vendored/loc', 'link': true},
              '../vendored/loc': {'name': 'loc', 'version': '0.1.0', 'dependencies': {'c': '*'}},
              'node_modules/old': {'version': '9.9.9', 'extraneous': true}
             }}
            """;

    @Test
    void hostileWorkspaceGlobsAndFolderNamesAreMatchedWithoutBacktracking() throws Exception {
        // The lockfile names both the globs and the folders. A regular expression took 14 s for
        // eight stars against a 60-character folder name and minutes at 80; this one has more.
        String folder = "a".repeat(2_000);
        DependencyGraph g = read("{'name': 'p', 'version': '1.0.0', 'lockfileVersion': 3, 'packages': {"
                + "'': {'name': 'p', 'version': '1.0.0', 'workspaces': ['*a*a*a*a*a*a*a*a*a*a*a*a*b', '" + folder + "']},"
                + "'" + folder + "': {'name': 'w', 'version': '2.0.0'},"
                + "'node_modules/w': {'resolved': '" + folder + "', 'link': true}}}");
        assertEquals(SourceType.WORKSPACE, g.node(k("w", "2.0.0")).orElseThrow().source());
    }

    @Test
    void workspacesLinksAndNestedLookups() throws Exception {
        DependencyGraph g = read(WORKSPACE_LOCK);
        assertEquals(k("proj", "1.0.0"), g.root());
        assertEquals(Optional.of("ISC"), g.rootNode().license());

        // The workspace entry has no name: the link node_modules/w names it.
        PackageNode w = g.node(k("w", "2.0.0")).orElseThrow();
        assertEquals(SourceType.WORKSPACE, w.source());
        assertEquals(Optional.of("packages/w"), w.path());

        // a@1 (top) finds node_modules/c; a@2 (inside packages/w) finds packages/w/node_modules/c first.
        assertEquals(Set.of(new Edge(k("a", "1.0.0"), k("c", "1.0.0"), DependencyKind.PROD)), edgesFrom(g, k("a", "1.0.0")));
        assertEquals(Set.of(new Edge(k("a", "2.0.0"), k("c", "3.0.0"), DependencyKind.PROD)), edgesFrom(g, k("a", "2.0.0")));
        // From packages/w, a resolves to packages/w/node_modules/a; b falls through to node_modules/b.
        assertEquals(Set.of(new Edge(k("w", "2.0.0"), k("a", "2.0.0"), DependencyKind.PROD),
                new Edge(k("w", "2.0.0"), k("b", "1.0.0"), DependencyKind.PROD),
                new Edge(k("w", "2.0.0"), k("t", "1.0.0"), DependencyKind.DEV)), edgesFrom(g, k("w", "2.0.0")));
        // A dependency on the linked workspace lands on the workspace node.
        assertTrue(g.edges().contains(new Edge(k("d", "1.0.0"), k("w", "2.0.0"), DependencyKind.PROD)));

        // Alias: node under the real name, alias kept, root edge to it.
        PackageNode x = g.node(k("x", "1.0.0")).orElseThrow();
        assertEquals(Set.of("x-alias"), x.aliases());
        assertTrue(g.edges().contains(new Edge(g.root(), k("x", "1.0.0"), DependencyKind.PROD)));

        // file: link to a folder outside the project: LOCAL, and it does not see the project's node_modules.
        PackageNode loc = g.node(k("loc", "0.1.0")).orElseThrow();
        assertEquals(SourceType.LOCAL, loc.source());
        assertEquals(Optional.of("../vendored/loc"), loc.path());
        assertEquals(Optional.of("file:../vendored/loc"), loc.resolved());
        assertTrue(g.edgesFrom(k("loc", "0.1.0")).isEmpty());

        PackageNode a1 = g.node(k("a", "1.0.0")).orElseThrow();
        assertEquals(Optional.of("sha512-AAA"), a1.integrity());
        assertEquals(Optional.of("MIT"), a1.license());
        assertEquals(SourceType.REGISTRY, a1.source());
        assertTrue(g.node(k("c", "1.0.0")).orElseThrow().bundled());
        assertFalse(g.node(k("c", "3.0.0")).orElseThrow().bundled());

        // Extraneous entries are pruned by npm on install: left out, but said so.
        assertTrue(g.node(k("old", "9.9.9")).isEmpty());
        String warnings = String.join("\n", g.warnings());
        assertTrue(warnings.contains("node_modules/old"), warnings);
        // Missing required deps warn, missing optional ones do not.
        assertTrue(warnings.contains("gone@^1"), warnings);
        assertFalse(warnings.contains("missing-opt"), warnings);
        assertTrue(warnings.contains("loc@0.1.0"), warnings);

        assertEquals(Scope.DEV, g.scopes().get(k("d", "1.0.0")));
        assertEquals(Scope.DEV, g.scopes().get(k("t", "1.0.0")));
        assertEquals(Scope.REQUIRED, g.scopes().get(k("a", "2.0.0")));
        assertEquals(Scope.REQUIRED, g.scopes().get(k("b", "1.0.0")));
        assertEquals(Scope.REQUIRED, g.scopes().get(k("c", "3.0.0")));
    }

    @Test
    void packageJsonNameWinsForTheRoot() throws Exception {
        packageJson("{'name': 'from-manifest', 'version': '7.0.0'}");
        assertEquals(k("from-manifest", "7.0.0"), read(WORKSPACE_LOCK).root());
    }

    @Test
    void rootFallsBackToTheDirectoryName() throws Exception {
        DependencyGraph g = read("{'lockfileVersion': 3, 'packages': {'': {}}}");
        assertEquals(k(dir.getFileName().toString(), "0.0.0"), g.root());
        assertEquals(Optional.of(""), g.rootNode().path());
    }

    @Test
    void withoutARootEntryTheProjectComesFromPackageJson() throws Exception {
        packageJson("{'name': 'pj', 'version': '3.0.0', 'dependencies': {'a': '^1'}, 'devDependencies': {'b': '^1'}}");
        DependencyGraph g = read("""
                {'lockfileVersion': 3, 'packages': {
                  'node_modules/a': {'version': '1.0.0'},
                  'node_modules/b': {'version': '1.0.0'}
                }}
                """);
        assertEquals(k("pj", "3.0.0"), g.root());
        assertEquals(Set.of(new Edge(g.root(), k("a", "1.0.0"), DependencyKind.PROD),
                new Edge(g.root(), k("b", "1.0.0"), DependencyKind.DEV)), edgesFrom(g, g.root()));
    }

    /**
     * m@1.0.0 is installed twice: under r (runtime) where it finds k@2.0.0 nested beside it,
     * and under the dev-only dv where it finds the top-level k@1.0.0. npm installs k@1.0.0
     * only for dev; a naive merge of the two m copies would call it runtime.
     */
    @Test
    void aDevOnlyCopyDoesNotMakeItsDependenciesRuntime() throws Exception {
        DependencyGraph g = read("""
                {'lockfileVersion': 3, 'packages': {
                  '': {'name': 'p', 'dependencies': {'r': '*'}, 'devDependencies': {'dv': '*'}},
                  'node_modules/r': {'version': '1.0.0', 'dependencies': {'m': '*'}},
                  'node_modules/r/node_modules/m': {'version': '1.0.0', 'dependencies': {'k': '*'}},
                  'node_modules/r/node_modules/k': {'version': '2.0.0'},
                  'node_modules/dv': {'version': '1.0.0', 'dependencies': {'m': '*'}},
                  'node_modules/dv/node_modules/m': {'version': '1.0.0', 'dependencies': {'k': '*'}},
                  'node_modules/k': {'version': '1.0.0'}
                }}
                """);
        assertEquals(Scope.REQUIRED, g.scopes().get(k("m", "1.0.0")));
        assertEquals(Scope.REQUIRED, g.scopes().get(k("k", "2.0.0")));
        assertEquals(Scope.DEV, g.scopes().get(k("k", "1.0.0")));
        assertEquals(Set.of(new Edge(k("m", "1.0.0"), k("k", "2.0.0"), DependencyKind.PROD),
                new Edge(k("m", "1.0.0"), k("k", "1.0.0"), DependencyKind.DEV)), edgesFrom(g, k("m", "1.0.0")));
    }

    @Test
    void peersOptionalPeersAndDuplicatedSections() throws Exception {
        DependencyGraph g = read("""
                {'lockfileVersion': 3, 'packages': {
                  '': {'name': 'p', 'dependencies': {'pp': '*', 'both': '*'}, 'devDependencies': {'both': '*'}},
                  'node_modules/pp': {'version': '1.0.0', 'peerDependencies': {'q': '*', 's': '*', 'absent': '*'},
                                      'peerDependenciesMeta': {'q': {'optional': true}, 'absent': {'optional': true}}},
                  'node_modules/q': {'version': '1.0.0'},
                  'node_modules/s': {'version': '1.0.0'},
                  'node_modules/both': {'version': '1.0.0'}
                }}
                """);
        assertEquals(Set.of(new Edge(k("pp", "1.0.0"), k("q", "1.0.0"), DependencyKind.OPTIONAL),
                new Edge(k("pp", "1.0.0"), k("s", "1.0.0"), DependencyKind.PEER)), edgesFrom(g, k("pp", "1.0.0")));
        assertEquals(Scope.OPTIONAL, g.scopes().get(k("q", "1.0.0")));
        assertEquals(Scope.REQUIRED, g.scopes().get(k("s", "1.0.0")));
        // In both dependencies and devDependencies: arborist keeps it required.
        assertEquals(Scope.REQUIRED, g.scopes().get(k("both", "1.0.0")));
        assertTrue(g.warnings().isEmpty(), g.warnings().toString());
    }

    @Test
    void gitAndLocalTarballSources() throws Exception {
        DependencyGraph g = read("""
                {'lockfileVersion': 2, 'packages': {
                  '': {'name': 'p', 'dependencies': {'g': 'github:o/g', 'tb': 'file:vendor/tb-1.0.0.tgz'}},
                  'node_modules/g': {'version': '1.2.3', 'resolved': 'git+ssh://git@github.com/o/g.git#0123abcd'},
                  'node_modules/tb': {'version': '1.0.0', 'resolved': 'file:vendor/tb-1.0.0.tgz', 'integrity': 'sha512-TB'}
                },
                'dependencies': {'ghost': {'version': '6.6.6'}}}
                """);
        assertEquals(SourceType.GIT, g.node(k("g", "1.2.3")).orElseThrow().source());
        PackageNode tb = g.node(k("tb", "1.0.0")).orElseThrow();
        assertEquals(SourceType.LOCAL, tb.source());
        assertEquals(Optional.of("vendor/tb-1.0.0.tgz"), tb.path());
        // v2's v1-style section is ignored: packages is authoritative.
        assertTrue(g.node(k("ghost", "6.6.6")).isEmpty());
    }

    private static final String V1_LOCK = """
            {'name': 'v1proj', 'version': '0.1.0', 'lockfileVersion': 1, 'requires': true,
             'dependencies': {
              'a': {'version': '1.0.0', 'integrity': 'sha1-AAA=', 'requires': {'b': '^2'},
                    'dependencies': {'b': {'version': '2.0.0', 'requires': {'c': '*'}}}},
              'b': {'version': '1.0.0'},
              'c': {'version': '1.0.0', 'dev': true},
              'my-alias': {'version': 'npm:@s/real@3.0.0',
                           'resolved': 'https://registry.npmjs.org/@s/real/-/real-3.0.0.tgz'},
              'g': {'version': 'git+https://github.com/o/g.git#abc'},
              'loc': {'version': 'file:libs/loc'}
             }}
            """;

    @Test
    void v1NestedRequiresAliasesAndSpecVersions() throws Exception {
        DependencyGraph g = read(V1_LOCK);
        assertEquals(k("v1proj", "0.1.0"), g.root());
        // a's own nested b@2 wins over the top-level b@1; b@2 finds c at the top.
        assertEquals(Set.of(new Edge(k("a", "1.0.0"), k("b", "2.0.0"), DependencyKind.PROD)), edgesFrom(g, k("a", "1.0.0")));
        assertEquals(Set.of(new Edge(k("b", "2.0.0"), k("c", "1.0.0"), DependencyKind.PROD)), edgesFrom(g, k("b", "2.0.0")));
        assertEquals(Optional.of("sha1-AAA="), g.node(k("a", "1.0.0")).orElseThrow().integrity());
        assertEquals(Set.of("my-alias"), g.node(k("@s/real", "3.0.0")).orElseThrow().aliases());
        PackageNode git = g.node(k("g", "git+https://github.com/o/g.git#abc")).orElseThrow();
        assertEquals(SourceType.GIT, git.source());
        assertEquals(Optional.of("git+https://github.com/o/g.git#abc"), git.resolved());
        PackageNode loc = g.node(k("loc", "file:libs/loc")).orElseThrow();
        assertEquals(SourceType.LOCAL, loc.source());
        assertEquals(Optional.of("libs/loc"), loc.path());
    }

    @Test
    void v1WithoutPackageJsonTakesTopLevelEntriesAsDirect() throws Exception {
        DependencyGraph g = read(V1_LOCK);
        Set<Edge> root = edgesFrom(g, g.root());
        assertTrue(root.contains(new Edge(g.root(), k("c", "1.0.0"), DependencyKind.DEV)));
        assertTrue(root.contains(new Edge(g.root(), k("b", "1.0.0"), DependencyKind.PROD)));
        assertEquals(6, root.size());
        // c is flagged dev, but a runtime path (a -> b@2 -> c) reaches it: the graph decides, not the flag.
        assertEquals(Scope.REQUIRED, g.scopes().get(k("c", "1.0.0")));
        assertTrue(g.warnings().stream().anyMatch(w -> w.contains("no package.json")), g.warnings().toString());
    }

    @Test
    void v1RootEdgesComeFromPackageJson() throws Exception {
        packageJson("{'name': 'v1proj', 'dependencies': {'a': '^1', 'nope': '^1'}, 'devDependencies': {'b': '^1'}}");
        DependencyGraph g = read(V1_LOCK);
        assertEquals(Set.of(new Edge(g.root(), k("a", "1.0.0"), DependencyKind.PROD),
                new Edge(g.root(), k("b", "1.0.0"), DependencyKind.DEV)), edgesFrom(g, g.root()));
        assertEquals(Scope.DEV, g.scopes().get(k("b", "1.0.0")));
        assertEquals(Scope.DEV, g.scopes().get(k("g", "git+https://github.com/o/g.git#abc")), "nothing requires g");
        assertEquals(Scope.REQUIRED, g.scopes().get(k("b", "2.0.0")));
        assertTrue(g.warnings().stream().anyMatch(w -> w.contains("nope@^1")), g.warnings().toString());
        // package.json has no version: the lockfile's own record fills it in.
        assertEquals(k("v1proj", "0.1.0"), g.root());
    }

    @Test
    void outputIsTheSameOnEveryRead() throws Exception {
        DependencyGraph first = read(WORKSPACE_LOCK);
        DependencyGraph second = read(WORKSPACE_LOCK);
        assertEquals(first.nodes(), second.nodes());
        assertEquals(first.edges(), second.edges());
        assertEquals(first.warnings(), second.warnings());
    }
}
