package dev.trustlock.core.attest;

import java.util.Objects;

/** The outcome for one attestation of a package (provenance, publish, or another predicate). */
public record AttestationResult(String predicateType, ReasonCode code, String reason) {

    public AttestationResult {
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    public VerificationStatus status() {
        return code.status();
    }

    static AttestationResult of(String predicateType, ReasonCode code, String detail) {
        return new AttestationResult(predicateType, code, code.describe(detail));
    }
}
