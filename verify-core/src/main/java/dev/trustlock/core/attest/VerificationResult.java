package dev.trustlock.core.attest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one package: the deciding reason (its status follows from the code, so a code
 * declared INVALID can never be reported as anything else), the publisher identity (present
 * whenever the provenance certificate could be read, so that even an INVALID result can say who
 * it claims to be from; trust it only when VERIFIED), one result per attestation in the order
 * the registry listed them, and when verified, the time the transparency log recorded the
 * publish attestation: a signed upper bound on when the registry accepted the publish.
 */
public record VerificationResult(ReasonCode code, String reason, Optional<PublishIdentity> identity,
        List<AttestationResult> attestations, Optional<Instant> loggedAt) {

    public VerificationResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(loggedAt, "loggedAt");
        attestations = List.copyOf(attestations);
    }

    public VerificationStatus status() {
        return code.status();
    }

    public boolean verified() {
        return status() == VerificationStatus.VERIFIED;
    }

    /** A result with no identity or per-attestation detail, e.g. for a registry failure. */
    public static VerificationResult of(ReasonCode code, String detail) {
        return new VerificationResult(code, code.describe(detail), Optional.empty(), List.of(), Optional.empty());
    }
}
