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
        // A '[' inside a class is one of its characters, as in a glob.
        assertTrue(WorkspaceGlobs.of(List.of("a/[[x]")).matches("a/["));
        assertTrue(WorkspaceGlobs.of(List.of("a/[[x]")).matches("a/x"));
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

    @Test
    void manyStarsAgainstALongFolderNameAnswerAtOnce() {
        // The lockfile names both. A backtracking matcher took 14 s at 60 characters, minutes at 80.
        // (A guard against hanging, not a speed target: RE2 is linear in each.)
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            assertFalse(WorkspaceGlobs.of(List.of("*a*a*a*a*a*a*a*a*a*a*a*a*b")).matches("a".repeat(5_000)));
            assertFalse(WorkspaceGlobs.of(List.of("**a**a**a**a**a**a**a**a**b")).matches("a/".repeat(2_000)));
            assertFalse(WorkspaceGlobs.of(List.of("**/**/**/**/**/**/**/x")).matches("a/".repeat(2_000)));
            assertFalse(WorkspaceGlobs.of(List.of("{a,b}".repeat(40))).matches("ab".repeat(20) + "c"));
        });
    }

    @Test
    void re2AnswersAsJavasRegularExpressionsDidOnTheSameTranslation() {
        // Random globs and folders over a small alphabet, short enough for a backtracking matcher.
        java.util.Random random = new java.util.Random(11);
        int compared = 0;
        for (int round = 0; round < 20_000; round++) {
            String glob = "a" + text(random, "ab/*?{},[]!-.", random.nextInt(8));
            if (nestedClass(glob)) {
                continue; // Java reads '[' inside a class as a nested class; RE2, as globs do, as a character
            }
            java.util.regex.Pattern backtracking;
            try {
                backtracking = java.util.regex.Pattern.compile(WorkspaceGlobs.toRegex(glob));
            } catch (java.util.regex.PatternSyntaxException e) {
                backtracking = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(glob));
            }
            WorkspaceGlobs re2 = WorkspaceGlobs.of(List.of(glob));
            for (int k = 0; k < 5; k++) {
                String folder = text(random, "ab/-.", random.nextInt(7));
                if (glob.endsWith("/") || folder.endsWith("/") || folder.startsWith("./")) {
                    continue; // normalised away before matching
                }
                assertEquals(backtracking.matcher(folder).matches(), re2.matches(folder), "glob '" + glob + "' on '" + folder + "'");
                compared++;
            }
        }
        assertTrue(compared > 40_000, "compared " + compared);
    }

    private static boolean nestedClass(String glob) {
        int open = glob.indexOf('[');
        while (open >= 0) {
            int close = glob.indexOf(']', open + 1);
            if (close > open + 1 && glob.substring(open + 1, close).contains("[")) {
                return true;
            }
            open = glob.indexOf('[', close > open + 1 ? close + 1 : open + 1);
        }
        return false;
    }

    private static String text(java.util.Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
