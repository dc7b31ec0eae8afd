package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.registry.LoopbackRegistryServer.Fault;
import dev.trustlock.core.registry.RegistryResult.Reason;
import dev.trustlock.core.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against a registry on 127.0.0.1: every injected fault must end in a failure result
 * (or, where the registry recovers, the true body), never in a success with wrong data, never in
 * a hang. Waits between retries go to a recording timer that does not wait, so Retry-After is checked without
 * waiting for it.
 */
class RegistryClientLoopbackTest {

    /** A hang guard only: every case here finishes in a few seconds at most. */
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
    private static final String TOKEN = "npm_LoopbackT0ken_do_not_leak_4f9a2c";
    private static final String DEMO_ATT = "/-/npm/v1/attestations/demo-pkg@1.0.0";

    @TempDir
    Path tmp;

    private LoopbackRegistryServer server;
    private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = LoopbackRegistryServer.serve(TestSnapshots.write(tmp.resolve("snapshot")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RegistryClientOptions options() {
        return RegistryClientOptions.defaults()
                .withRequestTimeout(Duration.ofMillis(700))
                .withRetries(2, Duration.ofMillis(100), Duration.ofSeconds(1))
                .withRetryAfterCap(Duration.ofSeconds(30))
                .withMaxBytes(1024 * 1024, 64 * 1024)
                .withTime(Clock.fixed(NOW, ZoneOffset.UTC), d -> {
                    slept.add(d);
                    return Runnable::run;
                });
    }

    private NpmrcConfig npmrc(String text, Map<String, String> env) throws Exception {
        Path f = tmp.resolve("project.npmrc");
        Files.writeString(f, text);
        return NpmrcConfig.load(Optional.of(f), Optional.empty(), env);
    }

    private RegistryClient client() throws Exception {
        return new RegistryClient(npmrc("registry=" + server.baseUrl() + "\n", Map.of()), Optional.empty(), options());
    }

    private RegistryClient client(RegistryCache cache) throws Exception {
        return new RegistryClient(npmrc("registry=" + server.baseUrl() + "\n", Map.of()), Optional.of(cache), options());
    }

    private static <T> T guarded(ThrowingSupplier<T> s) {
        return assertTimeoutPreemptively(GUARD, s);
    }

    private static RegistryResult.Failed failed(RegistryResult r, Reason reason) {
        RegistryResult.Failed f = assertInstanceOf(RegistryResult.Failed.class, r, () -> "expected a failure, got " + r);
        assertEquals(reason, f.reason(), f.detail());
        return f;
    }

    @Test
    void speaksTheRegistryLayout() throws Exception {
        RegistryClient c = client();
        RegistryResult.Found p = assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("demo-pkg")));
        JsonNode packument = new ObjectMapper().readTree(p.body());
        assertEquals("GitHub Actions", packument.at("/versions/1.0.0/_npmUser/name").asText());
        assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("@corp/internal")));
        assertEquals(1, server.count("/@corp%2finternal"), server.requests().toString());

        // The mirror advertises attestations on its own origin, so the origin check lets it through.
        Optional<String> advertised = Packuments.attestationsUrl(packument, "1.0.0");
        assertEquals(Optional.of(server.baseUrl() + DEMO_ATT.substring(1)), advertised);
        assertArrayEquals(TestSnapshots.utf8(TestSnapshots.DEMO_ATTESTATIONS), assertInstanceOf(RegistryResult.Found.class,
                guarded(() -> c.attestations("demo-pkg", "1.0.0", advertised))).body());
        assertInstanceOf(RegistryResult.NotFound.class, guarded(() -> c.attestations("demo-pkg", "0.9.0")));
        assertArrayEquals(TestSnapshots.utf8(TestSnapshots.KEYS),
                assertInstanceOf(RegistryResult.Found.class, guarded(c::keys)).body());
        assertTrue(server.requests().stream().allMatch(r -> r.accept().equals(Optional.of("application/json"))));
        assertTrue(server.requests().stream().allMatch(r -> r.authorization().isEmpty()));
    }

    @Test
    void realAttestationBodiesArriveByteForByte() throws Exception {
        Path real = Fixtures.shared("real-world/attestations/sigstore@2.3.1.json");
        byte[] body = Files.readAllBytes(real);
        SnapshotWriter w = SnapshotWriter.create(tmp.resolve("real"), TestSnapshots.NPMJS, Map.of());
        w.addAttestations("sigstore", "2.3.1", body);
        w.finish(TestSnapshots.CREATED);
        try (LoopbackRegistryServer s = LoopbackRegistryServer.serve(tmp.resolve("real"))) {
            RegistryClient c = new RegistryClient(npmrc("registry=" + s.baseUrl() + "\n", Map.of()), Optional.empty(), options());
            assertArrayEquals(body, assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.attestations("sigstore", "2.3.1"))).body());
        }
    }

    @Test
    void aSlowServerTimesOutAfterBoundedRetries() throws Exception {
        server.fault("/demo-pkg", new Fault.Delay(Duration.ofSeconds(5)));
        RegistryClient c = client();
        long t0 = System.nanoTime();
        failed(guarded(() -> c.packument("demo-pkg")), Reason.TIMEOUT);
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(5)) < 0, "did not wait for the server");
        assertEquals(3, server.count("/demo-pkg"));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersTimesOutToo() throws Exception {
        // HttpRequest.timeout covers only the wait for headers; the client must bound the body as well.
        server.fault("/demo-pkg", new Fault.StallBody(Duration.ofSeconds(5)));
        long t0 = System.nanoTime();
        failed(guarded(() -> client().packument("demo-pkg")), Reason.TIMEOUT);
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(5)) < 0, "did not wait for the server");
    }

    @Test
    void refusalsAreNotRetried() throws Exception {
        server.fault("/demo-pkg", new Fault.Status(401, Optional.empty(), Integer.MAX_VALUE));
        server.fault("/@corp%2finternal", new Fault.Status(403, Optional.empty(), Integer.MAX_VALUE));
        RegistryClient c = client();
        failed(guarded(() -> c.packument("demo-pkg")), Reason.HTTP_STATUS);
        failed(guarded(() -> c.packument("@corp/internal")), Reason.HTTP_STATUS);
        assertEquals(1, server.count("/demo-pkg"));
        assertEquals(List.of(), slept);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffThenFail() throws Exception {
        server.fault("/demo-pkg", new Fault.Status(500, Optional.empty(), Integer.MAX_VALUE));
        RegistryResult.Failed f = failed(guarded(() -> client().packument("demo-pkg")), Reason.SERVER_ERROR);
        assertTrue(f.detail().endsWith("(after 3 attempts)"), f.detail());
        assertEquals(3, server.count("/demo-pkg"));
        assertEquals(2, slept.size());
        for (int i = 0; i < 2; i++) {
            long base = 100L << i;
            long ms = slept.get(i).toMillis();
            assertTrue(ms >= base && ms <= base * 3 / 2, "backoff " + i + " was " + ms + " ms");
        }
    }

    /** Retries share one budget per origin; a registry answering 5xx is alive, so its breaker stays closed. */
    @Test
    void retriesComeFromOneBudgetPerRunAndErrorAnswersDoNotTripTheBreaker() throws Exception {
        server.faultEveryPath(new Fault.Status(500, Optional.empty(), Integer.MAX_VALUE));
        RegistryClient c = client();
        int packages = OriginHealth.RETRY_BUDGET / 2 + 4;
        List<RegistryResult.Failed> results = new ArrayList<>();
        for (int i = 0; i < packages; i++) {
            int n = i;
            results.add(failed(guarded(() -> c.packument("pkg-" + n)), Reason.SERVER_ERROR));
        }
        assertEquals(packages + OriginHealth.RETRY_BUDGET, server.requests().size(), "each package once, plus the budget");
        String spent = "(no retry: this run's " + OriginHealth.RETRY_BUDGET + " retries for " + server.baseUrl() + " are spent)";
        for (int i = 0; i < packages; i++) {
            String detail = results.get(i).detail();
            assertEquals(i >= OriginHealth.RETRY_BUDGET / 2, detail.endsWith(spent), i + ": " + detail);
        }
        assertTrue(c.outages().isEmpty(), "answers, even errors, are no outage: " + c.outages());
    }

    @Test
    void aRegistryThatRecoversGivesTheTrueBody() throws Exception {
        server.fault("/demo-pkg", new Fault.Status(503, Optional.empty(), 2));
        RegistryResult.Found f = assertInstanceOf(RegistryResult.Found.class, guarded(() -> client().packument("demo-pkg")));
        assertTrue(new String(f.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"demo-pkg\""));
        assertEquals(3, server.count("/demo-pkg"));
    }

    @Test
    void retryAfterSecondsIsHonouredWithoutReallyWaiting() throws Exception {
        server.fault("/demo-pkg", new Fault.Status(429, Optional.of("7"), Integer.MAX_VALUE));
        RegistryResult.Failed f = failed(guarded(() -> client().packument("demo-pkg")), Reason.SERVER_ERROR);
        assertTrue(f.detail().contains("429"), f.detail());
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), slept);
    }

    /**
     * Issue 10: a retry's wait holds no thread. With one executor thread, a package told to come
     * back later neither delays another package's answer nor keeps that thread: a task given to it
     * runs while the first package still waits. The wait is a gate the test opens, so nothing
     * here depends on timing.
     */
    @Test
    void aRetryWaitHoldsNoThread() throws Exception {
        server.fault("/demo-pkg", new Fault.Status(503, Optional.of("3"), 1));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Duration> asked = new CompletableFuture<>();
        RegistryClient c = new RegistryClient(npmrc("registry=" + server.baseUrl() + "\n", Map.of()), Optional.empty(),
                options().withTime(Clock.fixed(NOW, ZoneOffset.UTC), wait -> {
                    slept.add(wait);
                    asked.complete(wait);
                    return task -> gate.thenRun(task);
                }));
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<RegistryResult> waiting = c.packumentAsync("demo-pkg", one);
            // Once the retry's wait has begun (not before: the 503 may come after the other answer)...
            assertEquals(Duration.ofSeconds(3), guarded(() -> asked.get()), "Retry-After asked for 3 s");
            CompletableFuture<RegistryResult> other = c.packumentAsync("@corp/internal", one);
            assertInstanceOf(RegistryResult.Found.class, guarded(() -> other.get()));
            assertEquals(Boolean.TRUE, guarded(() -> one.submit(() -> !waiting.isDone()).get()),
                    "the only thread ran another task while demo-pkg waited for its retry");
            assertEquals(List.of(Duration.ofSeconds(3)), slept);
            gate.complete(null);
            assertInstanceOf(RegistryResult.Found.class, guarded(() -> waiting.get()));
            assertEquals(2, server.count("/demo-pkg"));
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void retryAfterAsAnHttpDateAndAnAbsurdRetryAfterIsCapped() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(12), ZoneOffset.UTC));
        server.fault("/demo-pkg", new Fault.Status(429, Optional.of(date), 1));
        server.fault("/@corp%2finternal", new Fault.Status(503, Optional.of("86400"), 1));
        RegistryClient c = client();
        assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("demo-pkg")));
        assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("@corp/internal")));
        assertEquals(List.of(Duration.ofSeconds(12), Duration.ofSeconds(30)), slept);
    }

    @Test
    void retryAfterParsing() {
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
        assertEquals(Optional.empty(), RegistryClient.retryAfter(none, NOW));
        assertEquals(Optional.of(Duration.ofSeconds(120)), RegistryClient.retryAfter(headers("120"), NOW));
        assertEquals(Optional.of(Duration.ZERO), RegistryClient.retryAfter(headers("Mon, 30 Mar 2026 00:00:00 GMT"), NOW));
        assertEquals(Optional.of(Duration.ofHours(12)), RegistryClient.retryAfter(headers("Wed, 1 Apr 2026 00:00:00 GMT"), NOW));
        assertEquals(Optional.empty(), RegistryClient.retryAfter(headers("soon"), NOW));
        assertEquals(Optional.empty(), RegistryClient.retryAfter(headers("-5"), NOW));
    }

    private static HttpHeaders headers(String retryAfter) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (a, b) -> true);
    }

    @Test
    void aTruncatedBodyIsATransportFailure() throws Exception {
        server.fault("/demo-pkg", new Fault.Truncated());
        failed(guarded(() -> client().packument("demo-pkg")), Reason.IO_ERROR);
        assertEquals(3, server.count("/demo-pkg"));
    }

    @Test
    void invalidJsonIsRejectedNotPassedOn() throws Exception {
        server.fault("/demo-pkg", new Fault.InvalidJson());
        server.fault(DEMO_ATT, new Fault.InvalidJson());
        RegistryClient c = client();
        failed(guarded(() -> c.packument("demo-pkg")), Reason.INVALID_JSON);
        failed(guarded(() -> c.attestations("demo-pkg", "1.0.0")), Reason.INVALID_JSON);
    }

    @Test
    void oversizedBodiesAreCutOffWhetherDeclaredOrStreamed() throws Exception {
        server.fault("/demo-pkg", new Fault.Oversized(8L * 1024 * 1024, true));
        server.fault("/@corp%2finternal", new Fault.Oversized(8L * 1024 * 1024, false));
        server.fault(DEMO_ATT, new Fault.Oversized(200L * 1024, false));
        RegistryClient c = client();
        failed(guarded(() -> c.packument("demo-pkg")), Reason.TOO_LARGE);
        failed(guarded(() -> c.packument("@corp/internal")), Reason.TOO_LARGE);
        failed(guarded(() -> c.attestations("demo-pkg", "1.0.0")), Reason.TOO_LARGE);
        // Not worth retrying: the same body would come again.
        assertEquals(1, server.count("/demo-pkg"));
    }

    @Test
    void redirectsAreFollowedOnlyWithinTheOrigin() throws Exception {
        try (LoopbackRegistryServer other = LoopbackRegistryServer.empty()) {
            server.fault("/moved", new Fault.Redirect(301, "/demo-pkg"));
            server.fault("/elsewhere", new Fault.Redirect(302, other.baseUrl() + "demo-pkg"));
            server.fault("/by-name", new Fault.Redirect(307, "http://localhost:" + server.port() + "/demo-pkg"));
            server.fault("/loop", new Fault.Redirect(302, "/loop"));
            RegistryClient c = client();
            assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("moved")));
            RegistryResult.Failed f = failed(guarded(() -> c.packument("elsewhere")), Reason.REDIRECT_REFUSED);
            assertTrue(f.detail().contains("another origin"), f.detail());
            failed(guarded(() -> c.packument("by-name")), Reason.REDIRECT_REFUSED);
            failed(guarded(() -> c.packument("loop")), Reason.REDIRECT_REFUSED);
            assertEquals(0, other.requests().size());
            assertEquals(6, server.count("/loop"));
        }
    }

    @Test
    void anAttestationUrlOnAnotherOriginIsRefusedWithoutFetching() throws Exception {
        try (LoopbackRegistryServer other = LoopbackRegistryServer.empty()) {
            server.fault("/demo-pkg", new Fault.ForeignAttestationUrl(other.baseUrl().toString()));
            RegistryClient c = client();
            byte[] body = assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("demo-pkg"))).body();
            Optional<String> advertised = Packuments.attestationsUrl(new ObjectMapper().readTree(body), "1.0.0");
            assertTrue(advertised.orElseThrow().startsWith(other.baseUrl().toString()), advertised.toString());
            failed(guarded(() -> c.attestations("demo-pkg", "1.0.0", advertised)), Reason.FOREIGN_ORIGIN);
            assertEquals(0, other.requests().size());
            assertEquals(0, server.count(DEMO_ATT));
        }
    }

    @Test
    void plainHttpOnlyToLoopbackAndNamesCannotEscapeThePath() throws Exception {
        RegistryClient remote = new RegistryClient(npmrc("registry=http://registry.example.invalid/\n", Map.of()),
                Optional.empty(), options());
        failed(guarded(() -> remote.packument("demo-pkg")), Reason.INSECURE_URL);
        RegistryClient c = client();
        failed(c.packument("../-/npm/v1/keys"), Reason.INVALID_REQUEST);
        failed(c.packument("a/b/c"), Reason.INVALID_REQUEST);
        failed(c.attestations("demo-pkg", "1.0.0/../../x"), Reason.INVALID_REQUEST);
        assertEquals(0, server.requests().size());
        assertTrue(RegistryUrls.allowed(URI.create("http://127.8.9.10:1/")));
        assertTrue(RegistryUrls.allowed(URI.create("http://[::1]:1/")));
        assertTrue(RegistryUrls.allowed(URI.create("http://localhost/")));
        assertFalse(RegistryUrls.allowed(URI.create("http://127.0.0.1.nip.io/")));
        assertFalse(RegistryUrls.allowed(URI.create("http://128.0.0.1/")));
        assertTrue(RegistryUrls.allowed(URI.create("https://registry.npmjs.org/")));
    }

    @Test
    void theTokenGoesToItsRegistryOnlyAndNeverIntoMessages() throws Exception {
        try (LoopbackRegistryServer corp = LoopbackRegistryServer.serve(tmp.resolve("snapshot"))) {
            NpmrcConfig config = npmrc("registry=" + server.baseUrl() + "\n"
                    + "@corp:registry=" + corp.baseUrl() + "\n"
                    + "//127.0.0.1:" + corp.port() + "/:_authToken=${CORP_NPM_TOKEN}\n", Map.of("CORP_NPM_TOKEN", TOKEN));
            RegistryClient c = new RegistryClient(config, Optional.empty(), options());
            assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("@corp/internal")));
            assertInstanceOf(RegistryResult.Found.class, guarded(() -> c.packument("demo-pkg")));
            assertInstanceOf(RegistryResult.Found.class, guarded(c::keys));
            assertEquals(List.of(Optional.of("Bearer " + TOKEN)),
                    corp.requests().stream().map(LoopbackRegistryServer.Request::authorization).toList());
            assertTrue(server.requests().stream().allMatch(r -> r.authorization().isEmpty()), server.requests().toString());

            // The token's registry redirects to the public one: refused, so the token cannot follow.
            corp.fault("/@corp%2fleak", new Fault.Redirect(302, server.baseUrl() + "demo-pkg"));
            corp.fault("/@corp%2fbroken", new Fault.Status(500, Optional.empty(), Integer.MAX_VALUE));
            corp.fault("/@corp%2fslow", new Fault.Delay(Duration.ofSeconds(5)));
            corp.fault("/@corp%2fcut", new Fault.Truncated());
            List<RegistryResult> failures = new ArrayList<>();
            for (String name : List.of("@corp/leak", "@corp/broken", "@corp/slow", "@corp/cut")) {
                failures.add(guarded(() -> c.packument(name)));
            }
            long before = server.requests().size();
            for (RegistryResult r : failures) {
                RegistryResult.Failed f = assertInstanceOf(RegistryResult.Failed.class, r);
                assertFalse(f.detail().contains(TOKEN) || f.toString().contains(TOKEN), f.toString());
            }
            assertEquals(before, server.requests().size());
            assertFalse(config.toString().contains(TOKEN));
        }
    }

    @Test
    void theCacheRevalidatesAndServesOffline() throws Exception {
        RegistryCache cache = new RegistryCache(tmp.resolve("cache"), dev.trustlock.core.io.CacheSeal.withSecret("tests"));
        NpmrcConfig config = npmrc("registry=" + server.baseUrl() + "\n", Map.of());
        RegistryClient online = new RegistryClient(config, Optional.of(cache), options());
        byte[] first = assertInstanceOf(RegistryResult.Found.class, guarded(() -> online.packument("demo-pkg"))).body();
        assertInstanceOf(RegistryResult.NotFound.class, guarded(() -> online.attestations("demo-pkg", "0.9.0")));
        byte[] second = assertInstanceOf(RegistryResult.Found.class, guarded(() -> online.packument("demo-pkg"))).body();
        assertArrayEquals(first, second);
        List<LoopbackRegistryServer.Request> reqs = server.requests().stream().filter(r -> r.rawPath().equals("/demo-pkg")).toList();
        assertEquals(2, reqs.size());
        assertTrue(reqs.get(0).ifNoneMatch().isEmpty());
        assertTrue(reqs.get(1).ifNoneMatch().isPresent(), "second request must revalidate");

        int seen = server.requests().size();
        RegistryClient offline = RegistryClient.offline(config, cache, options());
        assertArrayEquals(first, assertInstanceOf(RegistryResult.Found.class, offline.packument("demo-pkg")).body());
        assertInstanceOf(RegistryResult.NotFound.class, offline.attestations("demo-pkg", "0.9.0"));
        failed(offline.attestations("demo-pkg", "1.0.0"), Reason.OFFLINE_MISS);
        failed(offline.keys(), Reason.OFFLINE_MISS);
        assertEquals(seen, server.requests().size(), "offline mode must not touch the network");

        // A damaged cache entry is a miss, not a body.
        try (var files = Files.list(tmp.resolve("cache"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".body")).toList()) {
                Files.writeString(p, "{\"tampered\":true}");
            }
        }
        failed(offline.packument("demo-pkg"), Reason.OFFLINE_MISS);
    }

    @Test
    void aCopyPlantedInTheCacheWithTheRegistrysETagIsNotConfirmedByA304() throws Exception {
        dev.trustlock.core.io.CacheSeal ours = dev.trustlock.core.io.CacheSeal.withSecret("tests");
        RegistryCache cache = new RegistryCache(tmp.resolve("cache"), ours);
        RegistryClient client = client(cache);
        URI url = RegistryUrls.packument(server.baseUrl(), "demo-pkg");
        byte[] real = assertInstanceOf(RegistryResult.Found.class, guarded(() -> client.packument("demo-pkg"))).body();
        String etag = cache.get(url, Long.MAX_VALUE).orElseThrow().etag().orElseThrow();
        // Whoever can write a shared cache but lacks the key: an altered history under the real ETag.
        byte[] altered = "{\"name\":\"demo-pkg\",\"versions\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        new RegistryCache(tmp.resolve("cache"), dev.trustlock.core.io.CacheSeal.withSecret("attacker"))
                .put(url, new RegistryCache.Entry(200, altered, Optional.of(etag), Optional.empty()));
        assertTrue(cache.get(url, Long.MAX_VALUE).isEmpty(), "sealed under another key: a miss");
        assertArrayEquals(real, assertInstanceOf(RegistryResult.Found.class, guarded(() -> client.packument("demo-pkg"))).body());
        List<LoopbackRegistryServer.Request> reqs = server.requests().stream().filter(r -> r.rawPath().equals("/demo-pkg")).toList();
        assertEquals(2, reqs.size());
        assertTrue(reqs.get(1).ifNoneMatch().isEmpty(), "the planted copy was not revalidated, so no 304 could confirm it");
        // Attestations, which a cached copy answers without asking, are asked for again too.
        URI att = RegistryUrls.attestations(server.baseUrl(), "demo-pkg", "1.0.0");
        new RegistryCache(tmp.resolve("cache"), dev.trustlock.core.io.CacheSeal.withSecret("attacker"))
                .put(att, new RegistryCache.Entry(200, "{\"attestations\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Optional.empty(), Optional.empty()));
        long asked = server.requests().size();
        guarded(() -> client.attestations("demo-pkg", "1.0.0"));
        assertEquals(asked + 1, server.requests().size(), "the planted attestations were not used");
    }

    @Test
    void aSealedEntryWithAnotherValidatorIsAMiss() throws Exception {
        // A real old body under the current ETag would have the registry confirm it (304): a rollback.
        RegistryCache cache = new RegistryCache(tmp.resolve("cache"), dev.trustlock.core.io.CacheSeal.withSecret("tests"));
        URI url = URI.create("https://r.example/p");
        cache.put(url, new RegistryCache.Entry(200, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Optional.of("\"old\""), Optional.of("Tue, 31 Mar 2026 00:00:00 GMT")));
        assertTrue(cache.get(url, 1024).isPresent());
        Path meta = tmp.resolve("cache").resolve(RegistryCache.key(url) + ".meta.json");
        String original = Files.readString(meta);
        Files.writeString(meta, original.replace("\\\"old\\\"", "\\\"new\\\""));
        assertTrue(!Files.readString(meta).equals(original) && cache.get(url, 1024).isEmpty(), "another ETag");
        Files.writeString(meta, original.replace("Tue, 31 Mar", "Wed, 01 Apr"));
        assertTrue(!Files.readString(meta).equals(original) && cache.get(url, 1024).isEmpty(), "another Last-Modified");
        Files.writeString(meta, original);
        assertTrue(cache.get(url, 1024).isPresent(), "as sealed");
    }

    @Test
    void aServerWithoutETagsIsRevalidatedByLastModified() throws Exception {
        server.withoutETags();
        RegistryCache cache = new RegistryCache(tmp.resolve("cache"), dev.trustlock.core.io.CacheSeal.withSecret("tests"));
        RegistryClient client = client(cache);
        byte[] first = assertInstanceOf(RegistryResult.Found.class, guarded(() -> client.packument("demo-pkg"))).body();
        long sent = server.bodyBytes();
        byte[] second = assertInstanceOf(RegistryResult.Found.class, guarded(() -> client.packument("demo-pkg"))).body();
        assertArrayEquals(first, second);
        List<LoopbackRegistryServer.Request> reqs = server.requests().stream().filter(r -> r.rawPath().equals("/demo-pkg")).toList();
        assertEquals(2, reqs.size());
        assertTrue(reqs.get(0).ifModifiedSince().isEmpty());
        assertEquals(Optional.of("Tue, 31 Mar 2026 00:00:00 GMT"), reqs.get(1).ifModifiedSince());
        assertTrue(reqs.get(1).ifNoneMatch().isEmpty(), "no ETag was served, so none is sent back");
        assertEquals(sent, server.bodyBytes(), "the revalidation came back 304: no body sent again");
    }

    @Test
    void aBodyThatIsNotExactlyOneJsonObjectIsRefusedAndNotCached() throws Exception {
        RegistryCache cache = new RegistryCache(tmp.resolve("cache"), dev.trustlock.core.io.CacheSeal.withSecret("tests"));
        RegistryClient client = client(cache);
        String[] bodies = {"{\"name\":\"demo-pkg\"} {\"name\":\"other\"}", "{\"name\":\"demo-pkg\"} trailing",
            "[{\"name\":\"demo-pkg\"}]", "\"demo-pkg\"", "{\"name\":\"demo-pkg\"", ""};
        for (String body : bodies) {
            server.fault("/demo-pkg", new Fault.Body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            RegistryResult r = guarded(() -> client.packument("demo-pkg"));
            assertEquals(Reason.INVALID_JSON, assertInstanceOf(RegistryResult.Failed.class, r, body).reason(), body);
            assertTrue(cache.get(RegistryUrls.packument(server.baseUrl(), "demo-pkg"), Long.MAX_VALUE).isEmpty(), body);
        }
        assertTrue(RegistryClient.wellFormedJsonObject(" {\"a\":[1,{\"b\":null}]}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theCacheDirectoryItCreatesIsTheUsersAlone() throws Exception {
        assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions only");
        Path dir = tmp.resolve("new/cache");
        RegistryCache cache = new RegistryCache(dir, dev.trustlock.core.io.CacheSeal.withSecret("tests"));
        cache.put(URI.create("https://r.example/private-pkg"), new RegistryCache.Entry(200, "{}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), Optional.empty(), Optional.of("Tue, 31 Mar 2026 00:00:00 GMT")));
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
                Files.getPosixFilePermissions(dir));
        RegistryCache.Entry back = cache.get(URI.create("https://r.example/private-pkg"), 1024).orElseThrow();
        assertEquals(Optional.of("Tue, 31 Mar 2026 00:00:00 GMT"), back.lastModified());
        assertTrue(cache.get(URI.create("https://r.example/private-pkg"), 1).isEmpty(), "over the caller's limit");
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        server.fault("/demo-pkg", new Fault.Delay(Duration.ofMillis(150)));
        RegistryClient c = new RegistryClient(npmrc("registry=" + server.baseUrl() + "\n", Map.of()), Optional.empty(),
                options().withMaxConcurrency(2));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RegistryResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> c.packument("demo-pkg")));
            }
            for (Future<RegistryResult> f : results) {
                assertInstanceOf(RegistryResult.Found.class, guarded(() -> f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8, server.count("/demo-pkg"));
        assertTrue(server.maxInFlight() <= 2, "in flight: " + server.maxInFlight());
        assertEquals(2, server.maxInFlight(), "the permits are used");
    }
}
