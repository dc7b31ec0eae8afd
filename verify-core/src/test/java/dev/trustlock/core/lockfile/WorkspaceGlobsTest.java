package dev.trustlock.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceGlobsTest {

    @Test
    void singleStarStaysWithinOneFolder() {
        WorkspaceGlobs g = WorkspaceGlobs.of(List.of("packages/*"));
        assertTrue(g.matches("packages/a"));
        assertFalse(g.matches("packages/a/b"));
        assertFalse(g.matches("packages"));
        assertFalse(g.matches("other/a"));
    }

    @Test
    void doubleStarCrossesFolders() {
        WorkspaceGlobs g = WorkspaceGlobs.of(List.of("apps/**"));
        assertTrue(g.matches("apps/x"));
        assertTrue(g.matches("apps/x/y"));
        assertTrue(WorkspaceGlobs.of(List.of("libs/**/pkg")).matches("libs/pkg"));
        assertTrue(WorkspaceGlobs.of(List.of("libs/**/pkg")).matches("libs/a/b/pkg"));
    }

    @Test
    void bracesLiteralsPrefixesAndNegations() {
        WorkspaceGlobs g = WorkspaceGlobs.of(List.of("{tools,plugins}/*", "./docs/", "packages/*", "!packages/skip"));
        assertTrue(g.matches("tools/lint"));
        assertTrue(g.matches("plugins/p"));
        assertTrue(g.matches("docs"));
        assertTrue(g.matches("packages/keep"));
        assertFalse(g.matches("packages/skip"));
        assertFalse(g.matches("tools"));
    }

    @Test
    void regexCharactersAreLiteral() {
        WorkspaceGlobs g = WorkspaceGlobs.of(List.of("pkg.v1/(x)+"));
        assertTrue(g.matches("pkg.v1/(x)+"));
        assertFalse(g.matches("pkgxv1/xx"));
        // A broken character class does not fail the read; it matches literally.
        assertTrue(WorkspaceGlobs.of(List.of("a/[z-a]")).matches("a/[z-a]"));
    }

    @Test
    void expandFindsMembersOnDiskLikeTheLockfileWould(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        for (String member : List.of("packages/a", "packages/b", "apps/web/site", "tools/x", "packages/skip",
                "packages/a/node_modules/dep", ".hidden/p")) {
            java.nio.file.Files.createDirectories(dir.resolve(member));
            java.nio.file.Files.writeString(dir.resolve(member).resolve("package.json"), "{}");
        }
        java.nio.file.Files.createDirectories(dir.resolve("packages/nopkg"));
        List<String> warnings = new java.util.ArrayList<>();
        List<String> found = WorkspaceGlobs.expand(dir,
                List.of("packages/*", "!packages/skip", "apps/**", "docs", "nothing/*", "../outside"), warnings::add);
        assertEquals(List.of("apps/web/site", "docs", "packages/a", "packages/b"), found);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("outside") || warnings.get(1).contains("outside"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("nothing/*")), warnings.toString());
    }
}
