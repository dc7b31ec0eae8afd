package dev.trustlock.core.lockfile.pnpm;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entry shapes the real fixtures do not contain (git, remote tarballs, local directories,
 * scoped peer suffixes, links outside the workspace), written by hand after pnpm's own
 * lockfile tests, since generating them needs hosts other than the npm registry.
 */
class PnpmShapesTest {

    @TempDir
    Path dir;

    private DependencyGraph read(String yaml) throws Exception {
        Files.writeString(dir.resolve("package.json"), "{\"name\":\"shapes\",\"version\":\"1.0.0\"}");
        Path file = dir.resolve("pnpm-lock.yaml");
        Files.writeString(file, yaml);
        return new PnpmLockfileReader().read(file);
    }

    private static PackageNode node(DependencyGraph g, String name, String version) {
        return g.node(PackageKey.of(name, version)).orElseThrow(() -> new AssertionError(name + "@" + version + " missing"));
    }

    @Test
    void version53SingleProjectWithScopedPeersGitTarballAndDirectory() throws Exception {
        DependencyGraph g = read("""
                lockfileVersion: 5.3
                specifiers:
                  '@babel/plugin-x': ^7.0.0
                  repo-pkg: github:owner/repo#abcdef
                  x: file:vendor/x
                  outside: link:../outside
                dependencies:
                  '@babel/plugin-x': 7.1.0_@babel+core@7.2.0
                  repo-pkg: github.com/owner/repo/abcdef
                  x: file:vendor/x
                  outside: link:../outside
                  gone: 1.0.0
                optionalDependencies:
                  gone-optional: 2.0.0
                packages:
                  /@babel/core/7.2.0:
                    resolution: {integrity: sha512-core==}
                    dev: false
                  /@babel/plugin-x/7.1.0_@babel+core@7.2.0:
                    resolution: {integrity: sha512-plugin==}
                    peerDependencies:
                      '@babel/core': ^7.0.0
                    dependencies:
                      '@babel/core': 7.2.0
                      string-width-cjs: /string-width/4.2.3
                    dev: false
                  /string-width/4.2.3:
                    resolution: {integrity: sha512-sw==}
                  github.com/owner/repo/abcdef:
                    resolution: {tarball: https://codeload.github.com/owner/repo/tar.gz/abcdef}
                    name: repo-pkg
                    version: 1.0.0
                  file:vendor/x:
                    resolution: {directory: vendor/x, type: directory}
                    name: x
                    version: 0.3.0
                """);
        PackageKey root = PackageKey.of("shapes", "1.0.0");
        assertEquals(root, g.root());

        PackageNode plugin = node(g, "@babel/plugin-x", "7.1.0");
        assertEquals(Optional.of("sha512-plugin=="), plugin.integrity());
        assertTrue(g.edges().contains(new Edge(plugin.key(), PackageKey.of("@babel/core", "7.2.0"), DependencyKind.PEER)));
        assertEquals(Set.of("string-width-cjs"), node(g, "string-width", "4.2.3").aliases());

        PackageNode repo = node(g, "repo-pkg", "1.0.0");
        assertEquals(SourceType.GIT, repo.source());
        assertEquals(Optional.of("https://codeload.github.com/owner/repo/tar.gz/abcdef"), repo.resolved());

        PackageNode x = node(g, "x", "0.3.0");
        assertEquals(SourceType.LOCAL, x.source());
        assertEquals(Optional.of("vendor/x"), x.path());

        PackageNode outside = node(g, "outside", "0.0.0");
        assertEquals(SourceType.LOCAL, outside.source());
        assertEquals(Optional.of("../outside"), outside.path());

        for (PackageNode n : List.of(plugin, repo, x, outside)) {
            assertEquals(Scope.REQUIRED, g.scopes().get(n.key()), n.key().toString());
        }
        // A missing required target warns; a missing optional one does not; neither becomes a node.
        assertEquals(1, g.warnings().size(), g.warnings().toString());
        assertTrue(g.warnings().get(0).contains("gone"), g.warnings().get(0));
        assertFalse(g.nodes().keySet().stream().anyMatch(k -> k.name().startsWith("gone")));
    }

