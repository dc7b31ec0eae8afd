package dev.trustlock.core.attest;

import dev.sigstore.encryption.certificates.transparency.CertificateEntry;
import dev.sigstore.encryption.certificates.transparency.Serialization;
import dev.sigstore.encryption.certificates.transparency.SignedCertificateTimestamp;
import dev.trustlock.core.trust.CertificateAuthority;
import dev.trustlock.core.trust.TransparencyLog;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.ByteBuffer;
import java.security.PublicKey;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyless checks on a Fulcio leaf: issued by a CA of the trusted root that was valid at the
 * integrated time, itself valid then, and carrying a valid embedded SCT from a trusted CT log.
 * Only the trusted root's certificates are used as issuers, never ones shipped in a bundle.
 */
final class CertificateChecks {

    static final String SCT_OID = "1.3.6.1.4.1.11129.2.4.2";

    private final TrustMaterial trust;
    private final Map<String, TransparencyLog> ctLogsByHex = new HashMap<>();

    CertificateChecks(TrustMaterial trust) {
        this.trust = trust;
        for (TransparencyLog log : trust.ctLogs()) {
            ctLogsByHex.put(log.logIdHex(), log);
        }
    }

    /**
     * A leaf's signature, checked at most once per issuer key. The bundle's own chain and the
     * trusted root name the same intermediate, and a bundle may carry several log entries: without
     * this the same P-384 check (the costliest of a bundle) ran twice or more per bundle. The result
     * is a function of the leaf, its signature and the key alone, so reusing it changes nothing.
     */
    static final class Leaf {
        private final X509Certificate cert;
        private final Map<PublicKey, Boolean> signedBy = new HashMap<>();

        Leaf(X509Certificate cert) {
            this.cert = cert;
        }

        X509Certificate cert() {
            return cert;
        }

        boolean signedBy(X509Certificate issuer) {
            return signedBy.computeIfAbsent(issuer.getPublicKey(), key -> Crypto.verifyCertificate(cert, key));
        }
    }

    /** Returns the issuing CA certificate once the leaf chains to a trusted CA valid at time t. */
    X509Certificate chain(Leaf signed, Instant t) throws Failure {
        X509Certificate leaf = signed.cert();
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
            if (!signed.signedBy(ca.issuing())) {
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

    /**
     * The certificates a bundle lists after its leaf are never trusted (issuers come from the
     * trusted root), but a list that does not chain, each signed by the next, is not a chain the
     * CA issued: refuse it rather than ignore it.
     */
    static void bundleChainLinks(Leaf leaf, List<X509Certificate> rest) throws Failure {
        X509Certificate child = leaf.cert();
        for (int i = 0; i < rest.size(); i++) {
            X509Certificate parent = rest.get(i);
            boolean linked = i == 0 ? leaf.signedBy(parent) : caSignedBy(child, parent);
            if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal()) || !linked) {
                throw new Failure(ReasonCode.BUNDLE_CHAIN_BROKEN, "certificate " + i + " of the chain is not signed by"
                        + " certificate " + (i + 1));
            }
            child = parent;
        }
    }

    /** CA links a bundle has verified, by the two certificates' encodings: every bundle repeats the same few. */
    private static final Map<List<ByteBuffer>, Boolean> CA_LINKS = new ConcurrentHashMap<>();
    private static final int CA_LINKS_KEPT = 64;

    /**
     * {@link #signedBy} for the CA certificates after the leaf: one Fulcio intermediate and root
     * for every bundle of a run, whose P-384 signature check would otherwise repeat per package
     * (a quarter of a whole verify's time). Only successful checks of byte-identical pairs are
     * remembered, and only a few, so a hostile input can neither poison nor grow it.
     */
    private static boolean caSignedBy(X509Certificate cert, X509Certificate issuer) {
        List<ByteBuffer> key;
        try {
            key = List.of(ByteBuffer.wrap(cert.getEncoded()), ByteBuffer.wrap(issuer.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
        if (CA_LINKS.containsKey(key)) {
            return true;
        }
        boolean ok = Crypto.verifyCertificate(cert, issuer.getPublicKey());
        if (ok && CA_LINKS.size() < CA_LINKS_KEPT) {
            CA_LINKS.put(key, Boolean.TRUE);
        }
        return ok;
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

    /** Fulcio issues code-signing leaves only; anything else is not a Sigstore signing certificate. */
    static void codeSigningUsage(X509Certificate leaf) throws Failure {
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && (ku.length == 0 || !ku[0])) {
            throw new Failure(ReasonCode.CERT_USAGE_INVALID, "no digitalSignature key usage");
        }
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new Failure(ReasonCode.CERT_MALFORMED, "unreadable extended key usage");
        }
        if (eku == null || !eku.contains("1.3.6.1.5.5.7.3.3")) {
            throw new Failure(ReasonCode.CERT_USAGE_INVALID, "no id-kp-codeSigning extended key usage");
        }
    }

    static void leafValidAt(X509Certificate leaf, Instant t) throws Failure {
        try {
            leaf.checkValidity(Date.from(t));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new Failure(ReasonCode.CERT_NOT_VALID_AT_INTEGRATED_TIME, "certificate valid "
                    + leaf.getNotBefore().toInstant() + " .. " + leaf.getNotAfter().toInstant() + ", logged " + t);
        }
    }

    /**
     * At least one embedded SCT must verify with a trusted CT log that was valid at the SCT's
     * time. The signed data is the precertificate TBS (the leaf without its SCT extension) and
     * the issuer key hash, rebuilt with sigstore-java's CT encoding helpers.
     */
    void embeddedSct(X509Certificate leaf, X509Certificate issuer) throws Failure {
        byte[] ext = leaf.getExtensionValue(SCT_OID);
        if (ext == null) {
            throw new Failure(ReasonCode.SCT_MISSING, "no SCT extension");
        }
        byte[][] list;
        CertificateEntry entry;
        try {
            byte[] tls = Serialization.readDEROctetString(Serialization.readDEROctetString(ext));
            list = Serialization.readList(tls, 2, 2);
            entry = CertificateEntry.createForPrecertificate(leaf, issuer);
        } catch (Exception e) {
            throw new Failure(ReasonCode.SCT_INVALID, "the SCT list cannot be decoded");
        }
        if (list.length == 0) {
            throw new Failure(ReasonCode.SCT_MISSING, "the SCT extension holds no timestamps");
        }
        String problem = null;
        String unknownLog = null;
        for (byte[] raw : list) {
            SignedCertificateTimestamp sct;
            byte[] tbs;
            try {
                sct = SignedCertificateTimestamp.decode(raw, SignedCertificateTimestamp.Origin.EMBEDDED);
                tbs = sct.encodeTBS(entry);
            } catch (Exception e) {
                problem = "an SCT cannot be decoded";
                continue;
            }
            String logId = HexFormat.of().formatHex(sct.getLogID());
            TransparencyLog log = ctLogsByHex.get(logId);
            if (log == null) {
                unknownLog = logId;
                continue;
            }
            if (!log.validity().contains(Instant.ofEpochMilli(sct.getTimestamp()))) {
                problem = log.baseUrl() + " was not valid at the SCT's time";
                continue;
            }
            if (Crypto.verify(log.publicKey(), tbs, sct.getSignature().getSignature())) {
                return;
            }
            problem = "the signature by " + log.baseUrl() + " does not verify";
        }
        if (problem == null && unknownLog != null) {
            throw new Failure(ReasonCode.SCT_LOG_UNKNOWN, "log id " + unknownLog);
        }
        throw new Failure(ReasonCode.SCT_INVALID, problem);
    }
}
