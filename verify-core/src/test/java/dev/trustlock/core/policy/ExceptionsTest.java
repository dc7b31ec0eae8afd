package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.CorrelatedSignals;
import dev.trustlock.core.detect.MissingGitHeadRule;
import dev.trustlock.core.detect.NewDependencyRule;
import dev.trustlock.core.detect.PublisherChangeRule;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.Packuments;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExceptionsTest {

    private static final LocalDate EXPIRES = LocalDate.of(2026, 6, 30);
    private final PackageHistory axios = Packuments.history("axios");
    private final CheckTarget compromised = CheckTarget.of("1.14.1", axios, Optional.empty(), true);

    private static Policy with(Exemption... e) {
        return new Policy(List.of(), Optional.empty(), Optional.empty(), Severity.WARNING, List.of(e));
    }

    private static Exemption downgradeWaiver() {
        return new Exemption(0, new NamePattern("axios"), Optional.of("1.14.1"), Optional.of(TrustDowngradeRule.ID),
                "reviewed", EXPIRES);
    }

    @Test
    void activeExceptionSuppressesOnlyWhatItNames() {
        Evaluation e = new ReleaseChecks(with(downgradeWaiver()), EXPIRES).check(compromised);
        assertEquals(Set.of(PublisherChangeRule.ID, MissingGitHeadRule.ID, NewDependencyRule.ID, CorrelatedSignals.ID),
                AxiosIncidentTest.ruleIds(e));
        assertEquals(1, e.suppressed().size());
        assertEquals(TrustDowngradeRule.ID, e.suppressed().get(0).finding().ruleId());
        assertEquals("reviewed", e.suppressed().get(0).exemption().reason());
    }

    @Test
    void expiredExceptionNoLongerAppliesAndIsReported() {
        ReleaseChecks checks = new ReleaseChecks(with(downgradeWaiver()), EXPIRES.plusDays(1));
        Evaluation e = checks.check(compromised);
        assertEquals(Set.of(TrustDowngradeRule.ID, PublisherChangeRule.ID, MissingGitHeadRule.ID, NewDependencyRule.ID,
                CorrelatedSignals.ID, ReleaseChecks.EXCEPTION_EXPIRED), AxiosIncidentTest.ruleIds(e));
        assertEquals(List.of(), e.suppressed());
        Finding expired = AxiosIncidentTest.only(e, ReleaseChecks.EXCEPTION_EXPIRED);
        assertEquals("2026-06-30", expired.evidence().get("expires"));
        assertEquals(List.of(downgradeWaiver()), checks.expiredExceptions());
    }

    @Test
    void exceptionForAnotherVersionOrPackageDoesNotApply() {
        Exemption otherVersion = new Exemption(0, new NamePattern("axios"), Optional.of("1.14.0"), Optional.empty(),
                "other", EXPIRES);
        Exemption otherPackage = new Exemption(1, new NamePattern("@axios/*"), Optional.empty(), Optional.empty(),
                "other", EXPIRES);
        Evaluation e = new ReleaseChecks(with(otherVersion, otherPackage), EXPIRES).check(compromised);
        assertEquals(5, e.findings().size());
        assertTrue(e.suppressed().isEmpty());
    }

    @Test
    void exceptionWithoutRuleOrVersionSuppressesEverythingForThePackage() {
        Exemption all = new Exemption(0, new NamePattern("axios"), Optional.empty(), Optional.empty(), "all", EXPIRES);
        Evaluation e = new ReleaseChecks(with(all), EXPIRES.minusDays(30)).check(compromised);
        assertEquals(List.of(), e.findings());
        assertEquals(5, e.suppressed().size());
    }
}
