package dev.trustlock.core.lockfile.bun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken bun.lock files end in a one-line LockfileException naming the file. */
class BunMalformedTest {

    @TempDir
    Path dir;

    private LockfileException fails(String content) throws Exception {
        Path file = dir.resolve("bun.lock");
        Files.writeString(file, content);
        LockfileException e = assertThrows(LockfileException.class, () -> new BunLockReader().read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private static String real() throws Exception {
        return Files.readString(Fixtures.testdata("lockfiles/bun-small/bun.lock"));
    }

    @Test
    void trailingGarbageIsRefusedWithItsPosition() throws Exception {
        String real = real();
        long newlines = real.chars().filter(c -> c == '\n').count();
        LockfileException e = fails(real + "\n}\n");
        assertEquals(newlines + 2, e.line(), e.getMessage());
    }

    @Test
    void truncatedLockfileIsRefused() throws Exception {
        String real = real();
        LockfileException e = fails(real.substring(0, real.length() / 2));
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "-1", "\"1\"", "1.5"})
    void unsupportedVersionIsNamed(String version) throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": " + version + ", \"workspaces\": {}, \"packages\": {}}");
        assertTrue(e.getMessage().contains("'" + version.replace("\"", "") + "'"), e.getMessage());
    }

    @Test
    void missingVersionIsRefused() throws Exception {
        LockfileException e = fails("{\"workspaces\": {}, \"packages\": {}}");
        assertTrue(e.getMessage().contains("lockfileVersion"), e.getMessage());
    }

    @Test
    void entryThatIsNotATupleIsNamed() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 1, \"packages\": {\"foo\": {\"version\": \"1.0.0\"}}}");
        assertTrue(e.getMessage().contains("'foo'"), e.getMessage());
    }

    @Test
    void entryWithoutVersionIsNamed() throws Exception {
        LockfileException e = fails("{\"lockfileVersion\": 1, \"packages\": {\"foo\": [\"foo\", \"\", {}, \"sha512-AA==\"]}}");
        assertTrue(e.getMessage().contains("'foo'"), e.getMessage());
    }

    @Test
    void topLevelArrayIsRefused() throws Exception {
        fails("[1, 2]");
    }

    @Test
    void binaryLockfileIsRefusedByDetection() throws Exception {
        Path lockb = dir.resolve("bun.lockb");
        Files.write(lockb, new byte[] {0x23, 0x21, 0x2f, 0x75, 0x00, 0x01});
        LockfileException e = assertThrows(LockfileException.class, () -> Lockfiles.detect(lockb));
        assertTrue(e.getMessage().contains("bun.lockb"), e.getMessage());
    }
}
