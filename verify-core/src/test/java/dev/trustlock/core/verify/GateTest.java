package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The one pass/fail decision: which findings fail the run, and what a certain violation outranks. */
class GateTest {

    private static Finding finding(String rule, Severity s) {
        return new Finding(rule, s, "p", "1.0.0", "m", new TreeMap<>());
    }

    private static PackageVerdict verdict(ReasonCode code, Finding... findings) {
        return new PackageVerdict("p", "1.0.0", "pkg:npm/p@1.0.0", Optional.empty(), code, "r", Optional.empty(),
                EvidenceLevel.NONE, List.of(findings));
    }

    private static VerifyReport report(PackageVerdict... v) {
        return VerifyReport.of("t", Instant.EPOCH, "s", List.of(v), List.of());
    }

    @Test
    void thresholdsAndTheFindingsThatOnlySayCouldNotVerify() {
        Finding error = finding("trust-downgrade", Severity.ERROR);
        Finding warning = finding("publisher-change", Severity.WARNING);
        Finding note = finding("git-head-missing", Severity.NOTE);
        Finding unverifiable = finding("verification-unverifiable", Severity.ERROR);
        Finding unavailable = finding("registry-unavailable", Severity.ERROR);
        assertTrue(Gate.ERROR.fails(error));
        assertFalse(Gate.ERROR.fails(warning));
        assertTrue(Gate.WARNING.fails(warning));
        assertFalse(Gate.WARNING.fails(note));
        assertFalse(Gate.NEVER.fails(error));
        assertFalse(Gate.ERROR.fails(unverifiable));
        assertFalse(Gate.WARNING.fails(unavailable));
        assertFalse(Gate.WARNING.fails(finding("registry-unsigned", Severity.WARNING)));
        assertEquals(List.of(error, warning), Gate.WARNING.failing(List.of(error, warning, note, unavailable)));
    }

    @Test
    void exitCodesAndOutcomesAgree() {
        PackageVerdict bad = verdict(ReasonCode.NO_ATTESTATIONS, finding("trust-downgrade", Severity.ERROR));
        PackageVerdict unchecked = verdict(ReasonCode.REGISTRY_UNAVAILABLE, finding("registry-unavailable", Severity.WARNING));
        PackageVerdict fine = verdict(ReasonCode.NO_ATTESTATIONS);
        assertEquals(Gate.Outcome.FAIL, Gate.ERROR.outcome(bad));
        assertEquals(Gate.Outcome.UNVERIFIABLE, Gate.ERROR.outcome(unchecked));
        assertEquals(Gate.Outcome.PASS, Gate.ERROR.outcome(fine));
        assertEquals(Gate.VIOLATION, Gate.ERROR.exitCode(report(bad, unchecked)), "a certain violation outranks");
        assertEquals(Gate.COULD_NOT_VERIFY, Gate.ERROR.exitCode(report(unchecked, fine)));
        assertEquals(Gate.PASSED, Gate.ERROR.exitCode(report(fine)));
        assertEquals(Gate.PASSED, Gate.NEVER.exitCode(report(bad, unchecked)));
    }
}
