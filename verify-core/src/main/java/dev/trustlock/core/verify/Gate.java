package dev.trustlock.core.verify;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.detect.PipelineFindings;
import dev.trustlock.core.detect.VerificationUnverifiableRule;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import java.util.List;

/**
 * The one decision of whether a run passes, for the exit code and every renderer that says pass
 * or fail (JUnit): a finding at or above the {@code --fail-on} severity fails its package and the
 * run (exit 1); a package that could not be verified either way is an error of the run (exit 3),
 * outranked by a certain violation. Findings that only say "could not verify" belong to the
 * second kind, never the first.
 */
public enum Gate {
    /** Fail on errors (the default). */
    ERROR,
    /** Fail on warnings and errors. */
    WARNING,
    /** Report only: always exit 0. */
    NEVER;

    public static final int PASSED = 0;
    public static final int VIOLATION = 1;
    public static final int COULD_NOT_VERIFY = 3;

    /** What one package comes to under this gate. */
    public enum Outcome { PASS, FAIL, UNVERIFIABLE }

    /** The finding fails the run under this gate. */
    public boolean fails(Finding f) {
        if (this == NEVER || couldNotVerify(f)) {
            return false;
        }
        Severity threshold = this == WARNING ? Severity.WARNING : Severity.ERROR;
        return f.severity().compareTo(threshold) <= 0;
    }

    /** The findings of {@code findings} that fail the run, in order. */
    public List<Finding> failing(List<Finding> findings) {
        return findings.stream().filter(this::fails).toList();
    }

    /** A package fails when a finding of it fails; else it is unverifiable when its trust could not be established. */
    public Outcome outcome(PackageVerdict v) {
        if (v.findings().stream().anyMatch(this::fails)) {
            return Outcome.FAIL;
        }
        return v.status() == VerificationStatus.UNVERIFIABLE ? Outcome.UNVERIFIABLE : Outcome.PASS;
    }

    /** 0 passed, 1 a violation, 3 could not verify everything (never with {@link #NEVER}). */
    public int exitCode(VerifyReport report) {
        if (this == NEVER) {
            return PASSED;
        }
        if (report.findings().stream().anyMatch(this::fails)) {
            return VIOLATION;
        }
        boolean unverifiable = report.packages().stream().anyMatch(p -> p.status() == VerificationStatus.UNVERIFIABLE);
        return unverifiable ? COULD_NOT_VERIFY : PASSED;
    }

    private static boolean couldNotVerify(Finding f) {
        return f.ruleId().equals(PipelineFindings.REGISTRY_UNAVAILABLE) || f.ruleId().equals(PipelineFindings.REGISTRY_UNSIGNED)
                || f.ruleId().equals(VerificationUnverifiableRule.ID);
    }
}
