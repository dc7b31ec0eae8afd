package dev.trustlock.core.attest.testpki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Fulcio-style leaf certificates for a GitHub Actions workflow identity, with an embedded SCT
 * made the way a CT log makes one for a precertificate: the log signs the RFC 6962
 * {@code precert_entry} (SHA-256 of the issuer's SubjectPublicKeyInfo + the leaf's TBSCertificate
 * without the SCT extension), and the SCT list is then added as the last extension. Because the
 * SCT extension is appended last and everything else is kept identical, removing it from the final
 * TBS yields exactly the signed precert TBS, which is what sigstore-java's {@code CTVerifier}
 * reconstructs.
 */
public final class LeafCertificates {

    public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
    private static final String FULCIO_OID = "1.3.6.1.4.1.57264.1.";
    private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    /** What the CT log does for the leaf. */
    public enum SctMode {
        /** A valid SCT from the trusted CT log. */
        VALID,
        /** No SCT extension at all. */
        NONE,
        /** A well-formed SCT signed by a CT log the trusted root does not list. */
        UNKNOWN_LOG,
        /** SCT from the trusted log's id but its signature covers a different TBS. */
        BAD_SIGNATURE
    }

    /** A GitHub Actions workflow run as Fulcio would see it in the OIDC token. */
    public record GithubIdentity(String owner, String repo, String workflowPath, String ref, String sha,
            String trigger, String repositoryId, String ownerId, long runId) {

        public static GithubIdentity sample() {
            return new GithubIdentity("trustlock-test", "left-pad", ".github/workflows/publish.yml",
                    "refs/tags/v1.2.3", "1f0b7d2c3a4e5f60718293a4b5c6d7e8f9a0b1c2", "release", "700100200",
                    "900300400", 1234567890L);
        }

        public String repositoryUri() {
            return "https://github.com/" + owner + "/" + repo;
        }

        public String ownerUri() {
            return "https://github.com/" + owner;
        }

        /** The certificate SAN: {@code https://github.com/<owner>/<repo>/<workflow>@<ref>}. */
        public String san() {
            return repositoryUri() + "/" + workflowPath + "@" + ref;
        }

        public String runInvocationUri() {
            return repositoryUri() + "/actions/runs/" + runId + "/attempts/1";
        }
    }

    /**
     * Everything about one leaf. {@code oidcIssuer} empty = neither the legacy 1.1 nor the 1.8
     * issuer extension is present.
     */
    public record LeafSpec(GithubIdentity identity, Optional<String> oidcIssuer, Instant notBefore,
            Duration validity, TestPki.Issuer issuer, SctMode sct, boolean codeSigningEku,
            boolean digitalSignatureKeyUsage, boolean modernExtensions) {

        public static LeafSpec standard() {
            return new LeafSpec(GithubIdentity.sample(), Optional.of(GITHUB_ISSUER), TestPki.T0,
                    Duration.ofMinutes(10), TestPki.Issuer.TRUSTED, SctMode.VALID, true, true, true);
        }

        public LeafSpec withIssuer(Optional<String> value) {
            return new LeafSpec(identity, value, notBefore, validity, issuer, sct, codeSigningEku,
                    digitalSignatureKeyUsage, modernExtensions);
        }

        public LeafSpec withNotBefore(Instant value) {
            return new LeafSpec(identity, oidcIssuer, value, validity, issuer, sct, codeSigningEku,
                    digitalSignatureKeyUsage, modernExtensions);
        }

        public LeafSpec withValidity(Duration value) {
            return new LeafSpec(identity, oidcIssuer, notBefore, value, issuer, sct, codeSigningEku,
                    digitalSignatureKeyUsage, modernExtensions);
        }

        public LeafSpec withCa(TestPki.Issuer value) {
            return new LeafSpec(identity, oidcIssuer, notBefore, validity, value, sct, codeSigningEku,
                    digitalSignatureKeyUsage, modernExtensions);
        }

        public LeafSpec withSct(SctMode value) {
            return new LeafSpec(identity, oidcIssuer, notBefore, validity, issuer, value, codeSigningEku,
                    digitalSignatureKeyUsage, modernExtensions);
        }

        public LeafSpec withIdentity(GithubIdentity value) {
            return new LeafSpec(value, oidcIssuer, notBefore, validity, issuer, sct, codeSigningEku,
                    digitalSignatureKeyUsage, modernExtensions);
        }

        public LeafSpec withCodeSigningEku(boolean value) {
            return new LeafSpec(identity, oidcIssuer, notBefore, validity, issuer, sct, value,
                    digitalSignatureKeyUsage, modernExtensions);
        }

        /** false: key usage keyEncipherment instead of digitalSignature. */
        public LeafSpec withDigitalSignatureKeyUsage(boolean value) {
            return new LeafSpec(identity, oidcIssuer, notBefore, validity, issuer, sct, codeSigningEku, value,
                    modernExtensions);
        }

        /** false: only the legacy extensions 1.1 to 1.6, as Fulcio issued until 2023. */
        public LeafSpec withModernExtensions(boolean value) {
            return new LeafSpec(identity, oidcIssuer, notBefore, validity, issuer, sct, codeSigningEku,
                    digitalSignatureKeyUsage, value);
        }

        public Instant notAfter() {
            return notBefore.plus(validity);
        }
    }

    /** A leaf with its private key (the DSSE signer). */
    public record Leaf(X509Certificate certificate, KeyPair key, LeafSpec spec) {
    }

    private final TestPki pki;

    public LeafCertificates(TestPki pki) {
        this.pki = pki;
    }

