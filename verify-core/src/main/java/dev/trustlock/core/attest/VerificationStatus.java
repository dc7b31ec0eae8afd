package dev.trustlock.core.attest;

/** What a verifier concluded about one package (or one attestation). */
public enum VerificationStatus {
    /** Every cryptographic and consistency check passed. */
    VERIFIED,
    /** The registry serves no provenance attestation for this package. */
    NO_PROVENANCE,
    /** A check failed: the material is forged, tampered with, or does not describe this package. */
    INVALID,
    /** Trust could not be established either way: missing key, unknown CA, unsupported format. */
    UNVERIFIABLE
}
