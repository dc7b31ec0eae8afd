package dev.trustlock.core.verify;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import java.util.List;

/**
 * Counts over a report: packages by verification status, findings by severity (NOTE findings
 * are listed but not counted, they never gate).
 */
public record Summary(int packages, int verified, int noProvenance, int invalid, int unverifiable, int errors,
        int warnings) {

    public Summary {
        if (packages < 0 || verified < 0 || noProvenance < 0 || invalid < 0 || unverifiable < 0 || errors < 0
                || warnings < 0) {
            throw new IllegalArgumentException("summary counts cannot be negative");
        }
    }

    /** Counts the verdicts' statuses and the given findings' severities. */
    public static Summary of(List<PackageVerdict> packages, List<Finding> findings) {
        return new Summary(packages.size(),
                count(packages, VerificationStatus.VERIFIED),
                count(packages, VerificationStatus.NO_PROVENANCE),
                count(packages, VerificationStatus.INVALID),
                count(packages, VerificationStatus.UNVERIFIABLE),
                (int) findings.stream().filter(f -> f.severity() == Severity.ERROR).count(),
                (int) findings.stream().filter(f -> f.severity() == Severity.WARNING).count());
    }

    private static int count(List<PackageVerdict> packages, VerificationStatus status) {
        return (int) packages.stream().filter(p -> p.status() == status).count();
    }
}
