package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON report carries every fact of the verdicts, under the schema's names, and nothing absent. */
class JsonReportRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyIdentityFieldAndFindingReachesTheReport() throws Exception {
        PublishIdentity id = PublishIdentity.builder().issuer("https://token.actions.githubusercontent.com")
                .san("https://github.com/o/r/.github/workflows/p.yml@refs/tags/v1").sourceRepositoryUri("https://github.com/o/r")
                .sourceRepositoryRef("refs/tags/v1").sourceRepositoryDigest("abc").workflow(".github/workflows/p.yml")
                .ref("refs/tags/v1").buildSignerUri("https://github.com/o/r/.github/workflows/p.yml@refs/tags/v1")
                .runnerEnvironment("github-hosted").buildTrigger("release").runInvocationUri("https://github.com/o/r/actions/runs/1/attempts/1")
                .predicateType("https://slsa.dev/provenance/v1").build();
        PackageVerdict verified = ReportSamples.verdict("a", "1.0.0", VerificationStatus.VERIFIED, ReasonCode.OK,
                EvidenceLevel.TRUSTED_PUBLISHER, Optional.of(id), ReportSamples.finding("publisher-change", Severity.WARNING,
                        "a", "1.0.0", "m", Map.of("k", "v")));
        PackageVerdict bare = new PackageVerdict("b", "2.0.0", "pkg:npm/b@2.0.0", Optional.empty(),
                ReasonCode.NO_ATTESTATIONS, "r", Optional.empty(), EvidenceLevel.NONE, List.of());
        VerifyReport report = VerifyReport.of("trustlock t", Instant.parse("2026-01-01T00:00:00Z"), "proj",
                List.of(verified, bare), List.of());
        JsonNode doc = JSON.readTree(new JsonReportRenderer().render(report));
        JsonNode identity = doc.at("/packages/0/identity");
        assertEquals(Map.ofEntries(Map.entry("issuer", id.issuer().get()), Map.entry("san", id.san().get()),
                Map.entry("sourceRepository", "https://github.com/o/r"), Map.entry("sourceRepositoryRef", "refs/tags/v1"),
                Map.entry("sourceRepositoryDigest", "abc"), Map.entry("workflow", ".github/workflows/p.yml"),
                Map.entry("ref", "refs/tags/v1"), Map.entry("buildSignerUri", id.buildSignerUri().get()),
                Map.entry("runnerEnvironment", "github-hosted"), Map.entry("buildTrigger", "release"),
                Map.entry("runInvocationUri", id.runInvocationUri().get()),
                Map.entry("predicateType", "https://slsa.dev/provenance/v1")), JSON.convertValue(identity, Map.class));
        assertEquals("publisher-change", doc.at("/packages/0/findings/0/ruleId").asText());
        assertEquals("v", doc.at("/packages/0/findings/0/evidence/k").asText());
        assertEquals("publisher-change", doc.at("/findings/0/ruleId").asText());
        assertEquals(ReportSamples.SHA512, doc.at("/packages/0/integrity").asText());
        JsonNode b = doc.at("/packages/1");
        assertFalse(b.has("identity") || b.has("integrity"), "absent values are left out: " + b);
        assertEquals("none", b.get("evidence").asText());
        assertEquals(1, doc.at("/summary/warnings").asInt());
        assertEquals(1, doc.at("/summary/verified").asInt());
    }
}
