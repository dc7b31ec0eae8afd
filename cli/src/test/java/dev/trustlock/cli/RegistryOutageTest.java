package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that accepts connections and never answers (a hung mirror, a black-holing proxy):
 * verify of the ~500-package example ends quickly with exit 3 and says once, naming the
 * registry, why every package is unverifiable. Before the per-origin breaker this took minutes
 * per package batch: every package retried on its own.
 */
class RegistryOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TRUST = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot/trust");

    @TempDir
    Path tmp;

    private ServerSocket blackHole;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        blackHole = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!blackHole.isClosed()) {
                try {
                    held.add(blackHole.accept()); // accepted, read never, answered never
                } catch (Exception e) {
                    return;
                }
            }
        }, "black-hole");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws Exception {
        blackHole.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private String registry() {
        return "http://127.0.0.1:" + blackHole.getLocalPort() + "/";
    }

    private CliRun verify(Duration bound, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("verify", Fixtures.testdata("lockfiles/npm-v3").toString(),
                "--registry", registry(), "--cache-dir", tmp.resolve("cache").toString(), "--no-policy",
                "--trusted-root", TRUST.resolve("trusted_root.json").toString(),
                "--npm-keys", TRUST.resolve("keys.json").toString(), "--format", "json"));
        args.addAll(List.of(extra));
        return assertTimeoutPreemptively(bound, () -> CliRun.of(args.toArray(String[]::new)));
    }

    @Test
    void withAShortTimeoutTheBreakerEndsTheRunInSeconds() throws Exception {
        long start = System.nanoTime();
        CliRun run = verify(Duration.ofSeconds(25), "--timeout", "3");
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertEquals(3, run.exitCode(), run.err());
        assertOneLineNaming(run, "stopped answering");
        JsonNode report = JSON.readTree(run.out());
        assertTrue(report.at("/summary/unverifiable").asInt() > 400, "every package unverifiable");
        assertEquals(0, report.at("/summary/verified").asInt());
        long outageFindings = 0;
        for (JsonNode f : report.path("findings")) {
            if (f.path("ruleId").asText().equals("registry-unavailable")) {
                outageFindings++;
                assertTrue(f.path("message").asText().contains(registry()), f.toString());
            }
        }
        assertEquals(1, outageFindings, "one finding for the registry, not one per package");
        assertTrue(seconds < 25, seconds + " s");
    }

    @Test
    void withTheDefaultTimeoutTheDeadlineEndsTheRunAndProgressShowsTheWait() throws Exception {
        CliRun run = verify(Duration.ofSeconds(25), "--deadline", "PT6S", "--progress");
        assertEquals(3, run.exitCode(), run.err());
        assertOneLineNaming(run, "did not answer any");
        // Nothing completes while the registry is silent; a CI log still hears from the run.
        assertTrue(run.err().contains("trustlock: fetched 0 of 474 packages (5 s, 0 kB"), run.err());
    }

    @Test
    void fetchIsBoundedByItsDeadlineToo() throws Exception {
        List<String> args = List.of("fetch", Fixtures.testdata("lockfiles/npm-v3").toString(),
                "-o", tmp.resolve("snap").toString(), "--registry", registry(),
                "--cache-dir", tmp.resolve("cache").toString(), "--deadline", "PT6S", "--progress");
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> CliRun.of(args.toArray(String[]::new)));
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("trustlock: fetched 0 of 474 packages (5 s, 0 kB"), run.err());
        assertTrue(run.err().contains("474 could not be fetched"), run.err());
    }

    @Test
    void explainIsBoundedByItsDeadlineAndShowsTheWait() throws Exception {
        List<String> args = List.of("explain", "axios", "--registry", registry(),
                "--cache-dir", tmp.resolve("cache").toString(), "--deadline", "6s", "--progress");
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> CliRun.of(args.toArray(String[]::new)));
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("trustlock: fetched 0 of 1 packages (5 s, 0 kB, axios)"), run.err());
        assertTrue(run.err().contains("trustlock: the deadline of 6 s passed before the packument of axios was fetched"),
                run.err());
        assertOneLineNaming(run, "did not answer any");
        assertEquals("", run.out(), "no timeline when there is no history");
    }

    private void assertOneLineNaming(CliRun run, String words) {
        List<String> lines = run.err().lines().filter(l -> l.contains(registry())).toList();
        assertEquals(1, lines.size(), run.err() + run.out().substring(0, Math.min(3000, run.out().length())));
        assertTrue(lines.get(0).contains(words), lines.get(0));
    }
}
