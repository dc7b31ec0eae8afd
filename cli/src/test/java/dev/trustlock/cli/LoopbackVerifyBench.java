package dev.trustlock.cli;

import dev.trustlock.core.registry.LoopbackRegistryServer;
import dev.trustlock.core.verify.VerifyFixtures;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Requests per second of {@code trustlock verify} against a loopback registry with a cold cache
 * (bench/verify-snapshot.sh runs it). In-process: the number is about the client and the
 * pipeline, not JVM start-up, which the whole-process snapshot timing covers.
 * Usage: {@code LoopbackVerifyBench PROJECT SNAPSHOT [CONCURRENCY=16]} (SNAPSHOT from BenchProject).
 */
public final class LoopbackVerifyBench {

    private LoopbackVerifyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path snapshot = Path.of(args[1]);
        VerifyFixtures.Layout l = new VerifyFixtures.Layout(Path.of(args[0]), snapshot,
                snapshot.resolve("trust/trusted_root.json"), snapshot.resolve("trust/keys.json"));
        String concurrency = args.length > 2 ? args[2] : "16";
        for (int round = 1; round <= 2; round++) {
            Path cache = Files.createTempDirectory("trustlock-bench-cache");
            try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(l.snapshot())) {
                long start = System.nanoTime();
                CliRun run = CliRun.of("verify", l.project().toString(), "--registry", server.baseUrl().toString(),
                        "--cache-dir", cache.toString(), "--trusted-root", l.trustedRoot().toString(),
                        "--npm-keys", l.npmKeys().toString(), "--concurrency", concurrency, "--format", "json",
                        "-o", cache.resolve("report.json").toString());
                double seconds = (System.nanoTime() - start) / 1e9;
                long requests = server.requests().size();
                System.out.printf("round %d (cold cache): exit %d, %d requests in %.2f s = %.0f requests/s, "
                        + "max %d in flight%n", round, run.exitCode(), requests, seconds, requests / seconds,
                        server.maxInFlight());
                if (run.exitCode() != 0) {
                    System.out.println(run.err());
                }
            }
        }
    }
}