    @Test
    void version90GitTarballDirectoryAndScopedAlias() throws Exception {
        DependencyGraph g = read("""
                lockfileVersion: '9.0'
                importers:
                  .:
                    dependencies:
                      repo-pkg:
                        specifier: github:owner/repo#abcdef
                        version: https://codeload.github.com/owner/repo/tar.gz/abcdef
                      r:
                        specifier: git+https://gitlab.com/o/r.git#abc
                        version: git+https://gitlab.com/o/r.git#abc
                      x:
                        specifier: file:vendor/x
                        version: file:vendor/x
                      my-types:
                        specifier: npm:@types/node@20.0.0
                        version: '@types/node@20.0.0'
                    devDependencies:
                      p:
                        specifier: ^1.0.0
                        version: 1.0.0(@types/node@20.0.0)
                packages:
                  '@types/node@20.0.0':
                    resolution: {integrity: sha512-node==}
                  p@1.0.0:
                    resolution: {integrity: sha512-p==}
                    peerDependencies:
                      '@types/node': '*'
                    peerDependenciesMeta:
                      '@types/node':
                        optional: true
                  repo-pkg@https://codeload.github.com/owner/repo/tar.gz/abcdef:
                    resolution: {tarball: https://codeload.github.com/owner/repo/tar.gz/abcdef}
                    version: 1.0.0
                  r@git+https://gitlab.com/o/r.git#abc:
                    resolution: {type: git, repo: 'https://gitlab.com/o/r.git', commit: abc}
                    version: 2.0.0
                  x@file:vendor/x:
                    resolution: {directory: vendor/x, type: directory}
                    version: 0.3.0
                snapshots:
                  '@types/node@20.0.0': {}
                  p@1.0.0(@types/node@20.0.0):
                    dependencies:
                      '@types/node': 20.0.0
                  repo-pkg@https://codeload.github.com/owner/repo/tar.gz/abcdef: {}
                  r@git+https://gitlab.com/o/r.git#abc: {}
                  x@file:vendor/x: {}
                """);
        assertEquals(List.of(), g.warnings());
        assertEquals(SourceType.GIT, node(g, "repo-pkg", "1.0.0").source());
        PackageNode r = node(g, "r", "2.0.0");
        assertEquals(SourceType.GIT, r.source());
        assertEquals(Optional.of("https://gitlab.com/o/r.git#abc"), r.resolved());
        assertEquals(Optional.of("vendor/x"), node(g, "x", "0.3.0").path());
        PackageNode types = node(g, "@types/node", "20.0.0");
        assertEquals(Set.of("my-types"), types.aliases());
        // p (dev) reaches @types/node through an optional peer; the alias makes it required anyway.
        assertTrue(g.edges().contains(new Edge(PackageKey.of("p", "1.0.0"), types.key(), DependencyKind.OPTIONAL)));
        assertEquals(Scope.REQUIRED, g.scopes().get(types.key()));
        assertEquals(Scope.DEV, g.scopes().get(PackageKey.of("p", "1.0.0")));
        assertEquals(5, g.packages().size());
    }

    @Test
    void workspaceNamesComeFromTheirPackageJsonAndLinksResolveAgainstTheImporter() throws Exception {
        Files.createDirectories(dir.resolve("packages/a"));
        Files.writeString(dir.resolve("packages/a/package.json"), "{\"name\":\"@s/a\",\"version\":\"3.0.0\"}");
        DependencyGraph g = read("""
                lockfileVersion: '6.0'
                importers:
                  .:
                    devDependencies:
                      '@s/a':
                        specifier: workspace:*
                        version: link:packages/a
                  packages/a:
                    dependencies:
                      b:
                        specifier: workspace:^
                        version: link:../b
                  packages/b: {}
                packages: {}
                """);
        PackageKey a = PackageKey.of("@s/a", "3.0.0");
        // No package.json for b: it is named as it is linked.
        PackageKey b = PackageKey.of("b", "0.0.0");
        assertEquals(Optional.of("packages/a"), g.node(a).orElseThrow().path());
        assertEquals(SourceType.WORKSPACE, g.node(b).orElseThrow().source());
        assertTrue(g.edges().contains(new Edge(g.root(), a, DependencyKind.DEV)));
        assertTrue(g.edges().contains(new Edge(a, b, DependencyKind.PROD)));
        assertEquals(List.of(), g.packages());
    }

