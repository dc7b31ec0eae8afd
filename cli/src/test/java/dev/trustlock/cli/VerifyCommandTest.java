package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.verify.VerifyFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trustlock verify against a snapshot: exit codes, trust-material choice, formats, SBOM input. */
class VerifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    VerifyFixtures.Layout f;

    @BeforeEach
    void fixture() {
        f = VerifyFixtures.write(tmp);
    }

    private CliRun verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", f.project().toString()));
        args.addAll(List.of(CliRun.snapshot(f.snapshot())));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aProjectWhosePackagesVerifyPassesWithTheTrustMaterialNamed() {
        CliRun run = verify();
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("prov-pkg"), run.out());
        assertTrue(run.out().contains("VERIFIED"), run.out());
    }

    @Test
    void hole8_aDoctoredSnapshotStopsTheRunWithOneLineNamingTheFile() throws Exception {
        Path packument = f.snapshot().resolve(dev.trustlock.core.registry.SnapshotNames.packumentFile("prov-pkg"));
        java.nio.file.Files.writeString(packument, java.nio.file.Files.readString(packument).replace("1.1.0", "1.1.1"));
        Path report = tmp.resolve("report.json");
        CliRun run = verify("--format", "json", "-o", report.toString());
        assertEquals(2, run.exitCode(), run.err() + run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(packument.toString()) && run.err().contains("sha256"), run.err());
        assertFalse(java.nio.file.Files.exists(report), "a report was written");
    }

    @Test
    void hole3_aSnapshotIsNeverATrustAnchor() throws Exception {
        // The snapshot carries the test PKI under trust/; unnamed, it is ignored and the bundled
        // public-good root does not know the test CA: never a pass.
        CliRun run = CliRun.of("verify", f.project().toString(), "--snapshot", f.snapshot().toString(),
                "--format", "json");
        JsonNode prov = JSON.readTree(run.out()).at("/packages/1");
        assertEquals("prov-pkg", prov.get("name").asText());
        assertFalse(prov.get("status").asText().equals("VERIFIED"), prov.toString());
        assertTrue(run.exitCode() == 1 || run.exitCode() == 3, run.err());
        // Only one half named: the other is the bundled one, not the snapshot's.
        CliRun half = CliRun.of("verify", f.project().toString(), "--snapshot", f.snapshot().toString(),
                "--trusted-root", f.trustedRoot().toString(), "--format", "json");
        assertFalse(JSON.readTree(half.out()).at("/packages/1/status").asText().equals("VERIFIED"), half.out());
        assertFalse(half.err().contains("trust material"), half.err());
    }

    @Test
    void aPolicyRequiringProvenanceFailsTheSignatureOnlyPackage() throws Exception {
        Path policy = tmp.resolve("trustlock.yaml");
        Files.writeString(policy, "version: 1\nrequire: provenance\n");
        CliRun run = verify("--policy", policy.toString(), "--format", "json");
        assertEquals(1, run.exitCode(), run.err() + run.out());
        JsonNode report = JSON.readTree(run.out());
        JsonNode findings = report.get("findings");
        assertTrue(findings.size() >= 1);
        for (JsonNode x : findings) {
            if (!x.get("severity").asText().equals("note")) {
                assertEquals("plain-pkg", x.get("package").asText(), x.toString());
            }
        }
        assertEquals(0, verify("--policy", policy.toString(), "--fail-on", "never").exitCode());
    }

    @Test
    void jsonGoesToTheOutputFileAtomicallyWithASummaryOnStderr() throws Exception {
        Path out = tmp.resolve("out/report.json");
        Files.createDirectories(out.getParent());
        CliRun run = verify("--format", "json", "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(2, JSON.readTree(out.toFile()).get("packages").size());
        assertTrue(run.err().contains("2 packages, 1 verified"), run.err());
        assertEquals("trustlock: 2 packages, 1 verified, 0 unverifiable, 0 errors, 0 warnings; report in " + out,
                run.err().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void aCycloneDxSbomIsVerifiedLikeTheLockfileItDescribes() throws Exception {
        Path sbom = tmp.resolve("bom.cdx.json");
        CliRun made = CliRun.of("sbom", f.project().toString(), "-o", sbom.toString());
        assertEquals(0, made.exitCode(), made.err());
        CliRun run = CliRun.run("verify", sbom.toString(), CliRun.snapshot(f.snapshot().toString()), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals("VERIFIED", report.at("/packages/1/status").asText());
        assertEquals("NO_PROVENANCE", report.at("/packages/0/status").asText());
        Path renamed = Files.copy(sbom, tmp.resolve("bom.cdx"));
        assertEquals(0, CliRun.run("verify", renamed.toString(), CliRun.snapshot(f.snapshot().toString())).exitCode());
    }

    @Test
    void everyFormatRendersTheSameRunWithTheSameExitCode() throws Exception {
        JsonNode sarif = JSON.readTree(verify("--format", "sarif").out());
        assertEquals("2.1.0", sarif.get("version").asText());
        // Results point at the lockfile inside the directory given, not at the directory.
        assertTrue(sarif.toString().contains("package-lock.json"), sarif.toString());
        CliRun junit = verify("--format", "junit");
        assertEquals(0, junit.exitCode(), junit.err());
        assertTrue(junit.out().contains("<testsuite") && junit.out().contains("prov-pkg"), junit.out());
        CliRun cdx = verify("--format", "cyclonedx");
        assertEquals(0, cdx.exitCode(), cdx.err());
        JsonNode bom = JSON.readTree(cdx.out());
        assertEquals("CycloneDX", bom.get("bomFormat").asText());
        assertTrue(bom.toString().contains("trustlock:"), "components carry trustlock: properties");
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, CliRun.of("verify", tmp.resolve("nothing-here").toString()).exitCode());
        assertEquals(2, verify("--format", "xml").exitCode());
        assertEquals(2, verify("--offline").exitCode());
        assertEquals(2, CliRun.of("verify", f.project().toString(), "--snapshot", tmp.resolve("no-snapshot").toString())
                .exitCode());
        CliRun plainHttp = CliRun.of("verify", f.project().toString(), "--registry", "http://registry.example");
        assertEquals(2, plainHttp.exitCode());
        assertTrue(plainHttp.err().contains("must use https"), plainHttp.err());
    }
}
