package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.IdentityMismatchRule;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.detect.RequiredEvidenceRule;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.detect.VerificationInvalidRule;
import dev.trustlock.core.detect.VerificationUnverifiableRule;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.Packuments;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IdentityMismatchRuleTest {

    private final PackageHistory axios = Packuments.history("axios");
    private final IdentityMismatchRule rule = new IdentityMismatchRule();

    private static PackagePolicy axiosPolicy(Optional<RefPattern> ref) {
        return new PackagePolicy(new NamePattern("axios"), Optional.of("https://github.com/axios/axios"),
                Optional.of(".github/workflows/publish.yml"), ref, Optional.of(Identities.GITHUB_ISSUER),
                Optional.of("github-hosted"), false, Optional.empty());
    }

    private static Policy policy(PackagePolicy... entries) {
        return new Policy(List.of(entries), Optional.empty(), Optional.empty(), Severity.WARNING, List.of());
    }

    private final Policy policy = policy(axiosPolicy(Optional.of(RefPattern.glob("refs/tags/v*"))));

    private List<Finding> check(PublishIdentity identity, Policy p) {
        return rule.check(CheckTarget.of("1.14.0", axios, Optional.of(Identities.verified(identity)), true), p);
    }

    private static Map<String, String> mismatches(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(f -> f.evidence().get("field"), f -> f.evidence().get("actual")));
    }

    @Test
    void expectedIdentityPasses() {
        assertEquals(List.of(), check(Identities.axios("1.14.0"), policy));
    }

    @Test
    void cosmeticDifferencesInTheRepositoryUriAreNotMismatches() {
        PublishIdentity id = Identities.axios("1.14.0").toBuilder()
                .sourceRepositoryUri("https://github.com/Axios/axios.git").build();
        assertEquals(List.of(), check(id, policy));
    }

    @Test
    void provenanceFromAForkIsAMismatch() {
        PublishIdentity fork = Identities.github("attacker/axios", ".github/workflows/publish.yml", "refs/tags/v1.14.0").build();
        List<Finding> f = check(fork, policy);
        assertEquals(Map.of("repository", "https://github.com/attacker/axios"), mismatches(f));
        assertEquals(Severity.ERROR, f.get(0).severity());
        assertEquals("https://github.com/axios/axios", f.get(0).evidence().get("expected"));
    }

    @Test
    void otherWorkflowRefIssuerAndRunnerAreEachReported() {
        PublishIdentity id = Identities.github("axios/axios", ".github/workflows/ci.yml", "refs/heads/feature")
                .issuer("https://gitlab.com").runnerEnvironment("self-hosted").build();
        assertEquals(Map.of("workflow", ".github/workflows/ci.yml", "ref", "refs/heads/feature",
                "issuer", "https://gitlab.com", "runnerEnvironment", "self-hosted"), mismatches(check(id, policy)));
    }

    @Test
    void aFieldTheCertificateDoesNotRecordIsAMismatch() {
        PublishIdentity legacy = PublishIdentity.builder().issuer(Identities.GITHUB_ISSUER)
                .sourceRepositoryUri("https://github.com/axios/axios").workflow(".github/workflows/publish.yml")
                .ref("refs/tags/v1.14.0").build();
        List<Finding> f = check(legacy, policy);
        assertEquals(Map.of("runnerEnvironment", "(not recorded)"), mismatches(f));
    }

    @Test
    void refRegexIsMatchedAgainstTheWholeRef() {
        Policy p = policy(axiosPolicy(Optional.of(RefPattern.regex("refs/tags/v1\\.[0-9]+\\.[0-9]+"))));
        assertEquals(List.of(), check(Identities.axios("1.14.0"), p));
        PublishIdentity suffixed = Identities.github("axios/axios", ".github/workflows/publish.yml",
                "refs/tags/v1.14.0-evil").build();
        assertEquals(Map.of("ref", "refs/tags/v1.14.0-evil"), mismatches(check(suffixed, p)));
    }

    @Test
    void unverifiedIdentitiesAreNotCompared() {
        PublishIdentity fork = Identities.github("attacker/axios", ".github/workflows/publish.yml", "refs/tags/v1").build();
        ReleaseCheck invalid = new ReleaseCheck(new VerificationResult(ReasonCode.SCT_INVALID,
                ReasonCode.SCT_INVALID.sentence(), Optional.of(fork), List.of(), Optional.empty()), Identities.SIGNED);
        assertEquals(List.of(), rule.check(CheckTarget.of("1.14.0", axios, Optional.of(invalid), true), policy));
        // ... but the package still fails: the verification rule and the required evidence report it.
        Evaluation e = new ReleaseChecks(policy, java.time.LocalDate.of(2026, 4, 1))
                .check(CheckTarget.of("1.14.0", axios, Optional.of(invalid), true));
        assertEquals(java.util.Set.of(VerificationInvalidRule.ID, RequiredEvidenceRule.ID, TrustDowngradeRule.ID),
                AxiosIncidentTest.ruleIds(e));
    }

    @Test
    void packagesWithoutAnEntryOrWithoutIdentityExpectationsAreNotCompared() {
        PublishIdentity fork = Identities.github("attacker/axios", ".github/workflows/publish.yml", "refs/tags/v1").build();
        assertEquals(List.of(), check(fork, Policy.EMPTY));
        Policy onlyLevel = policy(new PackagePolicy(new NamePattern("axios"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.of(EvidenceLevel.PROVENANCE)));
        assertEquals(List.of(), check(fork, onlyLevel));
    }

    @Test
    void theMostSpecificEntryApplies() {
        PackagePolicy all = new PackagePolicy(new NamePattern("**"), Optional.of("https://github.com/nobody/none"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());
        Policy p = policy(all, axiosPolicy(Optional.empty()));
        assertEquals(List.of(), check(Identities.axios("1.14.0"), p));
        assertEquals("**", p.forPackage("left-pad").orElseThrow().pattern().pattern());
    }

    @Test
    void trustedPublisherRequirementFailsAHandPublish() {
        PackagePolicy tp = new PackagePolicy(new NamePattern("axios"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty());
        List<Finding> f = new RequiredEvidenceRule().check(CheckTarget.of("1.14.1", axios, Optional.empty(), false),
                policy(tp));
        assertEquals(1, f.size());
        assertEquals("trusted-publisher", f.get(0).evidence().get("required"));
        assertTrue(new RequiredEvidenceRule().check(CheckTarget.of("1.14.0", axios, Optional.empty(), false),
                policy(tp)).isEmpty());
    }
}
