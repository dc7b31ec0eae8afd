package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The detection scenarios of testdata/scenarios, end to end through the CLI with no policy and no
 * network: each attack fails the gate with the finding that names its tell, its clean lockfile
 * passes, and the known false-positive classes pass. Each is judged at its snapshot's recorded
 * time, hours after the malicious publish, as a pipeline running that day would; a week later the
 * same releases are still reported, below the default gate.
 */
class DetectionScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRun verify(String scenario, String project, String... extra) {
        return CliRun.run("verify", Fixtures.testdata("scenarios/" + scenario + "/" + project).toString(),
                CliRun.snapshot(Fixtures.testdata("scenarios/" + scenario + "/snapshot").toString()), "--format", "json",
                extra);
    }

    /** "package@version rule severity" of every finding. */
    private static Set<String> findings(CliRun run) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : JSON.readTree(run.out()).path("findings")) {
            out.add(f.path("package").asText() + "@" + f.path("version").asText() + " " + f.path("ruleId").asText()
                    + " " + f.path("severity").asText());
        }
        return out;
    }

    private static String message(CliRun run, String ruleId) throws Exception {
        for (JsonNode f : JSON.readTree(run.out()).path("findings")) {
            if (f.path("ruleId").asText().equals(ruleId)) {
                return f.path("message").asText();
            }
        }
        throw new AssertionError("no " + ruleId + " finding in " + run.out());
    }

    @Test
    void ciCompromiseWithValidProvenanceIsCaughtByItsBranchBuildAndGitDependency() throws Exception {
        CliRun run = verify("ci-compromise-2026-05", "compromised");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
        String v = "@routerkit/router-core@1.120.5 ";
        assertEquals(Set.of(v + "correlated-signals error", v + "workflow-change warning", v + "exotic-dependency warning",
                v + "publish-burst note", v + "release-age note"), findings(run));
        assertTrue(message(run, "workflow-change").contains("branch renovate/cache-fix, not a tag"),
                message(run, "workflow-change"));
        assertTrue(message(run, "exotic-dependency").contains("github:routerkit/router#5f0c6a7"));
        // The provenance itself is valid: the package verifies; what it certifies is what gives it away.
        assertEquals("VERIFIED", JSON.readTree(run.out()).path("packages").get(0).path("status").asText());
        assertEquals(ExitCodes.OK, verify("ci-compromise-2026-05", "clean").exitCode());
    }

    @Test
    void anInstallHookUnderTheUsualPublisherAndProvenanceIsCaught() throws Exception {
        CliRun run = verify("install-hook-2026-04", "compromised");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
        String v = "@capkit/db-service@2.3.1 ";
        assertEquals(Set.of(v + "new-install-script warning", v + "release-age note", v + "correlated-signals error"),
                findings(run));
        assertTrue(message(run, "new-install-script").contains("preinstall script that 2.3.0 did not have: node setup.mjs"));
        assertEquals(ExitCodes.OK, verify("install-hook-2026-04", "clean").exitCode());
    }

    @Test
    void aBindingGypAddedWithoutAnyScriptIsCaught() throws Exception {
        CliRun run = verify("binding-gyp-2026-08", "compromised");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
        assertTrue(message(run, "new-install-script").contains("binding.gyp"), message(run, "new-install-script"));
        assertEquals(ExitCodes.OK, verify("binding-gyp-2026-08", "clean").exitCode());
    }

    @Test
    void aTokenWormRepublishingEveryPackageIsCaughtOnEachOne() throws Exception {
        CliRun run = verify("token-worm-2025-09", "compromised");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
        Set<String> found = findings(run);
        for (String p : Set.of("@ctrlkit/tinycolour@4.1.1", "@ctrlkit/magnet-link@4.0.3", "@ctrlkit/torrent-file@4.1.1",
                "@ctrlkit/deluge-client@7.2.1", "@ctrlkit/shared-utils@2.0.1")) {
            assertTrue(found.contains(p + " new-install-script warning"), p + " " + found);
            assertTrue(found.contains(p + " publish-burst note"), p + " " + found);
            assertTrue(found.contains(p + " correlated-signals error"), p + " " + found);
        }
        assertTrue(message(run, "publish-burst").contains("5 packages of this lockfile published by scottc"));
        assertEquals(ExitCodes.OK, verify("token-worm-2025-09", "clean").exitCode());
    }

    @Test
    void aWeekLaterTheSameReleasesAreWarningsBelowTheDefaultGate() throws Exception {
        CliRun later = verify("install-hook-2026-04", "compromised", "--at", "2026-05-06T12:00:00Z");
        assertEquals(ExitCodes.OK, later.exitCode(), later.err());
        assertEquals(Set.of("@capkit/db-service@2.3.1 new-install-script warning"), findings(later));
        assertEquals(ExitCodes.FAILED, verify("install-hook-2026-04", "compromised", "--at", "2026-05-06T12:00:00Z",
                "--fail-on", "warning").exitCode());
    }

    @Test
    void aCooldownPolicyRefusesAReleaseYoungerThanIt() throws Exception {
        Path policy = Files.createTempFile("trustlock", ".yaml");
        try {
            Files.writeString(policy, "version: 1\nminimumReleaseAge: 3d\n");
            CliRun run = verify("false-positive-classes", "project", "--policy", policy.toString(),
                    "--at", "2026-03-06T10:00:00Z");
            assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
            assertTrue(findings(run).contains("tokenized-lib@2.0.2 release-age error"), findings(run).toString());
            assertTrue(message(run, "release-age").contains("under the policy's minimumReleaseAge 3d"));
        } finally {
            Files.delete(policy);
        }
    }

    @Test
    void knownFalsePositiveClassesPass() throws Exception {
        CliRun run = verify("false-positive-classes", "project");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        // A token publish from the trusted publisher's own workflow is shown, not held against it;
        // the staged publish and the move to trusted publishing are nothing.
        assertEquals(Set.of("tokenized-lib@2.0.2 trusted-publisher-dropped note"), findings(run));
        JsonNode staged = null;
        for (JsonNode p : JSON.readTree(run.out()).path("packages")) {
            if (p.path("name").asText().equals("staged-lib")) {
                staged = p;
            }
        }
        assertEquals("maria <maria@staged.example>", staged.path("approver").asText());
        assertTrue(CliRun.run("verify", Fixtures.testdata("scenarios/false-positive-classes/project").toString(),
                CliRun.snapshot(Fixtures.testdata("scenarios/false-positive-classes/snapshot").toString())).out()
                .contains("approved by maria"));
    }

    @Test
    void atMustBeATime() {
        CliRun run = verify("false-positive-classes", "project", "--at", "yesterday");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("--at must be an ISO-8601 time"), run.err());
    }
}
