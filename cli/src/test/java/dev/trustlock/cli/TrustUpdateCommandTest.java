package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TestTufRepository;
import dev.trustlock.core.trust.TestTufServer;
import dev.trustlock.core.trust.TufTrustRefresher;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustUpdateCommandTest {

    private static final String SIGSTORE_INTEGRITY =
            "sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==";

    @TempDir
    Path tmp;

    private Path rootFile(TestTufRepository repo) throws Exception {
        Path p = tmp.resolve("1.root.json");
        Files.write(p, repo.initialRoot());
        return p;
    }

    @Test
    void writesBothTargetsThatVerifyAttestationsThenAccepts() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets();
        try (TestTufServer server = new TestTufServer(repo.files())) {
            Path out = tmp.resolve("out");
            CliRun r = CliRun.of("trust-update", "--tuf-mirror", server.uri().toString(),
                    "--tuf-root", rootFile(repo).toString(), "--cache-dir", tmp.resolve("cache").toString(),
                    "-o", out.toString());
            assertEquals(ExitCodes.OK, r.exitCode(), r.err() + r.out());

            byte[] root = TestTufRepository.bundled("trusted_root.json");
            byte[] keys = TestTufRepository.bundled("keys.json");
            assertArrayEquals(root, Files.readAllBytes(out.resolve("trusted_root.json")));
            assertArrayEquals(keys, Files.readAllBytes(out.resolve("keys.json")));
            assertTrue(r.out().contains("sha256 " + sha256(root)), r.out());
            assertTrue(r.out().contains("sha256 " + sha256(keys)), r.out());
            assertTrue(r.out().contains(TufTrustRefresher.NPM_KEYS_TARGET), r.out());
            assertTrue(r.out().contains("targets v1"), r.out());
            try (var leftovers = Files.list(out)) {
                assertEquals(2, leftovers.count(), "only the two files, no temporaries");
            }

            CliRun v = CliRun.of("verify-attestations",
                    Fixtures.shared("real-world/attestations/sigstore@1.0.0.json").toString(),
                    "--package", "sigstore@1.0.0", "--integrity", SIGSTORE_INTEGRITY,
                    "--trusted-root", out.resolve("trusted_root.json").toString(),
                    "--npm-keys", out.resolve("keys.json").toString());
            assertEquals(ExitCodes.OK, v.exitCode(), v.err() + v.out());
        }
    }

    @Test
    void outputDefaultsToTheCacheDir() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets();
        try (TestTufServer server = new TestTufServer(repo.files())) {
            Path cache = tmp.resolve("cache");
            CliRun r = CliRun.of("trust-update", "--tuf-mirror", server.uri().toString(),
                    "--tuf-root", rootFile(repo).toString(), "--cache-dir", cache.toString());
            assertEquals(ExitCodes.OK, r.exitCode(), r.err() + r.out());
            assertArrayEquals(TestTufRepository.bundled("keys.json"), Files.readAllBytes(cache.resolve("keys.json")));
        }
    }

    /**
     * The default place is under ~/.cache, which CI restores from caches others can write, and
     * every later run reads it as its trust anchors: only what trust-update sealed there is used.
     */
    @Test
    void whatIsWrittenToTheDefaultPlaceIsSealedAndAnythingElseThereStopsTheRun() throws Exception {
        Path place = TufTrustRefresher.defaultCacheDir();
        assertTrue(place.startsWith(Path.of(System.getenv("XDG_CACHE_HOME"))), "tests keep out of the user's home: " + place);
        Path scenario = Fixtures.repoRoot().resolve("testdata/scenarios/axios-2026-03-31");
        String[] verify = {"verify", scenario.resolve("clean").toString(), "--snapshot",
            scenario.resolve("snapshot").toString(), "--format", "json", "-o", tmp.resolve("report.json").toString()};
        TestTufRepository repo = TestTufRepository.withBundledTargets();
        try (TestTufServer server = new TestTufServer(repo.files())) {
            CliRun r = CliRun.of("trust-update", "--tuf-mirror", server.uri().toString(),
                    "--tuf-root", rootFile(repo).toString(), "--cache-dir", place.toString());
            assertEquals(ExitCodes.OK, r.exitCode(), r.err() + r.out());
            assertTrue(Files.isRegularFile(place.resolve("trust.seal")));
            CliRun used = CliRun.of(verify);
            assertNotEquals(ExitCodes.USAGE, used.exitCode(), used.err());
            assertFalse(used.err().contains("not sealed"), used.err());

            byte[] keys = Files.readAllBytes(place.resolve("keys.json"));
            Files.writeString(place.resolve("keys.json"), new String(keys, StandardCharsets.UTF_8) + " ");
            CliRun planted = CliRun.of(verify);
            assertEquals(ExitCodes.USAGE, planted.exitCode(), planted.err());
            assertTrue(planted.err().contains("the trust material in " + place + " is not sealed"), planted.err());
            Files.write(place.resolve("keys.json"), keys);
            Files.delete(place.resolve("trust.seal"));
            assertEquals(ExitCodes.USAGE, CliRun.of(verify).exitCode(), "files there without a seal");
        } finally {
            try (var files = Files.walk(place)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void anUnreachableMirrorExitsThreeWithOneLineAndWritesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("trust-update", "--tuf-mirror", "http://127.0.0.1:" + port,
                "--tuf-root", rootFile(TestTufRepository.withBundledTargets()).toString(),
                "--cache-dir", tmp.resolve("cache").toString(), "-o", out.toString());
        assertEquals(ExitCodes.UNVERIFIABLE, r.exitCode(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("trustlock: trust material NOT refreshed: cannot fetch TUF metadata from http://127.0.0.1:"
                + port), r.err());
        assertFalse(Files.exists(out.resolve("trusted_root.json")));
    }

    @Test
    void refusedVerificationExitsThreeAndKeepsTheOldFiles() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets()
                .timestampExpires(Instant.now().minus(1, ChronoUnit.MINUTES));
        try (TestTufServer server = new TestTufServer(repo.files())) {
            Path out = tmp.resolve("out");
            Files.createDirectories(out);
            Files.writeString(out.resolve("keys.json"), "old");
            CliRun r = CliRun.of("trust-update", "--tuf-mirror", server.uri().toString(),
                    "--tuf-root", rootFile(repo).toString(), "--cache-dir", tmp.resolve("cache").toString(),
                    "-o", out.toString());
            assertEquals(ExitCodes.UNVERIFIABLE, r.exitCode(), r.err() + r.out());
            assertTrue(r.err().contains("expired"), r.err());
            assertEquals("old", Files.readString(out.resolve("keys.json"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertEquals(ExitCodes.USAGE, CliRun.of("trust-update", "--tuf-mirror", "ftp://example.org/").exitCode());
        CliRun creds = CliRun.of("trust-update", "--tuf-mirror", "https://user:secret@example.org/");
        assertEquals(ExitCodes.USAGE, creds.exitCode());
        assertFalse(creds.err().contains("secret"), creds.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("trust-update", "--tuf-root", tmp.resolve("missing.json").toString(),
                "--cache-dir", tmp.toString()).exitCode());
        assertEquals(ExitCodes.USAGE, CliRun.of("trust-update", "--no-such-option").exitCode());
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertEquals(ExitCodes.USAGE, CliRun.of("trust-update", "-o", file.toString(),
                "--cache-dir", tmp.resolve("c").toString(), "--tuf-mirror", "http://127.0.0.1:9").exitCode());
    }

    @Test
    void helpExplainsWhatItDoesAndHowToUseTheFiles() {
        CliRun r = CliRun.of("trust-update", "--help");
        assertEquals(0, r.exitCode());
        for (String s : new String[] {"--tuf-mirror", "--cache-dir", "-o", "TUF", "--trusted-root", "--npm-keys",
            "tuf-repo-cdn.sigstore.dev", "NOT refreshed"}) {
            assertTrue(r.out().contains(s), s + " missing from\n" + r.out());
        }
        assertTrue(CliRun.of("--help").out().contains("trust-update"));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
