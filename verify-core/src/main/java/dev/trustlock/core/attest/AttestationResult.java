package dev.trustlock.core.attest;

import java.util.Objects;

/** The outcome for one attestation of a package (provenance, publish, or another predicate). */
public record AttestationResult(String predicateType, VerificationStatus status, ReasonCode code, String reason) {

    public AttestationResult {
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    static AttestationResult of(String predicateType, ReasonCode code, String detail) {
        return new AttestationResult(predicateType, code.status(), code, code.describe(detail));
    }
}
