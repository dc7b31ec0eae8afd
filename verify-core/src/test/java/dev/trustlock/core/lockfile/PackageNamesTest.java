package dev.trustlock.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate every lockfile and SBOM passes before a name becomes a registry path, a purl, a
 * snapshot file name or a report line: npm's naming rules, refused with the file and position.
 */
class PackageNamesTest {

    @Test
    void npmNamesPass() {
        for (String ok : new String[] {"a", "axios", "@scope/name", "Old_Name", "x!*'()~-._", "@a/b", "a".repeat(214),
                "9lives", "@types/node"}) {
            assertNull(PackageNames.nameProblem(ok), ok);
        }
    }

    @Test
    void whatCouldWalkOutOfAPathOrHideInAReportIsRefused() {
        assertEquals("package name \"\" is empty or longer than 214 characters", PackageNames.nameProblem(""));
        assertTrue(PackageNames.nameProblem("a".repeat(215)).contains("longer than 214"));
        assertEquals("package name \"a/b\" is a path, not a name", PackageNames.nameProblem("a/b"));
        assertEquals("package name \"@s/n/x\" is a path, not a name", PackageNames.nameProblem("@s/n/x"));
        for (String invalid : new String[] {"@s", "@/n", "@s/", ".hidden", "..", "@.s/n", "@s/.n", "@s/..", "."}) {
            assertEquals("package name \"" + invalid + "\" is not a valid npm name", PackageNames.nameProblem(invalid), invalid);
        }
        assertEquals("package name \"a b\" contains a space, which no npm name may", PackageNames.nameProblem("a b"));
        assertEquals("package name \"a\\u0000\" contains a NUL character, which no npm name may",
                PackageNames.nameProblem("a\u0000"));
        assertEquals("package name \"a\\u001b[31m\" contains the control character U+001B, which no npm name may",
                PackageNames.nameProblem("a\u001b[31m"));
        assertEquals("package name \"a\\u007f\" contains the control character U+007F, which no npm name may",
                PackageNames.nameProblem("a\u007f"));
        for (String c : new String[] {"\\", "@", ":", "%", "?", "#", "\"", "<", "é", "[", "`", "{", "^", "+", ",", "=", "$"}) {
            assertEquals("package name \"a" + c + "b\" contains '" + c + "', which no npm name may",
                    PackageNames.nameProblem("a" + c + "b"), c);
        }
        // ':' '@' '[' '`' '{' above sit just outside 0-9, A-Z and a-z; their ends are inside.
        assertNull(PackageNames.nameProblem("az09AZ"));
    }

    @Test
    void aLongBadNameIsClippedInTheMessage() {
        String problem = PackageNames.nameProblem("a".repeat(100) + " ");
        assertEquals("package name \"" + "a".repeat(79) + "...\" contains a space, which no npm name may", problem);
    }

    @Test
    void versionsArePrintableAndBounded() {
        for (String ok : new String[] {"1.0.0", "1.0.0-beta.1+build.5", "0.0.0-insiders.abc", "v1", "~".repeat(256)}) {
            assertNull(PackageNames.versionProblem(ok), ok);
        }
        assertEquals("version \"\" is empty or longer than 256 characters", PackageNames.versionProblem(""));
        assertTrue(PackageNames.versionProblem("1".repeat(257)).contains("longer than 256"));
        assertEquals("version \"1.0.0 \" contains a space", PackageNames.versionProblem("1.0.0 "));
        assertEquals("version \"1.0\\u007f\" contains the control character U+007F", PackageNames.versionProblem("1.0\u007f"));
        assertEquals("version \"1\\u0009\" contains the control character U+0009", PackageNames.versionProblem("1\t"));
        assertNull(PackageNames.versionProblem("!"), "U+0021, the first printable character, is allowed");
    }

    @Test
    void aGraphWithABadNameIsRefusedAtItsLineButTheProjectsOwnNameIsFree(@TempDir Path dir) throws Exception {
        Path lockfile = Files.writeString(dir.resolve("package-lock.json"),
                "{\n  \"packages\": {\n    \"node_modules/evil pkg\": {}\n  }\n}\n");
        PackageNode root = new PackageNode(PackageKey.of("my project (not a registry name)", "0.0.0"), SourceType.ROOT,
                Optional.empty(), Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.of(""), false);
        DependencyGraph.Builder ok = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        ok.root(root);
        DependencyGraph fine = ok.build();
        assertSame(fine, PackageNames.check(lockfile, fine));

        DependencyGraph.Builder bad = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        bad.root(root);
        PackageNode evil = new PackageNode(PackageKey.of("evil pkg", "1.0.0"), SourceType.REGISTRY, Optional.empty(),
                Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.empty(), false);
        bad.add(evil).edge(root.key(), evil.key(), DependencyKind.PROD);
        LockfileException e = assertThrows(LockfileException.class, () -> PackageNames.check(lockfile, bad.build()));
        assertEquals(lockfile, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("package name \"evil pkg\" contains a space"), e.getMessage());
    }
}
