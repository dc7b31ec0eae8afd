package dev.trustlock.core.attest;

import java.util.Objects;
import java.util.Optional;

/** Outcome of verifying one standalone Sigstore bundle; identity is read from its certificate. */
public record BundleVerification(ReasonCode code, String reason, Optional<PublishIdentity> identity,
        Optional<String> predicateType) {

    public BundleVerification {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(predicateType, "predicateType");
    }

    public VerificationStatus status() {
        return code.status();
    }

    public boolean verified() {
        return status() == VerificationStatus.VERIFIED;
    }
}
