package dev.trustlock.core.attest;

/**
 * One machine-readable code per distinct outcome, each with the status it implies and a
 * one-sentence explanation. Codes are stable identifiers for JSON output and policies; the
 * sentences are for people.
 */
public enum ReasonCode {
    OK(VerificationStatus.VERIFIED, "all signatures, certificates, transparency-log proofs and subjects verified"),

    // Response level
    NO_ATTESTATIONS(VerificationStatus.NO_PROVENANCE, "the registry serves no attestations for this package"),
    PROVENANCE_MISSING(VerificationStatus.NO_PROVENANCE,
            "the attestations include no SLSA provenance attestation"),
    PREDICATE_TYPE_IGNORED(VerificationStatus.NO_PROVENANCE,
            "an attestation of a predicate type trustlock does not check; it neither adds nor removes trust"),
    PUBLISH_ATTESTATION_MISSING(VerificationStatus.INVALID,
            "the provenance comes without the npm publish attestation the registry adds to every provenance publish"),
    ATTESTATION_DUPLICATED(VerificationStatus.INVALID,
            "the response lists more than one attestation of the same kind, which the registry never does"),
    RESPONSE_MALFORMED(VerificationStatus.INVALID, "the attestations response is not a well-formed attestations document"),
    INTEGRITY_UNUSABLE(VerificationStatus.UNVERIFIABLE,
            "the package integrity has no sha512 value to compare with the attested digest"),

    // Bundle structure
    BUNDLE_MALFORMED(VerificationStatus.INVALID, "the Sigstore bundle is malformed"),
    MEDIA_TYPE_UNSUPPORTED(VerificationStatus.UNVERIFIABLE, "the Sigstore bundle media type is not supported"),
    PREDICATE_TYPE_MISMATCH(VerificationStatus.INVALID,
            "the predicate type in the signed statement differs from the one the registry lists"),
    PAYLOAD_TYPE_UNSUPPORTED(VerificationStatus.INVALID, "the DSSE payload type is not an in-toto statement"),
    STATEMENT_MALFORMED(VerificationStatus.INVALID, "the signed in-toto statement is malformed"),
    PROVENANCE_CERTIFICATE_MISMATCH(VerificationStatus.INVALID,
            "the SLSA provenance claims a repository, workflow, ref, commit, trigger, runner or run that the signing"
                    + " certificate does not certify"),

    // DSSE / keys
    DSSE_SIGNATURE_INVALID(VerificationStatus.INVALID,
            "the DSSE envelope signature does not verify against the signing certificate's key"),
    DSSE_SIGNATURE_COUNT(VerificationStatus.INVALID, "the DSSE envelope must carry exactly one signature"),
    PUBLISH_KEY_UNKNOWN(VerificationStatus.UNVERIFIABLE,
            "the publish attestation names an npm attestation key that is not in the trusted npm keys"),
    PUBLISH_KEY_NOT_VALID_AT_TIME(VerificationStatus.INVALID,
            "the npm attestation key was not valid when the publish attestation was logged"),
    PUBLISH_SIGNATURE_INVALID(VerificationStatus.INVALID,
            "the publish attestation's DSSE signature does not verify against the npm attestation key"),

    // Certificates
    CERT_MALFORMED(VerificationStatus.INVALID, "the signing certificate cannot be parsed"),
    CERT_CHAIN_UNTRUSTED(VerificationStatus.UNVERIFIABLE,
            "the signing certificate was not issued by a certificate authority in the trusted root"),
    CERT_CHAIN_INVALID(VerificationStatus.INVALID,
            "the signing certificate's chain to the trusted certificate authority does not verify"),
    BUNDLE_CHAIN_BROKEN(VerificationStatus.INVALID,
            "the certificates the bundle carries after the signing certificate do not form a chain"),
    CA_NOT_VALID_AT_TIME(VerificationStatus.INVALID,
            "the issuing certificate authority was not valid at the transparency-log time"),
    CERT_USAGE_INVALID(VerificationStatus.INVALID,
            "the signing certificate is not a code-signing certificate (key usage or extended key usage)"),
    CERT_NOT_VALID_AT_INTEGRATED_TIME(VerificationStatus.INVALID,
            "the signing certificate was not valid at the transparency-log integrated time"),
    SCT_MISSING(VerificationStatus.INVALID, "the signing certificate carries no signed certificate timestamp"),
    SCT_LOG_UNKNOWN(VerificationStatus.UNVERIFIABLE,
            "the certificate timestamp comes from a CT log that is not in the trusted root"),
    SCT_INVALID(VerificationStatus.INVALID, "the signed certificate timestamp does not verify"),
    IDENTITY_MISSING(VerificationStatus.INVALID,
            "the signing certificate lacks the subject alternative name or the OIDC issuer"),
    ISSUER_UNTRUSTED(VerificationStatus.INVALID,
            "the signing certificate's OIDC issuer is not an accepted CI provider"),

