package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Exemption;
import dev.trustlock.core.policy.NamePattern;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.RunProgress;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A finding a policy exception waives is not dropped: SARIF keeps it as a result with a
 * suppression carrying the exception's reason and expiry (what code scanning shows as dismissed),
 * JSON lists it with the exception, the text report says which exception waived what.
 */
class SuppressionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static VerifyReport axiosWithTheDowngradeWaived() throws Exception {
        Path s = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot");
        Exemption waiver = new Exemption(0, new NamePattern("axios"), Optional.of("1.14.1"),
                Optional.of(TrustDowngradeRule.ID), "the maintainers confirmed the hand publish", LocalDate.of(2026, 4, 30));
        Policy policy = new Policy(List.of(), Optional.empty(), Optional.empty(), Severity.WARNING, List.of(waiver));
        SnapshotRegistry snapshot = SnapshotRegistry.open(s);
        return new VerifyRun(snapshot, TrustMaterial.load(s.resolve("trust/trusted_root.json"), s.resolve("trust/keys.json")),
                policy, LocalDate.of(2026, 4, 1), snapshot.created(), 1)
                .run(Lockfiles.read(Fixtures.testdata("scenarios/axios-2026-03-31/compromised"), Optional.empty()),
                        "package-lock.json", "trustlock 0.1.0", snapshot.created(), RunProgress.NONE);
    }

    @Test
    void sarifKeepsTheWaivedFindingAsASuppressedResult() throws Exception {
        VerifyReport report = axiosWithTheDowngradeWaived();
        assertEquals(1, report.suppressed().size());
        assertTrue(report.findings().stream().noneMatch(f -> f.ruleId().equals(TrustDowngradeRule.ID)));
        String sarif = new SarifRenderer().render(report);
        assertEquals(List.of(), SarifRendererTest.sarifSchema().validate(sarif, InputFormat.JSON));
        JsonNode suppressedResult = null;
        for (JsonNode r : JSON.readTree(sarif).path("runs").get(0).path("results")) {
            if (r.path("ruleId").asText().equals(TrustDowngradeRule.ID)) {
                suppressedResult = r;
            }
        }
        assertTrue(suppressedResult != null, "the waived finding is still a result");
        JsonNode suppression = suppressedResult.path("suppressions").get(0);
        assertEquals("external", suppression.path("kind").asText());
        assertEquals("accepted", suppression.path("status").asText());
        assertEquals("the maintainers confirmed the hand publish (policy exceptions[0], expires 2026-04-30)",
                suppression.path("justification").asText());
        // The gate does not count it.
        assertTrue(Gate.ERROR.failing(report.findings()).stream().noneMatch(f -> f.ruleId().equals(TrustDowngradeRule.ID)));
    }

    @Test
    void jsonAndTextSayWhatWasWaivedAndByWhich() throws Exception {
        VerifyReport report = axiosWithTheDowngradeWaived();
        JsonNode json = JSON.readTree(new JsonReportRenderer().render(report));
        try (InputStream in = Files.newInputStream(Fixtures.repoRoot().resolve("schemas/verify-report.schema.json"))) {
            assertEquals(List.of(), SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in)
                    .validate(json));
        }
        JsonNode entry = json.path("suppressed").get(0);
        assertEquals(TrustDowngradeRule.ID, entry.path("finding").path("ruleId").asText());
        assertEquals(0, entry.path("exception").path("index").asInt());
        assertEquals("2026-04-30", entry.path("exception").path("expires").asText());
        String text = new TextTableRenderer(false).render(report);
        assertTrue(text.contains("Suppressed by policy exceptions:\n  axios@1.14.1  trust-downgrade (error) by exceptions[0],"
                + " expires 2026-04-30: the maintainers confirmed the hand publish"), text);
    }
}
