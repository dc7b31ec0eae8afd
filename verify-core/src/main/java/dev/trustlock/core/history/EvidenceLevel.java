package dev.trustlock.core.history;

import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;

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
     * What the cryptography proved, never what the metadata advertises: nothing after a forgery;
     * verified provenance (trusted-publisher when the registry also marks the publish as an OIDC
     * one, a flag no signature covers, so it can only ever refine verified provenance); else a
     * verified registry signature; else nothing. Provenance that could not be checked (an
     * unknown log key, an unsupported bundle) counts as absent, whatever the packument says.
     */
    public static EvidenceLevel effective(ReleaseCheck check, boolean trustedPublisherMarker) {
        if (check.overall().status() == VerificationStatus.INVALID) {
            return NONE;
        }
        if (check.provenanceVerified()) {
            return trustedPublisherMarker ? TRUSTED_PUBLISHER : PROVENANCE;
        }
        return check.registrySignatureVerified() ? REGISTRY_SIGNATURE_ONLY : NONE;
    }

    /**
     * An earlier release compared with: its attestations were verified but not its registry
     * signature. Verified provenance counts as it does for the release itself; otherwise only
     * the unchecked signature is claimed.
     */
    public static EvidenceLevel ofAttestations(VerificationResult attestations, ReleaseRecord r) {
        if (attestations.verified()) {
            return r.trustedPublisher() ? TRUSTED_PUBLISHER : PROVENANCE;
        }
        return r.advertised().weakerThan(REGISTRY_SIGNATURE_ONLY) ? r.advertised() : REGISTRY_SIGNATURE_ONLY;
    }
}
