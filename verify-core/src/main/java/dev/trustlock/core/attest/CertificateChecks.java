package dev.trustlock.core.attest;

import dev.sigstore.encryption.certificates.transparency.CTLogInfo;
import dev.sigstore.encryption.certificates.transparency.CTVerificationResult;
import dev.sigstore.encryption.certificates.transparency.CTVerifier;
import dev.sigstore.encryption.certificates.transparency.VerifiedSCT;
import dev.trustlock.core.trust.CertificateAuthority;
import dev.trustlock.core.trust.TransparencyLog;
import dev.trustlock.core.trust.TrustMaterial;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Keyless checks on a Fulcio leaf: issued by a CA of the trusted root that was valid at the
 * integrated time, itself valid then, and carrying a valid embedded SCT from a trusted CT log.
 * Only the trusted root's certificates are used as issuers, never ones shipped in a bundle.
 */
final class CertificateChecks {

    static final String SCT_OID = "1.3.6.1.4.1.11129.2.4.2";

    private final TrustMaterial trust;
    private final CTVerifier ctVerifier;
    private final Map<String, TransparencyLog> ctLogsByHex = new HashMap<>();

    CertificateChecks(TrustMaterial trust) {
        this.trust = trust;
        Map<String, CTLogInfo> infos = new HashMap<>();
        for (TransparencyLog log : trust.ctLogs()) {
            infos.put(log.logIdHex(), new CTLogInfo(log.publicKey(), log.baseUrl(), log.baseUrl()));
            ctLogsByHex.put(log.logIdHex(), log);
        }
        this.ctVerifier = new CTVerifier(id -> infos.get(HexFormat.of().formatHex(id)));
    }

    /** Returns the issuing CA certificate once the leaf chains to a trusted CA valid at time t. */
    X509Certificate chain(X509Certificate leaf, Instant t) throws Failure {
        List<CertificateAuthority> sameIssuer = new ArrayList<>();
        for (CertificateAuthority ca : trust.certificateAuthorities()) {
            if (ca.issuing().getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                sameIssuer.add(ca);
            }
        }
        if (sameIssuer.isEmpty()) {
            throw new Failure(ReasonCode.CERT_CHAIN_UNTRUSTED, "issuer " + leaf.getIssuerX500Principal().getName());
        }
        boolean signatureOk = false;
        for (CertificateAuthority ca : sameIssuer) {
            if (!signedBy(leaf, ca.issuing())) {
                continue;
            }
            signatureOk = true;
            if (ca.validity().contains(t) && certsValidAt(ca.chain(), t)) {
                return ca.issuing();
            }
        }
        if (!signatureOk) {
            throw new Failure(ReasonCode.CERT_CHAIN_INVALID, "the leaf's signature does not verify with "
                    + leaf.getIssuerX500Principal().getName());
        }
        throw new Failure(ReasonCode.CA_NOT_VALID_AT_TIME, "at " + t);
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean certsValidAt(List<X509Certificate> certs, Instant t) {
        Date d = Date.from(t);
        for (X509Certificate c : certs) {
            try {
                c.checkValidity(d);
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                return false;
            }
        }
        return true;
    }

    static void leafValidAt(X509Certificate leaf, Instant t) throws Failure {
        try {
            leaf.checkValidity(Date.from(t));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new Failure(ReasonCode.CERT_NOT_VALID_AT_INTEGRATED_TIME, "certificate valid "
                    + leaf.getNotBefore().toInstant() + " .. " + leaf.getNotAfter().toInstant() + ", logged " + t);
        }
    }

    /** At least one embedded SCT must verify with a trusted CT log valid at the SCT's time. */
    void embeddedSct(X509Certificate leaf, X509Certificate issuer) throws Failure {
        if (leaf.getExtensionValue(SCT_OID) == null) {
            throw new Failure(ReasonCode.SCT_MISSING, "no SCT extension");
        }
        CTVerificationResult result;
        try {
            result = ctVerifier.verifySignedCertificateTimestamps(List.of(leaf, issuer), null, null);
        } catch (Exception e) {
            throw new Failure(ReasonCode.SCT_INVALID, "the SCT list cannot be decoded");
        }
        for (VerifiedSCT v : result.getValidSCTs()) {
            TransparencyLog log = ctLogsByHex.get(HexFormat.of().formatHex(v.sct.getLogID()));
            if (log != null && log.validity().contains(Instant.ofEpochMilli(v.sct.getTimestamp()))) {
                return;
            }
        }
        if (result.getValidSCTs().isEmpty() && !result.getInvalidSCTs().isEmpty()
                && result.getInvalidSCTs().stream().allMatch(v -> v.status == VerifiedSCT.Status.UNKNOWN_LOG)) {
            throw new Failure(ReasonCode.SCT_LOG_UNKNOWN, "log id "
                    + HexFormat.of().formatHex(result.getInvalidSCTs().get(0).sct.getLogID()));
        }
        if (result.getValidSCTs().isEmpty() && result.getInvalidSCTs().isEmpty()) {
            throw new Failure(ReasonCode.SCT_MISSING, "the SCT extension holds no timestamps");
        }
        throw new Failure(ReasonCode.SCT_INVALID, result.getValidSCTs().isEmpty()
                ? "signature does not verify" : "the CT log was not valid at the timestamp");
    }
}
