package dev.trustlock.core.attest;

import java.util.Objects;
import java.util.Optional;

/** Outcome of checking a package's registry signatures; keyid is the key that decided it. */
public record SignatureCheck(ReasonCode code, String reason, Optional<String> keyid) {

    public SignatureCheck {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(keyid, "keyid");
    }

    public VerificationStatus status() {
        return code.status();
    }

    public boolean verified() {
        return status() == VerificationStatus.VERIFIED;
    }

    public static SignatureCheck of(ReasonCode code, String detail, Optional<String> keyid) {
        return new SignatureCheck(code, code.describe(detail), keyid);
    }
}
