package dev.trustlock.core.attest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one package: an overall status with the deciding reason, the publisher
 * identity (present whenever the provenance certificate could be read, so that even an INVALID
 * result can say who it claims to be from; trust it only when VERIFIED), and one result per
 * attestation, in the order the registry listed them.
 */
public record VerificationResult(VerificationStatus status, ReasonCode code, String reason,
        Optional<PublishIdentity> identity, List<AttestationResult> attestations) {

    public VerificationResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(identity, "identity");
        attestations = List.copyOf(attestations);
    }

    public boolean verified() {
        return status == VerificationStatus.VERIFIED;
    }

    static VerificationResult of(ReasonCode code, String detail) {
        return new VerificationResult(code.status(), code, code.describe(detail), Optional.empty(), List.of());
    }
}
