package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to any command is exit 2 with one line naming the file and position, never a verdict or exit 3. */
class BadInputExitCodesTest {

    private static final String INTEGRITY = "sha512-" + Base64.getEncoder().encodeToString(new byte[64]);

    @TempDir
    Path tmp;

    private static void assertUsage(CliRun run, String expected) {
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err() + run.out());
        assertTrue(run.err().contains(expected), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void verifyAttestationsOnAFileThatIsNoAttestationsResponse() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{\n  \"attestations\": [1,\n");
        assertUsage(CliRun.of("verify-attestations", garbage.toString(), "--package", "a@1.0.0", "--integrity", INTEGRITY),
                garbage + ":3:1: invalid JSON");
        Path other = Files.writeString(tmp.resolve("other.json"), "{\"versions\": {}}");
        assertUsage(CliRun.of("verify-attestations", other.toString(), "--package", "a@1.0.0", "--integrity", INTEGRITY),
                "not an npm attestations response");
        // A registry's saved "not found" answer is an answer: the package has no attestations (exit 1).
        Path notFound = Files.writeString(tmp.resolve("404.json"), "{\"error\": \"Not found\"}");
        assertEquals(ExitCodes.FAILED, CliRun.of("verify-attestations", notFound.toString(), "--package", "a@1.0.0",
                "--integrity", INTEGRITY).exitCode());
    }

    @Test
    void anErrorQuotingHostileTextStaysOneLineAndActsOnNoTerminal() throws Exception {
        // A lockfile in a pull request is the attacker's: its error line must not clear the screen.
        Path dir = Files.createDirectories(tmp.resolve("x\u001b[2J\u001b[1A"));
        Files.writeString(dir.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": {\"\": {}, "
                + "\"node_modules/a\": {\"version\": \"1.0.0\\u001b[2J\\nPASS\"}}}");
        CliRun run = CliRun.of("sbom", dir.toString());
        assertUsage(run, "package-lock.json");
        assertFalse(run.err().contains("\u001b"), run.err());
        assertTrue(run.err().contains("x\ufffd[2J\ufffd[1A"), run.err());
    }

    @Test
    void anUnusableCacheDirectoryIsAUsageErrorBeforeAnyWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        String s = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot").toString();
        assertUsage(CliRun.run("verify", Fixtures.testdata("scenarios/axios-2026-03-31/clean")
                .toString(), CliRun.snapshot(s), "--cache-dir", file.toString()), "--cache-dir " + file + " is not a directory");
        assertUsage(CliRun.of("verify", Fixtures.testdata("scenarios/axios-2026-03-31/clean")
                .toString(), "--offline", "--cache-dir", file.resolve("sub").toString()),
                "--cache-dir " + file.resolve("sub") + " cannot be created");
    }

    @Test
    void aDeadlineThatIsNoDurationIsAUsageError() {
        String s = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot").toString();
        assertUsage(CliRun.run("verify", Fixtures.testdata("scenarios/axios-2026-03-31/clean").toString(),
                CliRun.snapshot(s), "--deadline", "soon"), "--deadline must be a duration such as 90s, 10m");
        for (String bad : new String[] {"0s", "-5s", "5 s", "1.5m"}) {
            assertUsage(CliRun.run("verify", Fixtures.testdata("scenarios/axios-2026-03-31/clean").toString(),
                    CliRun.snapshot(s), "--deadline", bad), "not '" + bad + "'");
        }
        for (String good : new String[] {"PT30S", "90s", "10m", "1h"}) {
            assertEquals(0, CliRun.run("verify", Fixtures.testdata("scenarios/axios-2026-03-31/clean").toString(),
                    CliRun.snapshot(s), "--deadline", good).exitCode(), good);
        }
    }

    @Test
    void trustUpdateWithAFileThatIsNoTufRoot() throws Exception {
        Path notRoot = Files.writeString(tmp.resolve("keys.json"), "{\"keys\": []}");
        assertUsage(CliRun.of("trust-update", "--tuf-root", notRoot.toString(), "-o", tmp.resolve("out").toString(),
                "--tuf-mirror", "http://127.0.0.1:9/"), "not a TUF root.json");
        Path broken = Files.writeString(tmp.resolve("root.json"), "{\"signed\": {");
        assertUsage(CliRun.of("trust-update", "--tuf-root", broken.toString(), "-o", tmp.resolve("out").toString(),
                "--tuf-mirror", "http://127.0.0.1:9/"), broken + ":1:13: invalid JSON");
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }
}
