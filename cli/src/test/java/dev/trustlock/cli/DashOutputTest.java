package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code -o -} is standard output for every command that writes a document, never a file named "-". */
class DashOutputTest {

    private static final String S = "scenarios/false-positive-classes/";

    @Test
    void sbomAndVerifyAndPolicyInitWriteToStdout() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        CliRun sbom = CliRun.of("sbom", Fixtures.testdata(S + "project").toString(), "-o", "-");
        assertEquals(0, sbom.exitCode(), sbom.err());
        assertEquals("CycloneDX", new ObjectMapper().readTree(sbom.out()).path("bomFormat").asText());

        CliRun verify = CliRun.run("verify", Fixtures.testdata(S + "project").toString(),
                CliRun.snapshot(Fixtures.testdata(S + "snapshot").toString()), "--format", "json", "-o", "-");
        assertEquals(0, verify.exitCode(), verify.err());
        assertEquals(3, new ObjectMapper().readTree(verify.out()).path("packages").size());
        assertFalse(verify.err().contains("report in"), verify.err());

        CliRun init = CliRun.run("policy", "init", Fixtures.testdata(S + "project").toString(),
                CliRun.snapshot(Fixtures.testdata(S + "snapshot").toString()), "-o", "-");
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().contains("version: 1"), init.out());

        assertFalse(Files.exists(cwd.resolve("-")), "a file named - was written");
    }
}
