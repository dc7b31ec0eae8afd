package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.registry.LoopbackRegistryServer;
import dev.trustlock.core.registry.LoopbackRegistryServer.Fault;
import dev.trustlock.core.verify.VerifyFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * trustlock verify against a loopback registry serving the fixture snapshot, with one fault on
 * the packument or the attestations of the package that normally verifies. Each fault must end
 * with that package UNVERIFIABLE and exit 3: never a pass, never a hang.
 */
class VerifyLoopbackFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACKUMENT = "/prov-pkg";
    private static final String ATTESTATIONS = "/-/npm/v1/attestations/prov-pkg@1.1.0";

    @TempDir
    Path tmp;

    VerifyFixtures.Layout f;
    LoopbackRegistryServer server;

    @BeforeEach
    void start() throws Exception {
        f = VerifyFixtures.write(tmp);
        server = LoopbackRegistryServer.serve(f.snapshot());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun verify() {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of("verify", f.project().toString(),
                "--registry", server.baseUrl().toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--trusted-root", f.trustedRoot().toString(), "--npm-keys", f.npmKeys().toString(),
                "--timeout", "1", "--retries", "1", "--format", "json"));
    }

    @Test
    void withoutFaultsTheLoopbackRegistryVerifies() throws Exception {
        CliRun run = verify();
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals("VERIFIED", JSON.readTree(run.out()).at("/packages/1/status").asText());
    }

    @Test
    void offlineUsesOnlyTheCacheAndAnUncachedPackageIsUnverifiable() throws Exception {
        assertEquals(0, verify().exitCode());
        long online = server.requests().size();
        server.close();
        CliRun offline = CliRun.of("verify", f.project().toString(), "--offline",
                "--cache-dir", tmp.resolve("cache").toString(), "--trusted-root", f.trustedRoot().toString(),
                "--npm-keys", f.npmKeys().toString(), "--registry", server.baseUrl().toString(), "--format", "json");
        assertEquals(0, offline.exitCode(), offline.err() + offline.out());
        assertEquals("VERIFIED", JSON.readTree(offline.out()).at("/packages/1/status").asText());
        assertEquals(online, server.requests().size(), "offline asked the network");
        CliRun cold = CliRun.of("verify", f.project().toString(), "--offline",
                "--cache-dir", tmp.resolve("empty-cache").toString(), "--trusted-root", f.trustedRoot().toString(),
                "--npm-keys", f.npmKeys().toString(), "--registry", server.baseUrl().toString(), "--format", "json");
        assertEquals(3, cold.exitCode(), cold.err());
        assertEquals(2, JSON.readTree(cold.out()).at("/summary/unverifiable").asInt());
        // One line for the whole run, saying how to fill the cache, not a warning per package.
        List<String> lines = cold.err().lines().filter(l -> l.contains("offline")).toList();
        assertEquals(1, lines.size(), cold.err());
        assertTrue(lines.get(0).contains("the cache lacks packuments") && lines.get(0).contains("run once without --offline")
                && lines.get(0).endsWith("2 packages are unverifiable"), lines.get(0));
        assertEquals(1, JSON.readTree(cold.out()).at("/summary/warnings").asInt(), cold.out());
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("timeout", PACKUMENT, new Fault.Delay(Duration.ofSeconds(5))),
                Arguments.of("500", PACKUMENT, new Fault.Status(500, Optional.empty(), 100)),
                Arguments.of("429 Retry-After", PACKUMENT, new Fault.Status(429, Optional.of("1"), 100)),
                Arguments.of("truncated", PACKUMENT, new Fault.Truncated()),
                Arguments.of("stalled body", PACKUMENT, new Fault.StallBody(Duration.ofSeconds(5))),
                Arguments.of("invalid JSON", PACKUMENT, new Fault.InvalidJson()),
                Arguments.of("redirect to another host", PACKUMENT,
                        new Fault.Redirect(302, "http://localhost.invalid:1/prov-pkg")),
                Arguments.of("attestation URL on another origin", PACKUMENT,
                        new Fault.ForeignAttestationUrl("https://attacker.example")),
                Arguments.of("attestations 500", ATTESTATIONS, new Fault.Status(500, Optional.empty(), 100)),
                Arguments.of("attestations truncated", ATTESTATIONS, new Fault.Truncated()),
                Arguments.of("attestations invalid JSON", ATTESTATIONS, new Fault.InvalidJson()),
                Arguments.of("attestations oversized", ATTESTATIONS, new Fault.Oversized(9L * 1024 * 1024, true)),
                Arguments.of("attestations oversized, undeclared", ATTESTATIONS,
                        new Fault.Oversized(9L * 1024 * 1024, false)),
                Arguments.of("attestations timeout", ATTESTATIONS, new Fault.Delay(Duration.ofSeconds(5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachFaultEndsUnverifiableWithExitThree(String label, String path, Fault fault) throws Exception {
        server.fault(path, fault);
        CliRun run = verify();
        assertEquals(3, run.exitCode(), label + ": " + run.err() + run.out());
        JsonNode report = JSON.readTree(run.out());
        JsonNode prov = report.at("/packages/1");
        assertEquals("prov-pkg", prov.get("name").asText());
        assertEquals("UNVERIFIABLE", prov.get("status").asText(), label + ": " + prov);
        assertTrue(report.at("/summary/verified").asInt() == 0, label);
        // The untouched package is still checked normally.
        assertEquals("NO_PROVENANCE", report.at("/packages/0/status").asText(), label);
    }
}