    public Leaf issue(LeafSpec spec) {
        try {
            KeyPair key = pki.newLeafKey();
            X509Certificate issuerCert = pki.issuingCert(spec.issuer());
            KeyPair issuerKey = pki.issuingKey(spec.issuer());
            long serial = SERIALS.incrementAndGet();
            X509v3CertificateBuilder pre = builder(spec, key, issuerCert, serial);
            if (spec.sct() == SctMode.NONE) {
                return new Leaf(sign(pre, issuerKey.getPrivate()), key, spec);
            }
            // The precertificate TBS: identical to the final TBS minus the (last) SCT extension.
            X509CertificateHolder precert = pre.build(new JcaContentSignerBuilder("SHA384withECDSA")
                    .build(issuerKey.getPrivate()));
            byte[] tbs = precert.toASN1Structure().getTBSCertificate().getEncoded("DER");
            byte[] issuerKeyHash = TestPki.sha256(issuerCert.getPublicKey().getEncoded());
            if (spec.sct() == SctMode.BAD_SIGNATURE) {
                tbs = tbs.clone();
                tbs[tbs.length - 1] ^= 0x01;
            }
            KeyPair log = spec.sct() == SctMode.UNKNOWN_LOG ? pki.unknownCtKey : pki.ctKey;
            byte[] sctList = sctList(sct(log, spec.notBefore(), issuerKeyHash, tbs));
            X509v3CertificateBuilder fin = builder(spec, key, issuerCert, serial);
            fin.addExtension(SCT_LIST, false, new DEROctetString(sctList));
            return new Leaf(sign(fin, issuerKey.getPrivate()), key, spec);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a leaf certificate", e);
        }
    }

    private X509v3CertificateBuilder builder(LeafSpec spec, KeyPair key, X509Certificate issuerCert, long serial)
            throws GeneralSecurityException, IOException {
        GithubIdentity id = spec.identity();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        // Fulcio leaves have an empty subject; the identity is in the SAN.
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded()), BigInteger.valueOf(serial),
                Date.from(spec.notBefore()), Date.from(spec.notAfter()),
                new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                key.getPublic());
        b.addExtension(Extension.keyUsage, true,
                new KeyUsage(spec.digitalSignatureKeyUsage() ? KeyUsage.digitalSignature : KeyUsage.keyEncipherment));
        if (spec.codeSigningEku()) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false,
                ext.createAuthorityKeyIdentifier(issuerCert.getPublicKey()));
        b.addExtension(Extension.subjectAlternativeName, true,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.san())));
        String workflowRef = id.owner() + "/" + id.repo() + "/" + id.workflowPath() + "@" + id.ref();
        if (spec.oidcIssuer().isPresent()) {
            legacy(b, 1, spec.oidcIssuer().get());
        }
        legacy(b, 2, id.trigger());
        legacy(b, 3, id.sha());
        legacy(b, 4, "Publish");
        legacy(b, 5, id.owner() + "/" + id.repo());
        legacy(b, 6, id.ref());
        if (!spec.modernExtensions()) {
            return b;
        }
        if (spec.oidcIssuer().isPresent()) {
            utf8(b, 8, spec.oidcIssuer().get());
        }
        utf8(b, 9, id.san());
        utf8(b, 10, id.sha());
        utf8(b, 11, "github-hosted");
        utf8(b, 12, id.repositoryUri());
        utf8(b, 13, id.sha());
        utf8(b, 14, id.ref());
        utf8(b, 15, id.repositoryId());
        utf8(b, 16, id.ownerUri());
        utf8(b, 17, id.ownerId());
        utf8(b, 18, "https://github.com/" + workflowRef);
        utf8(b, 19, id.sha());
        utf8(b, 20, id.trigger());
        utf8(b, 21, id.runInvocationUri());
        utf8(b, 22, "public");
        return b;
    }

    /** Fulcio's deprecated extensions 1.1-1.6 hold the raw string bytes, not DER. */
    private static void legacy(X509v3CertificateBuilder b, int n, String value) throws IOException {
        b.addExtension(new ASN1ObjectIdentifier(FULCIO_OID + n), false, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Extensions 1.8 and later hold a DER UTF8String. */
    private static void utf8(X509v3CertificateBuilder b, int n, String value) throws IOException {
        b.addExtension(new ASN1ObjectIdentifier(FULCIO_OID + n), false, new DERUTF8String(value));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuer)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** RFC 6962 v1 SCT for a precert_entry, serialized as in the TLS SignedCertificateTimestamp. */
    static byte[] sct(KeyPair log, Instant timestamp, byte[] issuerKeyHash, byte[] precertTbs) {
        long ms = timestamp.toEpochMilli();
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write(0); // sct_version v1
        signed.write(0); // signature_type certificate_timestamp
        u64(signed, ms);
        u16(signed, 1); // entry_type precert_entry
        signed.writeBytes(issuerKeyHash);
        u24(signed, precertTbs.length);
        signed.writeBytes(precertTbs);
        u16(signed, 0); // no extensions
        byte[] signature = TestPki.sign(log.getPrivate(), signed.toByteArray());

        ByteArrayOutputStream sct = new ByteArrayOutputStream();
        sct.write(0);
        sct.writeBytes(TestPki.logId(log.getPublic()));
        u64(sct, ms);
        u16(sct, 0);
        sct.write(4); // hash sha256
        sct.write(3); // signature ecdsa
        u16(sct, signature.length);
        sct.writeBytes(signature);
        return sct.toByteArray();
    }

    private static byte[] sctList(byte[]... scts) {
        List<byte[]> items = new ArrayList<>(List.of(scts));
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        for (byte[] s : items) {
            u16(inner, s.length);
            inner.writeBytes(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, inner.size());
        out.writeBytes(inner.toByteArray());
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write((v >>> 16) & 0xff);
        u16(out, v);
    }

    private static void u64(ByteArrayOutputStream out, long v) {
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
