package dev.trustlock.core.lockfile.bun;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Tuple shapes the real fixtures lack (git, github, remote and local tarballs, link:, a
 * scoped alias, version 0), written by hand after bun's lockfile tests: generating them needs
 * hosts other than the npm registry.
 */
class BunShapesTest {

    @TempDir
    Path dir;

    @Test
    void gitGithubTarballLinkAndScopedAliasEntries() throws Exception {
        Files.createDirectories(dir.resolve("linked"));
        Files.writeString(dir.resolve("linked/package.json"), "{\"name\":\"linked\",\"version\":\"4.5.6\"}");
        Path file = dir.resolve("bun.lock");
        Files.writeString(file, """
                {
                  "lockfileVersion": 0,
                  "workspaces": {
                    "": {
                      "name": "shapes",
                      "dependencies": {
                        "gh": "github:owner/gh#v1",
                        "gl": "git+https://gitlab.com/o/gl.git#abc",
                        "tb": "https://example.com/files/tb.tgz",
                        "lt": "./vendor/lt.tgz",
                        "linked": "link:linked",
                        "types": "npm:@types/node@20.0.0",
                      },
                      "peerDependencies": { "peer-missing": "*", "peer-optional": "*" },
                      "peerDependenciesMeta": { "peer-optional": { "optional": true } },
                    },
                  },
                  "packages": {
                    // comments are allowed: bun.lock is JSONC
                    "gh": ["gh@github:owner/gh#0123abc", { "dependencies": { "types": "*" } }, "owner-gh-0123abc"],
                    "gl": ["gl@git+https://gitlab.com/o/gl.git#abc", {}, "abc"],
                    "tb": ["tb@https://example.com/files/tb.tgz", {}, "sha512-tb=="],
                    "lt": ["lt@./vendor/lt.tgz", {}],
                    "linked": ["linked@link:linked", {}],
                    "types": ["@types/node@20.0.0", "", {}, "sha512-types=="],
                  },
                }
                """);
        DependencyGraph g = new BunLockReader().read(file);
        assertEquals(PackageKey.of("shapes", "0.0.0"), g.root());

        PackageNode gh = only(g, "gh");
        assertEquals(SourceType.GIT, gh.source());
        assertEquals(Optional.of("github:owner/gh#0123abc"), gh.resolved());
        assertEquals(Optional.empty(), gh.integrity(), "bun's git tag is not an SRI integrity");
        PackageNode gl = only(g, "gl");
        assertEquals(SourceType.GIT, gl.source());
        assertEquals(Optional.empty(), gl.integrity());
        PackageNode tb = only(g, "tb");
        assertEquals(SourceType.REMOTE_TARBALL, tb.source());
        assertEquals(Optional.of("sha512-tb=="), tb.integrity());
        assertEquals(SourceType.LOCAL, only(g, "lt").source());
        PackageNode linked = g.node(PackageKey.of("linked", "4.5.6")).orElseThrow();
        assertEquals(SourceType.LOCAL, linked.source());
        assertEquals(Optional.of("linked"), linked.path());

        PackageKey types = PackageKey.of("@types/node", "20.0.0");
        assertEquals(Set.of("types"), g.node(types).orElseThrow().aliases());
        assertTrue(g.edges().contains(new Edge(gh.key(), types, DependencyKind.PROD)));
        for (Scope s : g.scopes().values()) {
            assertEquals(Scope.REQUIRED, s);
        }
        assertEquals(6, g.packages().size());
        // The missing required peer warns, the missing optional one does not.
        assertEquals(1, g.warnings().size(), g.warnings().toString());
        assertTrue(g.warnings().get(0).contains("peer-missing"));
    }

    @Test
    void workspaceEntryMissingFromWorkspacesStillBecomesAWorkspace() throws Exception {
        Path file = dir.resolve("bun.lock");
        Files.writeString(file, """
                {"lockfileVersion": 1,
                 "workspaces": {"": {"name": "r", "devDependencies": {"w": "workspace:*"}}},
                 "packages": {
                   "w": ["w@workspace:packages/w"],
                   "w/dep": ["dep@1.0.0", "", {}, "sha512-d=="],
                   "dep": ["dep@2.0.0", "", {}, "sha512-e=="]
                 }}
                """);
        DependencyGraph g = new BunLockReader().read(file);
        PackageKey w = PackageKey.of("w", "0.0.0");
        assertEquals(List.of(w), g.workspaces().stream().map(PackageNode::key).toList());
        assertTrue(g.edges().contains(new Edge(g.root(), w, DependencyKind.DEV)));
        // Nothing records w's own dependencies here, so w/dep and dep are unreachable: dev.
        assertEquals(Scope.DEV, g.scopes().get(PackageKey.of("dep", "1.0.0")));
    }

    private static PackageNode only(DependencyGraph g, String name) {
        List<PackageNode> found = g.packages().stream().filter(n -> n.name().equals(name)).toList();
        assertEquals(1, found.size(), name + ": " + found);
        return found.get(0);
    }
}