    // Transparency log
    TLOG_ENTRY_MISSING(VerificationStatus.INVALID, "the bundle holds no transparency-log entry"),
    TLOG_KIND_UNSUPPORTED(VerificationStatus.UNVERIFIABLE, "the transparency-log entry kind is not supported"),
    TLOG_BODY_MALFORMED(VerificationStatus.INVALID, "the transparency-log entry body is malformed"),
    TLOG_BODY_MISMATCH(VerificationStatus.INVALID,
            "the transparency-log entry does not record this envelope, signature or key"),
    TLOG_KEY_UNKNOWN(VerificationStatus.UNVERIFIABLE, "the transparency log is not in the trusted root"),
    TLOG_KEY_NOT_VALID_AT_TIME(VerificationStatus.INVALID,
            "the transparency log's key was not valid at the entry's integrated time"),
    SET_MISSING(VerificationStatus.UNVERIFIABLE,
            "the transparency-log entry has no signed entry timestamp; this version authenticates the log time only"
                    + " through one (RFC 3161 timestamps are not supported), so the bundle cannot be checked"),
    SET_INVALID(VerificationStatus.INVALID, "the signed entry timestamp does not verify with the log's key"),
    INCLUSION_PROOF_MISSING(VerificationStatus.INVALID,
            "this bundle version requires an inclusion proof and it is missing"),
    INCLUSION_PROOF_INVALID(VerificationStatus.INVALID,
            "the inclusion proof does not lead from the entry to the tree's root hash"),
    CHECKPOINT_INVALID(VerificationStatus.INVALID,
            "the transparency-log checkpoint is missing, malformed, unsigned by the log or for another root"),

    // Subject
    SUBJECT_NAME_MISMATCH(VerificationStatus.INVALID, "the attested subject names a different package"),
    SUBJECT_VERSION_MISMATCH(VerificationStatus.INVALID, "the attested subject names a different version"),
    SUBJECT_DIGEST_MISMATCH(VerificationStatus.INVALID,
            "the attested sha512 digest differs from the package integrity"),

    // Registry access (set by the verify pipeline, never by the verifiers)
    REGISTRY_UNAVAILABLE(VerificationStatus.UNVERIFIABLE,
            "the registry did not give a usable answer, so nothing about this package could be checked"),
    VERSION_NOT_IN_REGISTRY(VerificationStatus.UNVERIFIABLE,
            "the registry does not list this version of the package"),
    ATTESTATIONS_NOT_SERVED(VerificationStatus.UNVERIFIABLE,
            "the packument advertises attestations the registry does not serve"),

    // Registry signatures (dist.signatures)
    REGISTRY_SIGNATURE_MISSING(VerificationStatus.UNVERIFIABLE,
            "the package carries no registry signature and whether the registry signs could not be learnt"),
    REGISTRY_SIGNATURE_REQUIRED(VerificationStatus.INVALID,
            "the registry publishes signing keys but this version carries no registry signature"),
    REGISTRY_UNSIGNED(VerificationStatus.UNVERIFIABLE,
            "the registry publishes no signing keys, so nothing but provenance can attest to this version"),
    SIGNATURE_TIME_UNKNOWN(VerificationStatus.UNVERIFIABLE,
            "the registry signature is by a key that has since expired, and no signed or recorded publish time shows"
                    + " it was valid when it signed"),
    REGISTRY_KEY_UNKNOWN(VerificationStatus.UNVERIFIABLE,
            "the registry signature names a key that is not in the trusted npm keys"),
    REGISTRY_KEY_NOT_VALID_AT_TIME(VerificationStatus.INVALID,
            "the registry signing key was not valid when the package was published"),
    REGISTRY_SIGNATURE_INVALID(VerificationStatus.INVALID,
            "the registry signature does not verify over name@version:integrity");

    private final VerificationStatus status;
    private final String sentence;

    ReasonCode(VerificationStatus status, String sentence) {
        this.status = status;
        this.sentence = sentence;
    }

    /** The status this code implies wherever it is the deciding reason. */
    public VerificationStatus status() {
        return status;
    }

    /**
     * The registry presented nothing to check, so nothing about the evidence can be said either
     * way (unlike material that was presented and failed, which counts as no evidence).
     */
    public boolean registryGaveNothing() {
        return this == REGISTRY_UNAVAILABLE || this == ATTESTATIONS_NOT_SERVED;
    }

    /** The human sentence, without detail. */
    public String sentence() {
        return sentence;
    }

    /** The sentence followed by a short detail (which attestation, which key...), if any. */
    public String describe(String detail) {
        return detail == null || detail.isBlank() ? sentence : sentence + " (" + detail + ")";
    }
}
