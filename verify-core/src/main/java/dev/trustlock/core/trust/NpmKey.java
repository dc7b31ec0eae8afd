package dev.trustlock.core.trust;

import java.security.PublicKey;
import java.util.Objects;

/**
 * An npm registry key: keyId like {@code SHA256:jl3b...}, usage {@link #SIGNATURES} (for
 * {@code dist.signatures}) or {@link #ATTESTATIONS} (for publish attestations), and the window in
 * which the registry used it. The same key id may appear once per usage with different windows.
 */
public record NpmKey(String keyId, String keyUsage, PublicKey publicKey, Validity validity) {

    public static final String SIGNATURES = "npm:signatures";
    public static final String ATTESTATIONS = "npm:attestations";

    public NpmKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyUsage, "keyUsage");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(validity, "validity");
    }
}
