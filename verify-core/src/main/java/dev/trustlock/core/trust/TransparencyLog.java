package dev.trustlock.core.trust;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A Rekor transparency log or a certificate-transparency log from the trusted root. logId is
 * the lowercase hex of the log ID bytes (SHA-256 of the DER public key for Rekor and CT logs).
 */
public record TransparencyLog(String baseUrl, String logIdHex, PublicKey publicKey, String keyDetails,
        Validity validity) {

    public TransparencyLog {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(logIdHex, "logIdHex");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(keyDetails, "keyDetails");
        Objects.requireNonNull(validity, "validity");
    }
}
