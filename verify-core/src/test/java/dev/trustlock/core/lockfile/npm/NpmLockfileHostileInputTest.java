package dev.trustlock.core.lockfile.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.LockfileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile package-locks end in a one-line LockfileException naming the file. */
class NpmLockfileHostileInputTest {

    @TempDir
    Path dir;

    private LockfileException fails(String content) throws Exception {
        Path file = dir.resolve("package-lock.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        LockfileException e = assertThrows(LockfileException.class, () -> new NpmLockfileReader().read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void truncatedJson() throws Exception {
        LockfileException e = fails("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"x\"");
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
    }

    @Test
    void invalidJsonReportsLineAndColumn() throws Exception {
        LockfileException e = fails("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {,}\n  }\n}\n");
        assertEquals(4, e.line());
        assertEquals(10, e.column());
        assertTrue(e.getMessage().startsWith(dir.resolve("package-lock.json") + ":4:10: invalid JSON"), e.getMessage());
    }

    @Test
    void unsupportedVersionIsNamed() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 99, \"packages\": {}}");
        assertTrue(e.getMessage().contains("unsupported lockfileVersion 99"), e.getMessage());
    }

    @Test
    void missingVersionIsReported() throws Exception {
        LockfileException e = fails("{\"name\": \"x\", \"packages\": {}}");
        assertTrue(e.getMessage().contains("no lockfileVersion"), e.getMessage());
    }

    @Test
    void versionAsStringIsNamed() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": \"3\", \"packages\": {}}");
        assertTrue(e.getMessage().contains("lockfileVersion is a string (\"3\")"), e.getMessage());
    }

    @Test
    void deeplyNestedArraysAreBounded() throws Exception {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        LockfileException e = fails("{\"lockfileVersion\": 3, \"packages\": {\"\": {\"x\": " + deep + "}}}");
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("depth"), e.getMessage());
    }

    @Test
    void packagesAsStringNamesThePath() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 3, \"packages\": \"node_modules\"}");
        assertTrue(e.getMessage().contains("packages is a string"), e.getMessage());
    }

    @Test
    void entryVersionAsNumberNamesThePath() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 3, \"packages\": {\"\": {}, "
                + "\"node_modules/left-pad\": {\"version\": 1.3}}}");
        assertTrue(e.getMessage().contains("packages[\"node_modules/left-pad\"].version is a number (1.3)"),
                e.getMessage());
    }

    @Test
    void entryWithoutVersionNamesThePath() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 2, \"packages\": {\"node_modules/a\": {}}}");
        assertTrue(e.getMessage().contains("packages[\"node_modules/a\"].version is missing"), e.getMessage());
    }

    @Test
    void dependenciesNotAnObjectNamesThePath() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 3, \"packages\": {\"\": {\"dependencies\": [\"a\"]}}}");
        assertTrue(e.getMessage().contains("packages[\"\"].dependencies is an array"), e.getMessage());
    }

    @Test
    void v1EntryVersionNotAStringNamesThePath() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"version\": {}}}}");
        assertTrue(e.getMessage().contains("dependencies[\"a\"].version is an object"), e.getMessage());
    }

    @Test
    void v3WithoutPackagesIsRejected() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 3, \"dependencies\": {}}");
        assertTrue(e.getMessage().contains("no \"packages\""), e.getMessage());
    }

    @Test
    void notAnObjectAtAll() throws Exception {
        LockfileException e = fails("[1, 2, 3]");
        assertTrue(e.getMessage().contains("expected a package-lock JSON object"), e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        LockfileException e = fails("  \n");
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
