package dev.trustlock.cli;

import dev.trustlock.core.detect.PipelineFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The gate's decision table: violations (1) outrank could-not-verify (3); --fail-on picks the threshold. */
class VerifyExitCodeTest {

    private static Finding finding(String rule, Severity s) {
        return new Finding(rule, s, "a", "1.0.0", "m", new TreeMap<>());
    }

    private static VerifyReport report(VerificationStatus status, Finding... findings) {
        ReasonCode code = status == VerificationStatus.UNVERIFIABLE ? ReasonCode.REGISTRY_UNAVAILABLE
                : status == VerificationStatus.VERIFIED ? ReasonCode.OK : ReasonCode.NO_ATTESTATIONS;
        PackageVerdict p = new PackageVerdict("a", "1.0.0", "pkg:npm/a@1.0.0", Optional.empty(), code, "r",
                Optional.empty(), EvidenceLevel.NONE, List.of(findings));
        return VerifyReport.of("t", Instant.EPOCH, "s", List.of(p), List.of());
    }

    private static int exit(VerifyReport r, JudgeOptions.FailOn f) {
        return f.gate().exitCode(r);
    }

    @Test
    void decisionTable() {
        VerifyReport clean = report(VerificationStatus.VERIFIED);
        VerifyReport warned = report(VerificationStatus.NO_PROVENANCE, finding("publisher-change", Severity.WARNING));
        VerifyReport failed = report(VerificationStatus.NO_PROVENANCE, finding("trust-downgrade", Severity.ERROR));
        VerifyReport unknown = report(VerificationStatus.UNVERIFIABLE,
                finding(PipelineFindings.REGISTRY_UNAVAILABLE, Severity.ERROR));
        VerifyReport both = report(VerificationStatus.UNVERIFIABLE, finding("trust-downgrade", Severity.ERROR),
                finding("verification-unverifiable", Severity.WARNING));
        VerifyReport noted = report(VerificationStatus.VERIFIED, finding("not-from-registry", Severity.NOTE));

        assertEquals(0, exit(clean, JudgeOptions.FailOn.error));
        assertEquals(0, exit(warned, JudgeOptions.FailOn.error));
        assertEquals(1, exit(warned, JudgeOptions.FailOn.warning));
        assertEquals(1, exit(failed, JudgeOptions.FailOn.error));
        assertEquals(0, exit(failed, JudgeOptions.FailOn.never));
        // Even a policy that makes "could not verify" an error does not turn it into a violation.
        assertEquals(3, exit(unknown, JudgeOptions.FailOn.error));
        assertEquals(3, exit(unknown, JudgeOptions.FailOn.warning));
        assertEquals(0, exit(unknown, JudgeOptions.FailOn.never));
        assertEquals(1, exit(both, JudgeOptions.FailOn.error));
        assertEquals(0, exit(noted, JudgeOptions.FailOn.warning));
    }
}
