package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * verify on GitHub's SPDX export of the compromised axios project: the same verdict as on its
 * lockfile, and the GitHub Action in it counted and listed as skipped in every report.
 */
class SbomInputsCliTest {

    private static final String SPDX = Fixtures.testdata("sboms/axios-compromised.spdx.json").toString();
    private static final String[] SNAPSHOT = CliRun.snapshot(Fixtures.testdata("scenarios/axios-2026-03-31/snapshot"));
    private static final String ACTION = "pkg:githubactions/actions/checkout@4";

    @Test
    void spdxFromGitHubFlagsAxiosAndListsWhatItSkipped() throws Exception {
        CliRun text = CliRun.run("verify", SPDX, SNAPSHOT, "--no-policy");
        assertEquals(1, text.exitCode(), text.err());
        assertTrue(text.out().contains("axios@1.14.1  trust-downgrade"), text.out());
        assertTrue(text.out().contains("Skipped 1 component that is not an npm package: " + ACTION), text.out());
        assertTrue(text.err().contains("skipping 1 component that is not an npm package"), text.err());

        CliRun json = CliRun.run("verify", SPDX, SNAPSHOT, "--no-policy", "--format", "json");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertEquals(ACTION, report.path("skipped").path(0).asText());
        assertEquals(12, report.path("summary").path("packages").asInt());

        CliRun sarif = CliRun.run("verify", SPDX, SNAPSHOT, "--no-policy", "--format", "sarif");
        JsonNode run = new ObjectMapper().readTree(sarif.out()).path("runs").path(0);
        assertEquals(ACTION, run.path("properties").path("skipped").path(0).asText());
    }
}
