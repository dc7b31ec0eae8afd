package dev.trustlock.core.attest;

import java.util.Objects;

/** One entry of a packument's {@code dist.signatures}: key id and base64 DER ECDSA signature. */
public record DistSignature(String keyid, String sig) {
    public DistSignature {
        Objects.requireNonNull(keyid, "keyid");
        Objects.requireNonNull(sig, "sig");
    }
}
