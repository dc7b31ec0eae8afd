package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.CorrelatedSignals;
import dev.trustlock.core.detect.MissingGitHeadRule;
import dev.trustlock.core.detect.NewDependencyRule;
import dev.trustlock.core.detect.NewInstallScriptRule;
import dev.trustlock.core.detect.PublisherChangeRule;
import dev.trustlock.core.detect.ReleaseAgeRule;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.detect.RequiredEvidenceRule;
import dev.trustlock.core.detect.RunContext;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.detect.VerificationInvalidRule;
import dev.trustlock.core.detect.VerificationUnverifiableRule;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.Packuments;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The axios compromise of 2026-03-31, reconstructed: 1.x published by a GitHub Actions trusted
 * publisher with provenance and gitHead, then 1.14.1 hand-published by the maintainer account
 * with a new e-mail, no provenance, no gitHead and a new dependency plain-crypto-js, whose 4.2.1
 * adds a postinstall script.
 */
class AxiosIncidentTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 4, 1);
    private final PackageHistory axios = Packuments.history("axios");
    private final PackageHistory plainCrypto = Packuments.history("plain-crypto-js");
    private final ReleaseChecks checks = new ReleaseChecks(Policy.EMPTY, TODAY);

    /** The lockfile of the compromise: axios 1.14.1 and the payload it pulls in, judged the day after. */
    private CheckTarget compromised(Optional<ReleaseCheck> check) {
        RunContext run = new RunContext(Instant.parse("2026-04-01T00:00:00Z"),
                Map.of("axios", axios, "plain-crypto-js", plainCrypto),
                Map.of("axios", List.of("1.14.1"), "plain-crypto-js", List.of("4.2.1")));
        return CheckTarget.of("1.14.1", axios, check, true, Map.of(), run);
    }

    @Test
    void compromisedReleaseIsReportedOnEveryCount() {
        Evaluation e = checks.check(compromised(Optional.empty()));
        assertEquals(Set.of(TrustDowngradeRule.ID, PublisherChangeRule.ID, MissingGitHeadRule.ID, NewDependencyRule.ID,
                ReleaseAgeRule.ID, CorrelatedSignals.ID), ruleIds(e));

        Finding correlated = only(e, CorrelatedSignals.ID);
        assertEquals(Severity.ERROR, correlated.severity());
        assertEquals("git-head-missing, new-dependency, publisher-change, release-age, trust-downgrade",
                correlated.evidence().get("signals"));

        Finding downgrade = only(e, TrustDowngradeRule.ID);
        assertEquals(Severity.ERROR, downgrade.severity());
        assertEquals("1.14.0", downgrade.evidence().get("lastStrongVersion"));
        assertEquals("trusted-publisher", downgrade.evidence().get("lastStrongEvidence"));
        assertEquals("registry-signature", downgrade.evidence().get("evidence"));
        assertEquals("1", downgrade.evidence().get("line"));

        Finding publisher = only(e, PublisherChangeRule.ID);
        assertEquals("ifstap@proton.me", publisher.evidence().get("publisherEmail"));
        assertEquals("jasonsaayman", publisher.evidence().get("publisherName"));
        assertEquals(Severity.NOTE, publisher.severity()); // a new e-mail alone; a signal in the correlation
        assertTrue(publisher.message().contains("an e-mail never used for axios"), publisher.message());

        assertEquals("1.14.0", only(e, MissingGitHeadRule.ID).evidence().get("lastVersionWithGitHead"));

        Finding dep = only(e, NewDependencyRule.ID);
        assertEquals(Severity.WARNING, dep.severity());
        assertTrue(dep.message().contains("plain-crypto-js@4.2.1 runs postinstall at install"), dep.message());
        assertEquals("plain-crypto-js", dep.evidence().get("dependency"));
        assertEquals("1.14.0", dep.evidence().get("previousVersion"));
        assertEquals("axios", dep.packageName());
        assertEquals("1.14.1", dep.version());
    }

    @Test
    void lastGoodReleaseHasNoFindings() {
        Evaluation e = checks.check(CheckTarget.of("1.14.0", axios, Optional.empty(), true));
        assertEquals(List.of(), e.findings());
    }

    @Test
    void everyEarlierReleaseIsCleanToo() {
        for (String v : List.of("0.30.1", "0.30.2", "1.12.2", "1.13.0", "1.13.1")) {
            assertEquals(List.of(), checks.check(CheckTarget.of(v, axios, Optional.empty(), true)).findings(), v);
        }
    }

    @Test
    void payloadPackageAddsAnInstallScript() {
        Evaluation e = checks.check(CheckTarget.of("4.2.1", plainCrypto, Optional.empty(), false));
        assertEquals(Set.of(NewInstallScriptRule.ID), ruleIds(e));
        Finding f = only(e, NewInstallScriptRule.ID);
        assertEquals("postinstall", f.evidence().get("script"));
        assertEquals("node setup.js", f.evidence().get("command"));
        assertEquals("4.2.0", f.evidence().get("previousVersion"));
        // Its first release has nothing to compare with.
        assertEquals(List.of(), checks.check(CheckTarget.of("4.2.0", plainCrypto, Optional.empty(), false)).findings());
    }

    @Test
    void verificationResultsDoNotHideTheIncident() {
        // The crypto check of 1.14.1 finds no provenance; the findings stay the same.
        ReleaseCheck none = Identities.of(ReasonCode.NO_ATTESTATIONS);
        Evaluation e = checks.check(compromised(Optional.of(none)));
        assertEquals(Set.of(TrustDowngradeRule.ID, PublisherChangeRule.ID, MissingGitHeadRule.ID, NewDependencyRule.ID,
                ReleaseAgeRule.ID, CorrelatedSignals.ID), ruleIds(e));
        // 1.14.0 verifies: still clean.
        ReleaseCheck ok = Identities.verified(Identities.axios("1.14.0"));
        assertEquals(List.of(), checks.check(CheckTarget.of("1.14.0", axios, Optional.of(ok), true)).findings());
    }

    @Test
    void tamperedProvenanceOnAGoodReleaseIsAnErrorAndADowngrade() {
        ReleaseCheck bad = Identities.of(ReasonCode.SUBJECT_DIGEST_MISMATCH);
        Evaluation e = checks.check(CheckTarget.of("1.14.0", axios, Optional.of(bad), true));
        assertEquals(Set.of(VerificationInvalidRule.ID, TrustDowngradeRule.ID), ruleIds(e));
        assertEquals("1.13.1", only(e, TrustDowngradeRule.ID).evidence().get("lastStrongVersion"));
    }

    @Test
    void policyMinimumForDirectDependenciesAddsAnError() {
        Policy p = new Policy(List.of(), Optional.of(dev.trustlock.core.history.EvidenceLevel.PROVENANCE),
                Optional.empty(), Severity.WARNING, List.of());
        ReleaseChecks strict = new ReleaseChecks(p, TODAY);
        Evaluation direct = strict.check(CheckTarget.of("1.14.1", axios, Optional.empty(), true));
        assertTrue(ruleIds(direct).contains(RequiredEvidenceRule.ID));
        Evaluation transitive = strict.check(CheckTarget.of("1.14.1", axios, Optional.empty(), false));
        assertFalse(ruleIds(transitive).contains(RequiredEvidenceRule.ID));
    }

    @Test
    void findingsAreInDeterministicOrder() {
        Evaluation e = checks.check(CheckTarget.of("1.14.1", axios, Optional.empty(), true));
        List<Finding> sorted = new java.util.ArrayList<>(e.findings());
        java.util.Collections.sort(sorted);
        assertEquals(sorted, e.findings());
        assertEquals(Severity.ERROR, e.findings().get(0).severity());
        assertEquals(e, checks.check(CheckTarget.of("1.14.1", axios, Optional.empty(), true)));
    }

    @Test
    void aVersionTheRegistryDoesNotListIsReported() {
        Evaluation e = checks.check(CheckTarget.of("1.99.0", axios, Optional.empty(), true));
        assertEquals(Set.of(ReleaseChecks.UNKNOWN_VERSION), ruleIds(e));
    }

    static Set<String> ruleIds(Evaluation e) {
        Set<String> ids = new TreeSet<>();
        e.findings().forEach(f -> ids.add(f.ruleId()));
        return ids;
    }

    static Finding only(Evaluation e, String ruleId) {
        List<Finding> matching = e.findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
        assertEquals(1, matching.size(), () -> ruleId + " in " + e.findings());
        return matching.get(0);
    }
}
