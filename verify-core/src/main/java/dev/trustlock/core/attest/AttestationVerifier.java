package dev.trustlock.core.attest;

import dev.trustlock.core.trust.TrustMaterial;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the body of {@code GET /-/npm/v1/attestations/<name>@<version>} for one package:
 * the SLSA provenance bundle and (when present) the npm publish attestation, offline, against
 * the given trust material. Thread-safe. Never throws on bad input: everything ends in a
 * {@link VerificationResult}, and nothing is VERIFIED unless every check passed.
 */
public final class AttestationVerifier {

    /** OIDC issuers npm accepts for provenance: GitHub Actions and GitLab CI. */
    public static final Set<String> DEFAULT_ACCEPTED_ISSUERS =
            Set.of("https://token.actions.githubusercontent.com", "https://gitlab.com");

    private final TrustMaterial trust;
    private final Set<String> acceptedIssuers;

    public AttestationVerifier(TrustMaterial trust) {
        this(trust, DEFAULT_ACCEPTED_ISSUERS);
    }

    /** With a different set of accepted OIDC issuers for the provenance certificate. */
    public AttestationVerifier(TrustMaterial trust, Set<String> acceptedIssuers) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.acceptedIssuers = Set.copyOf(acceptedIssuers);
    }

    public VerificationResult verify(PackageRef pkg, byte[] attestationsResponseBody) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
