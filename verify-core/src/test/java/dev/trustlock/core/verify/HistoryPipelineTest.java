package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.LeafCertificates.GithubIdentity;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Fault;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Options;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.detect.IdentityChangeRule;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.detect.UnverifiedHistoryRule;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history rules through the whole pipeline: verify verifies the earlier releases it compares
 * with (their provenance, from the registry), and only what verified is a baseline. prov-pkg 1.0.0
 * (a day before) and 1.1.0 are trusted publishes of HostileRegistry.
 */
class HistoryPipelineTest {

    private static TestPki pki;
    private static TrustMaterial trust;
    private static final GithubIdentity ATTACKER = new GithubIdentity("attacker", "prov-pkg",
            ".github/workflows/publish.yml", "refs/tags/v1.1.0", "0123456789abcdef0123456789abcdef01234567", "release",
            "424242", "434343", 7L);

    @BeforeAll
    static void trust(@TempDir Path dir) throws Exception {
        pki = TestPki.shared();
        var files = pki.writeTrust(dir);
        trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
    }

    private static PackageVerdict prov(HostileRegistry registry) {
        VerifyReport r = new VerifyRun(registry, trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), 2)
                .run(HostileRegistry.project(), "project", "t", Instant.EPOCH, RunProgress.NONE);
        return r.packages().stream().filter(p -> p.name().equals(HostileRegistry.PROV)).findFirst().orElseThrow();
    }

    private static List<Finding> of(PackageVerdict v, String rule) {
        return v.findings().stream().filter(f -> f.ruleId().equals(rule)).toList();
    }

    @Test
    void provenanceFromAnotherRepositoryThanTheVerifiedEarlierReleaseIsAnIdentityChange() {
        PackageVerdict same = prov(new HostileRegistry(pki));
        assertEquals(VerificationStatus.VERIFIED, same.status(), same.reason());
        assertEquals(List.of(), of(same, IdentityChangeRule.ID));

        PackageVerdict moved = prov(new HostileRegistry(pki).attestations(HostileRegistry.PROV, "1.1.0",
                new Options().leaf(LeafSpec.standard().withIdentity(ATTACKER))));
        assertEquals(VerificationStatus.VERIFIED, moved.status(), moved.reason());
        Finding f = of(moved, IdentityChangeRule.ID).get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("https://github.com/attacker/prov-pkg", f.evidence().get("repository.now"));
        assertEquals("1.0.0", f.evidence().get("compared"));
    }

    @Test
    void anEarlierReleaseWhoseProvenanceIsForgedIsNoBaselineAndTheReportSaysSo() {
        PackageVerdict moved = prov(new HostileRegistry(pki)
                .attestations(HostileRegistry.PROV, "1.0.0", new Options().provenanceFault(Fault.DSSE_SIGNATURE_FLIPPED))
                .attestations(HostileRegistry.PROV, "1.1.0", new Options().leaf(LeafSpec.standard().withIdentity(ATTACKER))));
        assertEquals(List.of(), of(moved, IdentityChangeRule.ID));
        Finding note = of(moved, UnverifiedHistoryRule.ID).get(0);
        assertTrue(note.message().contains("1.0.0: DSSE_SIGNATURE_INVALID"), note.message());
    }

    /** prov-pkg 1.0.0 three days before 1.1.0, and 1.0.5 two days before it, attested with {@code options}. */
    private static HostileRegistry withRelease105(Options options) {
        return new HostileRegistry(pki)
                .packument(HostileRegistry.PROV, p -> ((ObjectNode) p.get("time")).put("1.0.0",
                        HostileRegistry.PUBLISHED.minusSeconds(3 * 86_400).toString()))
                .provRelease("1.0.5", HostileRegistry.PUBLISHED.minusSeconds(2 * 86_400))
                .attestations(HostileRegistry.PROV, "1.0.5", options);
    }

    @Test
    void theLookBackGoesPastAnotherBuildToTheLinesOwn() {
        // A project may alternate: 1.0.5 came from elsewhere, 1.0.0 from the same build as 1.1.0.
        // Stopping at the first earlier release would call 1.1.0 an identity change.
        PackageVerdict v = prov(withRelease105(new Options().leaf(LeafSpec.standard().withIdentity(ATTACKER))));
        assertEquals(VerificationStatus.VERIFIED, v.status(), v.reason());
        assertEquals(List.of(), of(v, IdentityChangeRule.ID), v.findings().toString());
        assertEquals(List.of(), of(v, UnverifiedHistoryRule.ID), v.findings().toString());
    }

    @Test
    void anEarlierReleaseOfTheSameBuildWhoseProvenanceIsForgedDoesNotEndTheLookBack() {
        // 1.0.5 names the same build as 1.1.0 but its signature is broken: no baseline; the look
        // back goes on to 1.0.0, which verifies, so there is a baseline and nothing to note.
        PackageVerdict v = prov(withRelease105(new Options().provenanceFault(Fault.DSSE_SIGNATURE_FLIPPED)));
        assertEquals(VerificationStatus.VERIFIED, v.status(), v.reason());
        assertEquals(List.of(), of(v, UnverifiedHistoryRule.ID), v.findings().toString());
        assertEquals(List.of(), of(v, IdentityChangeRule.ID), v.findings().toString());

        // And with 1.1.0 from elsewhere, the finding compares with both, the forged one not among them.
        PackageVerdict moved = prov(withRelease105(new Options().provenanceFault(Fault.DSSE_SIGNATURE_FLIPPED))
                .attestations(HostileRegistry.PROV, "1.1.0", new Options().leaf(LeafSpec.standard().withIdentity(ATTACKER))));
        assertEquals("1.0.0", of(moved, IdentityChangeRule.ID).get(0).evidence().get("compared"));
    }

    @Test
    void theLookBackVerifiesAtMostThreeEarlierReleasesHoweverManyAreForged() {
        // An attacker who controls a mirror can forge every old attestation of a long line; each
        // costs a verification, so the look back stops after the three most recent.
        HostileRegistry registry = new HostileRegistry(pki).packument(HostileRegistry.PROV, p -> ((ObjectNode) p.get("time"))
                .put("1.0.0", HostileRegistry.PUBLISHED.minusSeconds(9 * 86_400).toString()));
        Options forged = new Options().provenanceFault(Fault.DSSE_SIGNATURE_FLIPPED);
        registry.attestations(HostileRegistry.PROV, "1.0.0", forged);
        for (int i = 1; i <= 5; i++) {
            registry.provRelease("1.0." + i, HostileRegistry.PUBLISHED.minusSeconds((8 - i) * 86_400L))
                    .attestations(HostileRegistry.PROV, "1.0." + i, forged);
        }
        Finding note = of(prov(registry), UnverifiedHistoryRule.ID).get(0);
        assertEquals(List.of("earlier.1.0.3", "earlier.1.0.4", "earlier.1.0.5"), note.evidence().keySet().stream().toList(),
                note.message());
    }

    @Test
    void aDowngradeIsClaimedOnlyAgainstProvenanceThatVerified() {
        HostileRegistry stripped = new HostileRegistry(pki).version(HostileRegistry.PROV, "1.1.0", v -> {
            ((ObjectNode) v.get("dist")).remove("attestations");
            ((ObjectNode) v.get("_npmUser")).remove("trustedPublisher");
        });
        assertEquals("1.0.0", of(prov(stripped), TrustDowngradeRule.ID).get(0).evidence().get("lastStrongVersion"));
        HostileRegistry strippedAndForged = new HostileRegistry(pki).version(HostileRegistry.PROV, "1.1.0", v -> {
            ((ObjectNode) v.get("dist")).remove("attestations");
            ((ObjectNode) v.get("_npmUser")).remove("trustedPublisher");
        }).attestations(HostileRegistry.PROV, "1.0.0", new Options().provenanceFault(Fault.SET_SIGNATURE_FLIPPED));
        PackageVerdict v = prov(strippedAndForged);
        assertEquals(List.of(), of(v, TrustDowngradeRule.ID), v.findings().toString());
        assertFalse(v.status() == VerificationStatus.VERIFIED);
    }
}