    @Test
    void versionSpellingsPnpmHasWritten() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Path f = dir.resolve("pnpm-lock.yaml");
        PnpmLockfileVersion inline = PnpmLockfileVersion.of(f, json.readTree("{\"lockfileVersion\": \"5.4-inlineSpecifiers\"}"));
        assertEquals(5, inline.major());
        assertTrue(inline.slashVersions());
        PnpmLockfileVersion v53 = PnpmLockfileVersion.of(f, json.readTree("{\"lockfileVersion\": 5.3}"));
        assertEquals(5, v53.major());
        PnpmLockfileVersion v61 = PnpmLockfileVersion.of(f, json.readTree("{\"lockfileVersion\": \"6.1\"}"));
        assertFalse(v61.slashVersions());
        assertFalse(v61.snapshotsFormat());
        // pnpm 9's pre-releases wrote 7.0 for what became 9.0.
        assertTrue(PnpmLockfileVersion.of(f, json.readTree("{\"lockfileVersion\": \"7.0\"}")).snapshotsFormat());
    }

    @Test
    void depPathParsingPerGeneration() throws Exception {
        PnpmLockfileVersion v5 = new PnpmLockfileVersion("5.4", 5);
        PnpmLockfileVersion v6 = new PnpmLockfileVersion("6.0", 6);
        PnpmLockfileVersion v9 = new PnpmLockfileVersion("9.0", 9);
        assertEquals(Optional.of(new PnpmDepPaths.Parsed("@a/b", "1.0.0-rc.1", true)),
                PnpmDepPaths.parse("/@a/b/1.0.0-rc.1_@c+d@2.0.0+e@3.0.0", v5));
        assertEquals(Optional.of(new PnpmDepPaths.Parsed("snake_case", "1.0.0", true)),
                PnpmDepPaths.parse("/snake_case@1.0.0(peer@1.0.0)", v6));
        assertEquals(Optional.of(new PnpmDepPaths.Parsed("@a/b", "1.0.0", true)),
                PnpmDepPaths.parse("@a/b@1.0.0(@c/d@2.0.0)(e@3.0.0)", v9));
        assertEquals(Optional.empty(), PnpmDepPaths.parse("github.com/o/r/abc", v6));

        assertEquals(Optional.of("/react-dom/18.2.0_react@18.2.0"), PnpmDepPaths.keyOfReference("react-dom", "18.2.0_react@18.2.0", v5));
        assertEquals(Optional.of("/ms/2.1.3"), PnpmDepPaths.keyOfReference("my-ms", "/ms/2.1.3", v5));
        assertEquals(Optional.of("/x@1.0.0(@types/node@20.0.0)"), PnpmDepPaths.keyOfReference("x", "1.0.0(@types/node@20.0.0)", v6));
        assertEquals(Optional.of("x@1.0.0(@types/node@20.0.0)"), PnpmDepPaths.keyOfReference("x", "1.0.0(@types/node@20.0.0)", v9));
        assertEquals(Optional.of("ms@2.1.3"), PnpmDepPaths.keyOfReference("my-ms", "ms@2.1.3", v9));
        assertEquals(Optional.of("x@file:../x"), PnpmDepPaths.keyOfReference("x", "file:../x", v9));
        assertEquals(Optional.empty(), PnpmDepPaths.keyOfReference("x", "link:../x", v9));
    }
}
