package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors: one line, exit 2, no stack trace, nothing written. */
class SbomCommandUsageTest {

    @TempDir
    Path dir;

    @Test
    void helpTeachesEveryOption() {
        CliRun run = CliRun.of("sbom", "--help");
        assertEquals(0, run.exitCode());
        for (String option : new String[] {"--output", "--format", "--spec", "--omit", "--lockfile", "Examples"}) {
            assertTrue(run.out().contains(option), "help mentions " + option + ":\n" + run.out());
        }
    }

    @Test
    void missingPathIsOneLineExit2() {
        CliRun run = CliRun.of("sbom", dir.resolve("nope").toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("nope"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void directoryWithoutLockfileIsExit2() {
        CliRun run = CliRun.of("sbom", dir.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no lockfile"), run.err());
    }

    @Test
    void binaryBunLockfileIsRefusedWithAdvice() throws Exception {
        Files.write(dir.resolve("bun.lockb"), new byte[] {0, 1, 2});
        CliRun run = CliRun.of("sbom", dir.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("bun install --save-text-lockfile"), run.err());
    }

    @Test
    void badOptionValuesAreExit2AndWriteNothing() throws Exception {
        Path out = dir.resolve("out.json");
        for (String[] args : new String[][] {
                {"sbom", dir.toString(), "--spec", "1.2", "-o", out.toString()},
                {"sbom", dir.toString(), "--format", "yaml", "-o", out.toString()},
                {"sbom", dir.toString(), "--omit", "prod", "-o", out.toString()},
                {"sbom", dir.toString(), "--lockfile-format", "cargo", "-o", out.toString()},
                {"sbom", "--no-such-option"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + " -> " + run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", args));
        }
    }

    @Test
    void malformedLockfileNamesFileAndPosition() throws Exception {
        Path lock = dir.resolve("package-lock.json");
        Files.writeString(lock, "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
        Path out = dir.resolve("sbom.json");
        CliRun run = CliRun.of("sbom", dir.toString(), "-o", out.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().matches("(?s)trustlock: .*package-lock\\.json:\\d+(:\\d+)?: .*"), run.err());
        assertFalse(Files.exists(out));
    }
}
