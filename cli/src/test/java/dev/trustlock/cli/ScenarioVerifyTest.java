package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.registry.LoopbackRegistryServer;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance demo, end to end through the CLI with the committed scenario snapshots (no
 * network): the axios 1.14.1 lockfile fails with the incident's findings, the 1.14.0 one passes,
 * and a new patch on a line that never had provenance is no downgrade.
 */
class ScenarioVerifyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AXIOS = "scenarios/axios-2026-03-31/";
    private static final String OLD_LINE = "scenarios/old-line-no-provenance/";

    @TempDir
    Path tmp;

    private static CliRun verifyJson(String project, String snapshot) {
        return CliRun.run("verify", Fixtures.testdata(project).toString(),
                CliRun.snapshot(Fixtures.testdata(snapshot).toString()), "--format", "json");
    }

    /** "package@version rule severity" for every finding in the report. */
    private static Set<String> findings(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            out.add(f.path("package").asText() + "@" + f.path("version").asText() + " " + f.path("ruleId").asText()
                    + " " + f.path("severity").asText());
        }
        return out;
    }

    private static JsonNode pkg(JsonNode report, String name) {
        for (JsonNode p : report.path("packages")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no package " + name + " in the report");
    }

    @Test
    void compromisedLockfileFailsWithTheIncidentFindings() throws Exception {
        CliRun run = verifyJson(AXIOS + "compromised", AXIOS + "snapshot");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
        assertEquals(1, run.exitCode());
        JsonNode report = JSON.readTree(run.out());
        Set<String> found = findings(report);
        // What a reviewer of the incident would list: weaker evidence than the whole 1.x line,
        // a different publisher (name kept, e-mail changed), no gitHead, the new dependency, and
        // that dependency's install-time script.
        for (String expected : Set.of("axios@1.14.1 trust-downgrade error", "axios@1.14.1 publisher-change",
                "axios@1.14.1 git-head-missing", "axios@1.14.1 new-dependency",
                "plain-crypto-js@4.2.1 new-install-script")) {
            assertTrue(found.stream().anyMatch(f -> f.startsWith(expected)), expected + " missing from " + found);
        }
        Set<String> flagged = new TreeSet<>();
        found.forEach(f -> flagged.add(f.substring(0, f.indexOf(' '))));
        assertEquals(Set.of("axios@1.14.1", "plain-crypto-js@4.2.1"), flagged);
        assertTrue(report.toString().contains("plain-crypto-js@^4.2.1"), "the new dependency is named");

        JsonNode axios = pkg(report, "axios");
        assertEquals("1.14.1", axios.path("version").asText());
        assertFalse(axios.path("status").asText().equals("VERIFIED"));
        assertEquals("registry-signature", axios.path("evidence").asText());
        assertEquals(12, report.path("summary").path("packages").asInt());
    }

    @Test
    void cleanLockfilePassesWithAxiosVerifiedFromItsWorkflow() throws Exception {
        CliRun run = verifyJson(AXIOS + "clean", AXIOS + "snapshot");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err() + run.out());
        assertEquals(0, run.exitCode());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(Set.of(), findings(report));
        JsonNode axios = pkg(report, "axios");
        assertEquals("1.14.0", axios.path("version").asText());
        assertEquals("VERIFIED", axios.path("status").asText());
        assertEquals("trusted-publisher", axios.path("evidence").asText());
        assertTrue(axios.toString().contains("https://github.com/axios/axios/.github/workflows/publish.yml@refs/tags/v1.14.0"),
                axios.toString());
        assertEquals(11, report.path("summary").path("packages").asInt());
        assertEquals(1, report.path("summary").path("verified").asInt());
    }

    @Test
    void newPatchOnAnOldLineWithoutProvenancePasses() throws Exception {
        CliRun run = verifyJson(OLD_LINE + "project", OLD_LINE + "snapshot");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        JsonNode report = JSON.readTree(run.out());
        // Judged at the snapshot's time, the patch is hours old: a note, nothing more.
        assertEquals(Set.of("oldline-lib@0.9.2 release-age note"), findings(report));
        assertEquals("0.9.2", pkg(report, "oldline-lib").path("version").asText());
    }

    @Test
    void compromisedLockfileIsOnlyReportedWhenTheGateIsOff() {
        CliRun run = CliRun.run("verify", Fixtures.testdata(AXIOS + "compromised").toString(),
                CliRun.snapshot(Fixtures.testdata(AXIOS + "snapshot").toString()), "--fail-on", "never");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("trust-downgrade"), run.out());
    }

    /**
     * The same answers served over HTTP by a loopback registry give the same verdicts, and a
     * snapshot recorded from it with {@code trustlock fetch} re-verifies offline to the same
     * findings: the demo is not an artefact of the snapshot reader.
     */
    @Test
    void liveLoopbackRegistryAndAFetchedSnapshotGiveTheSameFindings() throws Exception {
        Set<String> fromSnapshot = findings(JSON.readTree(verifyJson(AXIOS + "compromised", AXIOS + "snapshot").out()));
        assertTrue(fromSnapshot.size() >= 5, fromSnapshot.toString());
        Path trust = Fixtures.testdata(AXIOS + "snapshot/trust");
        String project = Fixtures.testdata(AXIOS + "compromised").toString();
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(Fixtures.testdata(AXIOS + "snapshot"))) {
            String[] registry = {"--registry", server.baseUrl().toString(), "--cache-dir", tmp.resolve("cache").toString(),
                    "--trusted-root", trust.resolve("trusted_root.json").toString(),
                    "--npm-keys", trust.resolve("keys.json").toString(), "--timeout", "5", "--retries", "1"};
            CliRun live = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of(concat(
                    new String[] {"verify", project, "--format", "json", "--at", "2026-03-31T03:00:00Z"}, registry)));
            assertEquals(1, live.exitCode(), live.err());
            assertEquals(fromSnapshot, findings(JSON.readTree(live.out())));

            Path recorded = tmp.resolve("recorded");
            CliRun fetch = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of(concat(
                    new String[] {"fetch", project, "-o", recorded.toString()}, registry)));
            assertEquals(0, fetch.exitCode(), fetch.err());
            // The fetched snapshot records today; judged at the incident's time it finds the same.
            CliRun again = CliRun.run("verify", project, CliRun.snapshot(recorded.toString()), "--format", "json",
                    "--at", "2026-03-31T03:00:00Z");
            assertEquals(1, again.exitCode(), again.err());
            assertEquals(fromSnapshot, findings(JSON.readTree(again.out())));
        }
    }

    /** Every report format (all of them: a new one is tried here) gates the same way: the compromised lockfile fails, the clean one passes. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ReportFormats.Format.class)
    void everyFormatGatesTheDemoTheSameWay(ReportFormats.Format f) {
        String format = f.name();
        String snapshot = Fixtures.testdata(AXIOS + "snapshot").toString();
        CliRun bad = CliRun.run("verify", Fixtures.testdata(AXIOS + "compromised").toString(), CliRun.snapshot(snapshot),
                "--format", format);
        assertEquals(1, bad.exitCode(), bad.err());
        assertTrue(bad.out().contains("trust-downgrade") && bad.out().contains("plain-crypto-js"), bad.out());
        CliRun good = CliRun.run("verify", Fixtures.testdata(AXIOS + "clean").toString(), CliRun.snapshot(snapshot),
                "--format", format);
        assertEquals(0, good.exitCode(), good.err());
        assertFalse(good.out().contains("plain-crypto-js"), good.out());
    }

    /**
     * Trust on first use: a policy pinned from the clean lockfile lets the clean one through and
     * adds a policy error for 1.14.1, which lacks the trusted publisher the policy now requires.
     */
    @Test
    void policyPinnedFromTheCleanLockfileAlsoRejectsTheCompromisedOne() throws Exception {
        String snapshot = Fixtures.testdata(AXIOS + "snapshot").toString();
        Path policy = tmp.resolve("trustlock.yaml");
        CliRun init = CliRun.run("policy", "init", Fixtures.testdata(AXIOS + "clean").toString(), CliRun.snapshot(snapshot),
                "-o", policy.toString());
        assertEquals(0, init.exitCode(), init.err());
        String pinned = java.nio.file.Files.readString(policy);
        assertTrue(pinned.contains("https://github.com/axios/axios") && pinned.contains(".github/workflows/publish.yml"),
                pinned);

        CliRun clean = CliRun.run("verify", Fixtures.testdata(AXIOS + "clean").toString(), CliRun.snapshot(snapshot),
                "--policy", policy.toString(), "--format", "json");
        assertEquals(0, clean.exitCode(), clean.err() + clean.out());
        assertEquals(Set.of(), findings(JSON.readTree(clean.out())));

        CliRun bad = CliRun.run("verify", Fixtures.testdata(AXIOS + "compromised").toString(), CliRun.snapshot(snapshot),
                "--policy", policy.toString(), "--format", "json");
        assertEquals(1, bad.exitCode(), bad.err());
        Set<String> found = findings(JSON.readTree(bad.out()));
        assertTrue(found.contains("axios@1.14.1 evidence-below-policy error"), found.toString());
        assertTrue(found.contains("axios@1.14.1 trust-downgrade error"), found.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
