package dev.trustlock.core.history;

import dev.trustlock.core.attest.VerificationResult;

/**
 * How strongly a release's origin is evidenced, weakest first so that enum order is strength
 * order. The ranking follows pnpm's trust check: a trusted publisher (OIDC publish from CI,
 * no long-lived token) beats provenance alone, which beats a plain registry signature.
 */
public enum EvidenceLevel {
    NONE("none"),
    REGISTRY_SIGNATURE_ONLY("registry-signature"),
    PROVENANCE("provenance"),
    TRUSTED_PUBLISHER("trusted-publisher");

    private final String id;

    EvidenceLevel(String id) {
        this.id = id;
    }

    /** The spelling used in policy files and findings. */
    public String id() {
        return id;
    }

    public boolean weakerThan(EvidenceLevel other) {
        return compareTo(other) < 0;
    }

    public static java.util.Optional<EvidenceLevel> fromId(String id) {
        for (EvidenceLevel level : values()) {
            if (level.id.equals(id)) {
                return java.util.Optional.of(level);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * What the cryptographic result proves about a release whose metadata advertises
     * {@code advertised}. Verified provenance proves at least PROVENANCE (the trusted-publisher
     * flag is registry metadata the crypto cannot confirm or deny, so it is kept); a forged or
     * tampered attestation proves nothing; an absent one caps the level at a registry signature.
     * UNVERIFIABLE decides neither way, so the advertised level stands and the verification
     * rule reports that it could not be checked.
     */
    public static EvidenceLevel fromVerification(VerificationResult result, EvidenceLevel advertised) {
        return switch (result.status()) {
            case VERIFIED -> advertised.weakerThan(PROVENANCE) ? PROVENANCE : advertised;
            case INVALID -> NONE;
            case NO_PROVENANCE -> advertised.weakerThan(REGISTRY_SIGNATURE_ONLY) ? advertised : REGISTRY_SIGNATURE_ONLY;
            case UNVERIFIABLE -> advertised;
        };
    }
}
