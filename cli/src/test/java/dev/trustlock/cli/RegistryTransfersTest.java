package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.registry.LoopbackRegistryServer;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.verify.BenchProject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify of the ~475-package example against a loopback registry serving a snapshot in which
 * every package has provenance: a second run with the same --cache-dir costs almost nothing on
 * the wire (packuments revalidated by ETag, attestations kept), and 100 ms of latency per request
 * is paid in parallel, not in series.
 */
class RegistryTransfersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Fixtures.testdata("lockfiles/npm-v3");

    @TempDir
    static Path shared;

    static Path snapshot;

    @BeforeAll
    static void snapshot() throws Exception {
        BenchProject.main(new String[] {PROJECT.toString(), shared.toString()});
        snapshot = shared.resolve("snapshot");
    }

    private static CliRun verify(LoopbackRegistryServer server, Path cache) {
        return CliRun.of("verify", PROJECT.toString(), "--registry", server.baseUrl().toString(), "--cache-dir",
                cache.toString(), "--no-policy", "--trusted-root", snapshot.resolve("trust/trusted_root.json").toString(),
                "--npm-keys", snapshot.resolve("trust/keys.json").toString(), "--format", "json");
    }

    @Test
    void aWarmRunSendsAtMostFivePercentOfTheColdRunsBytes(@TempDir Path cache) throws Exception {
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot)) {
            CliRun cold = verify(server, cache);
            assertEquals(0, cold.exitCode(), cold.err());
            long coldBytes = server.bodyBytes();
            int coldRequests = server.requests().size();
            JsonNode report = JSON.readTree(cold.out());
            assertTrue(report.at("/summary/verified").asInt() > 400, report.at("/summary").toString());

            CliRun warm = verify(server, cache);
            assertEquals(0, warm.exitCode(), warm.err());
            assertEquals(cold.out().replaceAll("\"generatedAt\" : \"[^\"]+\"", ""),
                    warm.out().replaceAll("\"generatedAt\" : \"[^\"]+\"", ""), "the same verdicts from the cache");
            long warmBytes = server.bodyBytes() - coldBytes;
            int warmRequests = server.requests().size() - coldRequests;
            assertTrue(warmBytes * 20 <= coldBytes, "warm run sent " + warmBytes + " body bytes, cold " + coldBytes);
            // Attestations are immutable: the warm run asks only for packuments (and gets 304s).
            assertTrue(warmRequests < coldRequests / 2, warmRequests + " requests warm, " + coldRequests + " cold");
            assertTrue(server.requests().subList(coldRequests, server.requests().size()).stream()
                    .noneMatch(r -> r.rawPath().startsWith("/-/npm/v1/attestations/")), "attestations asked again");
        }
    }

    @Test
    void concurrentRunsShareOneCacheDirectory(@TempDir Path cache) throws Exception {
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot)) {
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var a = two.submit(() -> verify(server, cache));
                var b = two.submit(() -> verify(server, cache));
                CliRun first = a.get();
                CliRun second = b.get();
                assertEquals(0, first.exitCode(), first.err());
                assertEquals(0, second.exitCode(), second.err());
                assertEquals(withoutTime(first.out()), withoutTime(second.out()));
                // What they wrote side by side reads back whole: a third run agrees, from the cache.
                CliRun third = verify(server, cache);
                assertEquals(withoutTime(first.out()), withoutTime(third.out()));
            } finally {
                two.shutdownNow();
            }
        }
    }

    private static String withoutTime(String report) {
        return report.replaceAll("\"generatedAt\" : \"[^\"]+\"", "");
    }

    @Test
    void aMirrorWithoutAttestationsIsOneFindingNotOnePerPackage(@TempDir Path cache) throws Exception {
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot).withoutAttestations()) {
            CliRun run = verify(server, cache);
            assertEquals(3, run.exitCode(), run.err());
            JsonNode report = JSON.readTree(run.out());
            assertTrue(report.at("/summary/unverifiable").asInt() > 400, report.at("/summary").toString());
            java.util.List<JsonNode> unavailable = new java.util.ArrayList<>();
            report.path("findings").forEach(f -> {
                if (f.path("ruleId").asText().equals("registry-unavailable")) {
                    unavailable.add(f);
                }
            });
            assertEquals(1, unavailable.size(), unavailable.toString());
            long perPackage = 0;
            for (JsonNode f : report.path("findings")) {
                perPackage += f.path("ruleId").asText().equals("verification-unverifiable") ? 1 : 0;
            }
            assertEquals(0, perPackage, "no per-package could-not-verify warning besides the one about the mirror");
            String message = unavailable.get(0).path("message").asText();
            assertTrue(message.contains(server.baseUrl().toString()) && message.contains("serves no attestations"), message);
            // A report written to a file would hide it: stderr says it once too.
            java.util.List<String> lines = run.err().lines().filter(l -> l.contains(server.baseUrl().toString())).toList();
            assertEquals(1, lines.size(), run.err());
            assertTrue(lines.get(0).startsWith("trustlock: registry ") && lines.get(0).contains("serves no attestations"),
                    lines.get(0));
        }
    }

    @Test
    void latencyIsPaidInParallel(@TempDir Path cache) throws Exception {
        Duration latency = Duration.ofMillis(100);
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot)
                .faultEveryPath(new LoopbackRegistryServer.Fault.Delay(latency))) {
            long start = System.nanoTime();
            CliRun run = verify(server, cache);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(0, run.exitCode(), run.err());
            Duration serial = latency.multipliedBy(server.requests().size());
            assertTrue(wall.multipliedBy(3).compareTo(serial) < 0,
                    "wall " + wall.toMillis() + " ms against " + serial.toMillis() + " ms of latency in series");
        }
    }
}
