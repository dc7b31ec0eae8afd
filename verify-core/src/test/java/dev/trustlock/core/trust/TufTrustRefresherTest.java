package dev.trustlock.core.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.testing.Fixtures;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TufTrustRefresherTest {

    private static final String SIGSTORE_INTEGRITY =
            "sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==";

    @TempDir
    Path cache;

    private TufTrustRefresher refresher(TestTufServer server, TestTufRepository repo) {
        return TufTrustRefresher.builder().mirror(server.uri()).cacheDir(cache)
                .initialRoot(repo.initialRoot(), "test root").build();
    }

    private static String sha256(byte[] b) {
        return HexFormat.of().formatHex(TestTufRepository.sha("SHA-256", b));
    }

    @Test
    void refreshDownloadsBothTargetsAndTheMaterialVerifiesARealAttestation() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets();
        try (TestTufServer server = new TestTufServer(repo.files())) {
            RefreshedTrust r = refresher(server, repo).refresh();

            byte[] root = TestTufRepository.bundled("trusted_root.json");
            byte[] keys = TestTufRepository.bundled("keys.json");
            assertArrayEquals(root, r.trustedRoot().bytes());
            assertArrayEquals(keys, r.npmKeys().bytes());
            assertEquals(sha256(root), r.trustedRoot().sha256Hex());
            assertEquals(TufTrustRefresher.NPM_KEYS_TARGET, r.npmKeys().name());
            assertEquals(1, r.rootVersion());
            assertEquals(1, r.targetsVersion());
            // Both targets were fetched by their consistent-snapshot (hash-prefixed) names.
            String sha512 = HexFormat.of().formatHex(TestTufRepository.sha("SHA-512", keys));
            assertTrue(server.requests().contains("targets/registry.npmjs.org/" + sha512 + ".keys.json"),
                    server.requests().toString());

            byte[] att = Files.readAllBytes(Fixtures.shared("real-world/attestations/sigstore@1.0.0.json"));
            VerificationResult v = new AttestationVerifier(r.material())
                    .verify(new PackageRef("sigstore", "1.0.0", SIGSTORE_INTEGRITY), att);
            assertEquals(VerificationStatus.VERIFIED, v.status(), v.reason());
        }
    }

    @Test
    void aTargetWhoseBytesDoNotMatchTheTargetsMetadataIsRefused() throws Exception {
        byte[] root = TestTufRepository.bundled("trusted_root.json");
        byte[] forged = new String(root, StandardCharsets.UTF_8).replace("fulcio", "fulcjo")
                .getBytes(StandardCharsets.UTF_8);
        TestTufRepository repo = TestTufRepository.withBundledTargets()
                .serveInsteadOf(TufTrustRefresher.TRUSTED_ROOT_TARGET, forged);
        try (TestTufServer server = new TestTufServer(repo.files())) {
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertEquals(TufRefreshException.Reason.REJECTED, e.reason());
            assertTrue(e.getMessage().contains("hash"), e.getMessage());
            assertTrue(e.getMessage().contains(TufTrustRefresher.TRUSTED_ROOT_TARGET), e.getMessage());
            assertOneLine(e);
        }
    }

    /** What download returns is exactly what the signed targets metadata describes, whatever the TUF client checked. */
    @Test
    void aTargetMustHaveTheSignedLengthAndEveryListedHash() throws Exception {
        TufTrustRefresher r = TufTrustRefresher.builder().mirror(URI.create("https://tuf.example")).cacheDir(cache).build();
        byte[] bytes = "{\"trusted\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sha256 = dev.trustlock.core.io.Digests.sha256Hex(bytes);
        String sha512 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(bytes));
        String wrong = "00" + sha256.substring(2);
        Optional<String> none = Optional.empty();
        assertEquals(sha256, r.described("t.json", bytes, bytes.length, Optional.of(sha256.toUpperCase(java.util.Locale.ROOT)),
                Optional.of(sha512)).sha256Hex());
        assertEquals(sha256, r.described("t.json", bytes, bytes.length, none, Optional.of(sha512)).sha256Hex());
        String length = assertThrows(TufRefreshException.class,
                () -> r.described("t.json", bytes, bytes.length + 1, Optional.of(sha256), none)).getMessage();
        assertEquals("TUF target 't.json' from https://tuf.example is " + bytes.length
                + " bytes but the signed targets metadata says " + (bytes.length + 1), length);
        for (List<Optional<String>> hashes : List.of(List.of(none, none), List.of(Optional.of(wrong), none),
                List.of(Optional.of(sha256), Optional.of("00" + sha512.substring(2))), List.of(Optional.of(wrong), Optional.of(sha512)))) {
            TufRefreshException e = assertThrows(TufRefreshException.class,
                    () -> r.described("t.json", bytes, bytes.length, hashes.get(0), hashes.get(1)), hashes.toString());
            assertEquals(TufRefreshException.Reason.REJECTED, e.reason());
            assertTrue(e.getMessage().contains("does not match the hashes"), e.getMessage());
        }
    }

    @Test
    void expiredTimestampMetadataIsRefused() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets()
                .timestampExpires(Instant.now().minus(1, ChronoUnit.HOURS));
        try (TestTufServer server = new TestTufServer(repo.files())) {
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertEquals(TufRefreshException.Reason.REJECTED, e.reason());
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
            assertOneLine(e);
            assertFalse(server.requests().stream().anyMatch(p -> p.startsWith("targets/")),
                    "no target may be fetched on expired metadata: " + server.requests());
        }
    }

    @Test
    void targetsMetadataWithABadSignatureIsRefused() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets().mutateTargetsSignature(sig -> {
            byte[] s = sig.clone();
            s[s.length - 1] ^= 0x01;
            return s;
        });
        try (TestTufServer server = new TestTufServer(repo.files())) {
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertEquals(TufRefreshException.Reason.REJECTED, e.reason());
            assertTrue(e.getMessage().contains("signature"), e.getMessage());
            assertOneLine(e);
        }
    }

    @Test
    void targetsSignedByAKeyTheRootDoesNotNameAreRefused() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets()
                .targetsSignedBy(TestTufRepository.TufKey.ecdsa());
        try (TestTufServer server = new TestTufServer(repo.files())) {
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertTrue(e.getMessage().contains("0 valid signature(s) of the 1 required"), e.getMessage());
        }
    }

    @Test
    void aRepositoryNotAnchoredInTheGivenRootIsRefused() throws Exception {
        TestTufRepository served = TestTufRepository.withBundledTargets();
        TestTufRepository other = TestTufRepository.withBundledTargets();
        try (TestTufServer server = new TestTufServer(served.files())) {
            TufTrustRefresher r = TufTrustRefresher.builder().mirror(server.uri()).cacheDir(cache)
                    .initialRoot(other.initialRoot(), "another repository's root").build();
            TufRefreshException e = assertThrows(TufRefreshException.class, r::refresh);
            assertEquals(TufRefreshException.Reason.REJECTED, e.reason());
            assertTrue(e.getMessage().contains("signature"), e.getMessage());
        }
    }

    @Test
    void aMissingTargetIsNamed() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets().removeTarget(TufTrustRefresher.NPM_KEYS_TARGET);
        try (TestTufServer server = new TestTufServer(repo.files())) {
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertTrue(e.getMessage().contains("lists no target '" + TufTrustRefresher.NPM_KEYS_TARGET + "'"),
                    e.getMessage());
        }
    }

    @Test
    void verifiedTargetsThatAreNotTrustMaterialAreRefused() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets()
                .target(TufTrustRefresher.NPM_KEYS_TARGET, "{\"nokeys\":[]}".getBytes(StandardCharsets.UTF_8));
        try (TestTufServer server = new TestTufServer(repo.files())) {
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertTrue(e.getMessage().contains("not usable trust material"), e.getMessage());
        }
    }

    @Test
    void anUnreachableMirrorFailsWithOneLineNamingIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI mirror = URI.create("http://127.0.0.1:" + port);
        TufTrustRefresher r = TufTrustRefresher.builder().mirror(mirror).cacheDir(cache)
                .initialRoot(TestTufRepository.withBundledTargets().initialRoot(), "test root").build();
        TufRefreshException e = assertThrows(TufRefreshException.class, r::refresh);
        assertEquals(TufRefreshException.Reason.UNREACHABLE, e.reason());
        assertTrue(e.getMessage().startsWith("cannot fetch TUF metadata from " + mirror), e.getMessage());
        assertOneLine(e);
    }

    /**
     * Accepts connections and holds them: with {@code headers}, after answering 200 with a
     * Content-Length and one byte of the body; without, saying nothing at all.
     */
    private static final class HoldingServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

        HoldingServer(boolean headers) throws java.io.IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket c = socket.accept();
                        held.add(c);
                        if (headers) {
                            c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"
                                    .getBytes(StandardCharsets.US_ASCII));
                            c.getOutputStream().flush();
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
            for (java.net.Socket c : held) {
                c.close();
            }
        }
    }

    @Test
    void aMirrorThatNeverAnswersOrStallsMidBodyEndsWithinTwoTimeouts() throws Exception {
        for (boolean headers : new boolean[] {false, true}) {
            try (HoldingServer silent = new HoldingServer(headers)) {
                TufTrustRefresher r = TufTrustRefresher.builder().mirror(silent.uri()).cacheDir(cache.resolve("c" + headers))
                        .initialRoot(TestTufRepository.withBundledTargets().initialRoot(), "test root")
                        .timeout(java.time.Duration.ofSeconds(1)).build();
                long start = System.nanoTime();
                TufRefreshException e = assertThrows(TufRefreshException.class, r::refresh);
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                assertTrue(seconds < 10, "bounded by the timeout, tried twice: " + seconds + " s");
                assertEquals(TufRefreshException.Reason.UNREACHABLE, e.reason(), e.getMessage());
                assertTrue(e.getMessage().contains("no complete response from " + silent.uri()) && e.getMessage()
                        .contains("within 1 s"), e.getMessage());
                assertEquals(2, silent.held.size(), "one retry, no more");
                assertOneLine(e);
            }
        }
    }

    @Test
    void aServerErrorIsTriedOnceMoreAndAnotherStatusIsNot() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets();
        try (TestTufServer server = new TestTufServer(repo.files())) {
            server.failNext(1, 500); // the lowest server error: retried like any 5xx
            RefreshedTrust r = refresher(server, repo).refresh();
            assertEquals(1, r.rootVersion());
            assertEquals(server.requests().get(0), server.requests().get(1), "the 500 was asked again");
        }
        try (TestTufServer server = new TestTufServer(repo.files())) {
            server.failNext(2, 503);
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> TufTrustRefresher.builder()
                    .mirror(server.uri()).cacheDir(cache.resolve("again")).initialRoot(repo.initialRoot(), "test root")
                    .build().refresh());
            assertEquals(TufRefreshException.Reason.UNREACHABLE, e.reason());
            assertTrue(e.getMessage().contains("the mirror answered HTTP 503"), e.getMessage());
            assertEquals(2, server.requests().size(), server.requests().toString());
        }
        try (TestTufServer server = new TestTufServer(repo.files())) {
            server.failNext(2, 403);
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> TufTrustRefresher.builder()
                    .mirror(server.uri()).cacheDir(cache.resolve("refused")).initialRoot(repo.initialRoot(), "test root")
                    .build().refresh());
            assertTrue(e.getMessage().contains("the mirror answered HTTP 403"), e.getMessage());
            assertEquals(1, server.requests().size(), "a 403 is not asked again: " + server.requests());
        }
    }

    @Test
    void anUnknownHostIsSaidSo() {
        TufTrustRefresher r = TufTrustRefresher.builder().mirror(URI.create("https://tuf.invalid")).cacheDir(cache)
                .initialRoot(TestTufRepository.withBundledTargets().initialRoot(), "test root").build();
        TufRefreshException e = assertThrows(TufRefreshException.class, r::refresh);
        assertEquals(TufRefreshException.Reason.UNREACHABLE, e.reason());
        assertTrue(e.getMessage().endsWith("unknown host tuf.invalid"), e.getMessage());
    }

    @Test
    void rootRotationIsFollowedAndCached() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets().rotateRootTo(TestTufRepository.TufKey.ecdsa());
        try (TestTufServer server = new TestTufServer(repo.files())) {
            RefreshedTrust r = refresher(server, repo).refresh();
            assertEquals(2, r.rootVersion());
            assertTrue(Files.isRegularFile(refresher(server, repo).mirrorCacheDir().resolve("root.json")));
        }
    }

    @Test
    void aSecondRunUsesTheCacheButStillRefusesMetadataThatHasSinceExpired() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets()
                .timestampExpires(Instant.now().plus(2, ChronoUnit.HOURS));
        try (TestTufServer server = new TestTufServer(repo.files())) {
            refresher(server, repo).refresh();
            int targetFetches = (int) server.requests().stream().filter(p -> p.startsWith("targets/")).count();
            assertEquals(2, targetFetches);

            RefreshedTrust again = refresher(server, repo).refresh();
            assertEquals(targetFetches,
                    server.requests().stream().filter(p -> p.startsWith("targets/")).count(),
                    "verified cached targets are not fetched again");
            assertArrayEquals(TestTufRepository.bundled("keys.json"), again.npmKeys().bytes());

            // Same timestamp version served three hours later: sigstore-java's updater skips its
            // expiry checks for an unchanged timestamp; the refresher must not.
            Clock later = Clock.fixed(Instant.now().plus(3, ChronoUnit.HOURS), ZoneOffset.UTC);
            TufTrustRefresher r = TufTrustRefresher.builder().mirror(server.uri()).cacheDir(cache)
                    .initialRoot(repo.initialRoot(), "test root").clock(later).build();
            TufRefreshException e = assertThrows(TufRefreshException.class, r::refresh);
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        }
    }

    @Test
    void aTamperedCachedTargetIsFetchedAgainNotTrusted() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets();
        try (TestTufServer server = new TestTufServer(repo.files())) {
            TufTrustRefresher r = refresher(server, repo);
            r.refresh();
            Path cached = r.mirrorCacheDir().resolve("targets").resolve("trusted_root.json");
            assertTrue(Files.isRegularFile(cached));
            Files.writeString(cached, "{}");
            RefreshedTrust again = r.refresh();
            assertArrayEquals(TestTufRepository.bundled("trusted_root.json"), again.trustedRoot().bytes());
        }
    }

    @Test
    void aTimestampRolledBackBelowTheCachedOneIsRefused() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets().timestampVersion(2);
        try (TestTufServer server = new TestTufServer(repo.files())) {
            assertEquals(2, refresher(server, repo).refresh().timestampVersion());
            server.serve(repo.timestampVersion(1).files());
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertEquals(TufRefreshException.Reason.REJECTED, e.reason());
            assertTrue(e.getMessage().contains("Expected version 2 or higher but found version 1"), e.getMessage());
            assertOneLine(e);
        }
    }

    @Test
    void thePublicGoodAnchorIsTheRootEmbeddedInSigstoreJava() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // No network: the embedded root must load and verify itself before anything is fetched,
        // so the failure is the closed port, not the anchor.
        TufTrustRefresher r = TufTrustRefresher.builder().mirror(URI.create("http://127.0.0.1:" + port))
                .cacheDir(cache).build();
        TufRefreshException e = assertThrows(TufRefreshException.class, r::refresh);
        assertEquals(TufRefreshException.Reason.UNREACHABLE, e.reason(), e.getMessage());
        String cachedRoot = Files.readString(r.mirrorCacheDir().resolve("root.json"));
        String embedded = new String(TufTrustRefresher.class.getClassLoader()
                .getResourceAsStream(dev.sigstore.tuf.SigstoreTufClient.PUBLIC_GOOD_ROOT_RESOURCE).readAllBytes(),
                StandardCharsets.UTF_8);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.readTree(embedded).path("signed"), json.readTree(cachedRoot).path("signed"));
        assertEquals(TufTrustRefresher.PUBLIC_GOOD_MIRROR, TufTrustRefresher.publicGood(cache).mirror());
    }

    @Test
    void malformedMetadataIsRefusedAsSuch() throws Exception {
        TestTufRepository repo = TestTufRepository.withBundledTargets();
        Map<String, byte[]> files = new java.util.HashMap<>(repo.files());
        files.put("timestamp.json", "<html>not json</html>".getBytes(StandardCharsets.UTF_8));
        try (TestTufServer server = new TestTufServer(files)) {
            TufRefreshException e = assertThrows(TufRefreshException.class, () -> refresher(server, repo).refresh());
            assertEquals(TufRefreshException.Reason.REJECTED, e.reason());
            assertTrue(e.getMessage().startsWith("malformed TUF metadata from " + server.uri()), e.getMessage());
            assertOneLine(e);
        }
    }

    @Test
    void onlyHttpMirrorsAreAccepted() {
        assertThrows(IllegalArgumentException.class,
                () -> TufTrustRefresher.builder().mirror(URI.create("file:///tmp/repo")).build());
        assertEquals("tuf-repo-cdn.sigstore.dev", TufTrustRefresher.mirrorSlug(TufTrustRefresher.PUBLIC_GOOD_MIRROR));
        assertEquals("127.0.0.1_8080_tuf", TufTrustRefresher.mirrorSlug(URI.create("http://127.0.0.1:8080/tuf/")));
    }

    private static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
