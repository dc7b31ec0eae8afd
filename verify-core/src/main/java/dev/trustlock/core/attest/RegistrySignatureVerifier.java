package dev.trustlock.core.attest;

import dev.trustlock.core.trust.TrustMaterial;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a packument's {@code dist.signatures}: ECDSA P-256 / SHA-256 over
 * {@code <name>@<version>:<integrity>} with an npm key of usage npm:signatures that was valid
 * when the version was published. Thread-safe; never throws on bad input.
 */
public final class RegistrySignatureVerifier {

    private final TrustMaterial trust;

    public RegistrySignatureVerifier(TrustMaterial trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    public SignatureCheck verify(PackageRef pkg, List<DistSignature> signatures, Instant publishedAt) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
