package dev.trustlock.core.attest;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything the cryptography established about one published version: its attestations
 * (provenance and publish) and its registry signature. {@link #overall()} is the one place where
 * the two become the package's verdict; the evidence level rules compare is derived from the
 * same two parts (see {@code EvidenceLevel.effective}).
 */
public record ReleaseCheck(VerificationResult attestations, SignatureCheck registrySignature) {

    public ReleaseCheck {
        Objects.requireNonNull(attestations, "attestations");
        Objects.requireNonNull(registrySignature, "registrySignature");
    }

    /**
     * A forgery in either part is INVALID; then anything that could not be checked is
     * UNVERIFIABLE, with one exception: a registry that publishes no keys takes nothing away from
     * verified provenance, which binds name, version and digest by itself. A registry signature
     * by an unknown key leaves even verified provenance UNVERIFIABLE: the registry's own record
     * of the version is then unchecked, and the trust material is probably stale.
     */
    public VerificationResult overall() {
        if (attestations.status() == VerificationStatus.INVALID) {
            return attestations;
        }
        if (registrySignature.status() == VerificationStatus.INVALID) {
            return fromSignature();
        }
        if (attestations.status() == VerificationStatus.UNVERIFIABLE) {
            return attestations;
        }
        boolean unsignedRegistryWithProvenance = attestations.verified()
                && registrySignature.code() == ReasonCode.REGISTRY_UNSIGNED;
        if (registrySignature.status() == VerificationStatus.UNVERIFIABLE && !unsignedRegistryWithProvenance) {
            return fromSignature();
        }
        return attestations;
    }

    private VerificationResult fromSignature() {
        return new VerificationResult(registrySignature.code(), registrySignature.reason(), attestations.identity(),
                attestations.attestations(), Optional.empty());
    }

    public boolean provenanceVerified() {
        return attestations.verified();
    }

    public boolean registrySignatureVerified() {
        return registrySignature.verified();
    }
}
