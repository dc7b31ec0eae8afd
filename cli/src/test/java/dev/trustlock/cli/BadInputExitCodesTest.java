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
    void verifyAttestationsRefusesAFileLargerThanAnyAttestationsResponse() throws Exception {
        Path big = tmp.resolve("big.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(dev.trustlock.core.io.Limits.DOCUMENT_BYTES + 1);
        }
        assertUsage(CliRun.of("verify-attestations", big.toString(), "--package", "a@1.0.0", "--integrity", INTEGRITY),
                big + " is larger than " + dev.trustlock.core.io.Limits.DOCUMENT_BYTES + " bytes; not an attestations response");
    }

    /**
     * No key for the cache's seal (here: the configuration directory is a file) means no cache:
     * a usage error when --cache-dir asked for one, a run without one otherwise. In a process of
     * its own, since the key's place comes from the environment.
     */
    @Test
    void aCacheWithoutAKeyIsAUsageErrorOnlyWhenOneWasAskedFor() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("config"), "x");
        String s = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot").toString();
        String clean = Fixtures.testdata("scenarios/axios-2026-03-31/clean").toString();
        java.util.List<String> verify = java.util.List.of("verify", clean, "--snapshot", s,
                "--trusted-root", s + "/trust/trusted_root.json", "--npm-keys", s + "/trust/keys.json");
        java.util.List<String> withCache = new java.util.ArrayList<>(verify);
        withCache.addAll(java.util.List.of("--cache-dir", tmp.resolve("cache").toString()));

        String[] asked = trustlock(notADirectory, withCache);
        assertEquals("2", asked[0], asked[2]);
        assertTrue(asked[2].startsWith("trustlock: the cache needs its key, kept at " + notADirectory
                + "/trustlock/cache-key, which cannot be made or read"), asked[2]);
        assertTrue(asked[2].strip().endsWith("set TRUSTLOCK_CACHE_SECRET instead"), asked[2]);
        assertEquals(1, asked[2].strip().lines().count(), asked[2]);
        assertEquals("", asked[1]);
        assertFalse(Files.exists(tmp.resolve("cache").resolve("verified")), "nothing written to the cache");

        String[] notAsked = trustlock(notADirectory, verify);
        assertEquals("0", notAsked[0], notAsked[2]);
        assertTrue(notAsked[1].contains("verified"), notAsked[1]);
    }

    /** trustlock's exit code, stdout and stderr, run as its own JVM with XDG_CONFIG_HOME = {@code config}. */
    private static String[] trustlock(Path config, java.util.List<String> args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_CONFIG_HOME", config.toString());
        pb.environment().remove(dev.trustlock.core.io.CacheSeal.SECRET_ENV);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile("trustlock-out", ".txt");
        Path err = Files.createTempFile("trustlock-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "trustlock did not finish");
            return new String[] {String.valueOf(p.exitValue()), Files.readString(out), Files.readString(err)};
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
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

    /**
     * With several bad inputs, the one reported is the first in a fixed order (lockfile, policy,
     * trust material, snapshot), for verify and diff alike: a rerun fixes the same thing first
     * every time, whatever reads them in another order for speed one day.
     */
    @Test
    void ofSeveralBadInputsTheFirstInAFixedOrderIsReported() throws Exception {
        Path lockfile = Files.writeString(tmp.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"packages\": ");
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "rules: [");
        Path root = Files.writeString(tmp.resolve("trusted_root.json"), "{\"tlogs\": ");
        Path snapshot = Files.createDirectories(tmp.resolve("snapshot"));
        Files.writeString(snapshot.resolve("index.json"), "{\"format\": 1}");
        String clean = Fixtures.testdata("scenarios/axios-2026-03-31/clean").toString();
        String keys = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot/trust/keys.json").toString();
        String[] trust = {"--trusted-root", root.toString(), "--npm-keys", keys};
        for (String command : new String[] {"verify", "diff"}) {
            java.util.function.Function<String, String[]> args = project -> java.util.stream.Stream.of(
                    command.equals("diff") ? new String[] {command, project, project} : new String[] {command, project},
                    new String[] {"--snapshot", snapshot.toString(), "--policy", policy.toString()}, trust)
                    .flatMap(java.util.Arrays::stream).toArray(String[]::new);
            assertUsage(CliRun.of(args.apply(lockfile.toString())), lockfile.toString());
            assertUsage(CliRun.of(args.apply(clean)), policy.toString());
            Files.writeString(policy, "version: 1\n");
            assertUsage(CliRun.of(args.apply(clean)), root.toString());
            Files.copy(Path.of(Fixtures.testdata("scenarios/axios-2026-03-31/snapshot/trust/trusted_root.json").toString()),
                    root, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertUsage(CliRun.of(args.apply(clean)), "not a registry snapshot");
            Files.writeString(policy, "rules: [");
            Files.writeString(root, "{\"tlogs\": ");
        }
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
