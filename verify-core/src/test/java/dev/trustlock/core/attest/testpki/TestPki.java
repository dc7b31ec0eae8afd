package dev.trustlock.core.attest.testpki;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A complete, throw-away Sigstore + npm trust world for tests: a Fulcio-like root and
 * intermediate, a second (untrusted) CA, a rogue intermediate under the trusted root that the
 * trusted root does not list, a Rekor-like log key, a CT log key, npm registry keys, and for each
 * kind of trusted key an "unknown" twin that no trust file names. It writes its own
 * {@code trusted_root.json} and npm {@code keys.json} in the shapes of the real public-good files.
 *
 * <p>Keys come from a seeded PRNG so two runs produce the same keys and certificates (ECDSA
 * signatures still differ, which nothing depends on). Generation takes a fraction of a second;
 * {@link #shared()} keeps one instance per JVM so test classes do not pay for it twice.
 */
public final class TestPki {

    /** The reference moment every synthetic signature is made around (leaf notBefore). */
    public static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    /** Trust material is valid from here on (CA, logs, the current npm keys start later). */
    public static final Instant TRUST_START = Instant.parse("2020-01-01T00:00:00Z");
    /** The current npm keys start here; the retired one ends here, i.e. before {@link #T0}. */
    public static final Instant NPM_KEY_ROTATION = Instant.parse("2025-01-01T00:00:00Z");

    public static final String REKOR_URL = "https://rekor.trustlock.test";
    public static final String REKOR_ORIGIN = "rekor.trustlock.test - 4242424242";
    public static final String REKOR_SIGNER_NAME = "rekor.trustlock.test";
    public static final String FULCIO_URL = "https://fulcio.trustlock.test";
    public static final String CT_URL = "https://ctfe.trustlock.test";

    /** How the trusted root lists the Fulcio CA. */
    public enum CaLayout {
        /** certChain = [intermediate, root], as the public-good trusted root does today. */
        INTERMEDIATE_AND_ROOT,
        /** certChain = [root] only: leaves then need their intermediate from somewhere else. */
        ROOT_ONLY
    }

    /** Which CA issues a leaf. */
    public enum Issuer {
        /** The trusted intermediate (listed in the trusted root). */
        TRUSTED,
        /** An intermediate of a completely different root that the trusted root does not know. */
        UNTRUSTED_CA,
        /**
         * An intermediate of that other root that copies the trusted intermediate's subject name:
         * the leaf names a trusted issuer but its signature cannot verify (a forgery, not a stranger).
         */
        IMPERSONATING_CA,
        /** An intermediate signed by the trusted root but not listed in the trusted root. */
        ROGUE_INTERMEDIATE
    }

    /** An npm registry key pair with its id and the windows/usages it is published with. */
    public record NpmKeyPair(String keyId, KeyPair keys) {
    }

    /**
     * How to write the trust files: CA chain layout, and optional validity windows that make the
     * CA or the Rekor key invalid at the synthetic signing time.
     */
    public record TrustVariant(CaLayout layout, Optional<Instant> caEnd, Optional<Instant> rekorStart) {

        public static TrustVariant standard() {
            return new TrustVariant(CaLayout.INTERMEDIATE_AND_ROOT, Optional.empty(), Optional.empty());
        }

        public TrustVariant withLayout(CaLayout value) {
            return new TrustVariant(value, caEnd, rekorStart);
        }

        public TrustVariant withCaEnd(Instant value) {
            return new TrustVariant(layout, Optional.of(value), rekorStart);
        }

        public TrustVariant withRekorStart(Instant value) {
            return new TrustVariant(layout, caEnd, Optional.of(value));
        }
    }

    /** The two files {@code TrustMaterial.load} reads. */
    public record TrustFiles(Path trustedRoot, Path npmKeys) {
    }

    private static TestPki shared;

    private final SecureRandom random;
    public final KeyPair rootKey;
    public final X509Certificate root;
    public final KeyPair intermediateKey;
    public final X509Certificate intermediate;
    public final KeyPair untrustedRootKey;
    public final X509Certificate untrustedRoot;
    public final KeyPair untrustedIntermediateKey;
    public final X509Certificate untrustedIntermediate;
    public final KeyPair impostorIntermediateKey;
    public final X509Certificate impostorIntermediate;
    public final KeyPair rogueIntermediateKey;
    public final X509Certificate rogueIntermediate;
    public final KeyPair rekorKey;
    public final KeyPair unknownRekorKey;
    public final KeyPair ctKey;
    public final KeyPair unknownCtKey;
    /** Current npm key, published for both usages from {@link #NPM_KEY_ROTATION}, open-ended. */
    public final NpmKeyPair npmCurrent;
    /** Retired npm key, both usages, valid {@link #TRUST_START} .. {@link #NPM_KEY_ROTATION}. */
    public final NpmKeyPair npmRetired;
    /** Published only with usage npm:signatures. */
    public final NpmKeyPair npmSignaturesOnly;
    /** Published only with usage npm:attestations. */
    public final NpmKeyPair npmAttestationsOnly;
    /** Not in keys.json at all. */
    public final NpmKeyPair npmUnknown;

    private TestPki(long seed) {
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            rootKey = ec("secp384r1");
            root = caCert(new X500Name("O=trustlock.test, CN=trustlock-test-root"), rootKey.getPublic(),
                    new X500Name("O=trustlock.test, CN=trustlock-test-root"), rootKey, 1, 1);
            intermediateKey = ec("secp384r1");
            intermediate = caCert(new X500Name("O=trustlock.test, CN=trustlock-test-intermediate"),
                    intermediateKey.getPublic(), root, rootKey, 0, 2);
            untrustedRootKey = ec("secp384r1");
            untrustedRoot = caCert(new X500Name("O=evil.test, CN=evil-root"), untrustedRootKey.getPublic(),
                    new X500Name("O=evil.test, CN=evil-root"), untrustedRootKey, 1, 3);
            untrustedIntermediateKey = ec("secp384r1");
            untrustedIntermediate = caCert(new X500Name("O=evil.test, CN=evil-intermediate"),
                    untrustedIntermediateKey.getPublic(), untrustedRoot, untrustedRootKey, 0, 4);
            rogueIntermediateKey = ec("secp384r1");
            rogueIntermediate = caCert(new X500Name("O=trustlock.test, CN=trustlock-test-rogue-intermediate"),
                    rogueIntermediateKey.getPublic(), root, rootKey, 0, 5);
            rekorKey = ec("secp256r1");
            unknownRekorKey = ec("secp256r1");
            ctKey = ec("secp256r1");
            unknownCtKey = ec("secp256r1");
            npmCurrent = npmKey();
            npmRetired = npmKey();
            npmSignaturesOnly = npmKey();
            npmAttestationsOnly = npmKey();
            npmUnknown = npmKey();
            impostorIntermediateKey = ec("secp384r1");
            // Generated last so the other seeded keys stay as they were. Same subject as the trusted
            // intermediate, so that only the signature tells them apart.
            impostorIntermediate = caCert(new X500Name("O=trustlock.test, CN=trustlock-test-intermediate"),
                    impostorIntermediateKey.getPublic(), untrustedRoot, untrustedRootKey, 0, 6);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate the test PKI", e);
        }
    }

    /** A fresh PKI from a seed (same seed, same keys). */
    public static TestPki generate(long seed) {
        return new TestPki(seed);
    }

    /** One PKI per JVM: key generation is the slow part of these tests. */
    public static synchronized TestPki shared() {
        if (shared == null) {
            shared = generate(20250601L);
        }
        return shared;
    }

    // ---- trust files -------------------------------------------------------------------------

    /** Writes trusted_root.json and keys.json into {@code dir}, CA listed as intermediate + root. */
    public TrustFiles writeTrust(Path dir) {
        return writeTrust(dir, CaLayout.INTERMEDIATE_AND_ROOT);
    }

    public TrustFiles writeTrust(Path dir, CaLayout layout) {
        return writeTrust(dir, TrustVariant.standard().withLayout(layout));
    }

    public TrustFiles writeTrust(Path dir, TrustVariant variant) {
        try {
            Files.createDirectories(dir);
            Path trustedRoot = dir.resolve("trusted_root.json");
            Path keys = dir.resolve("keys.json");
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.write(trustedRoot, json.writeValueAsBytes(trustedRoot(variant)));
            Files.write(keys, json.writeValueAsBytes(npmKeysJson()));
            return new TrustFiles(trustedRoot, keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Sigstore TrustedRoot document (same field names and order as the public-good file). */
    public Map<String, Object> trustedRoot(TrustVariant variant) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
        doc.put("tlogs", List.of(logEntry(REKOR_URL, rekorKey.getPublic(), variant.rekorStart().orElse(TRUST_START))));
        List<Map<String, Object>> chain = new ArrayList<>();
        if (variant.layout() == CaLayout.INTERMEDIATE_AND_ROOT) {
            chain.add(Map.of("rawBytes", b64(der(intermediate))));
        }
        chain.add(Map.of("rawBytes", b64(der(root))));
        Map<String, Object> ca = new LinkedHashMap<>();
        ca.put("subject", ordered("organization", "trustlock.test", "commonName", "trustlock-test"));
        ca.put("uri", FULCIO_URL);
        ca.put("certChain", Map.of("certificates", chain));
        Map<String, Object> caValidity = new LinkedHashMap<>();
        caValidity.put("start", TRUST_START.toString());
        variant.caEnd().ifPresent(end -> caValidity.put("end", end.toString()));
        ca.put("validFor", caValidity);
        doc.put("certificateAuthorities", List.of(ca));
        doc.put("ctlogs", List.of(logEntry(CT_URL, ctKey.getPublic(), TRUST_START)));
        doc.put("timestampAuthorities", List.of());
        return doc;
    }

    /** npm's TUF target {@code registry.npmjs.org/keys.json}. */
    public Map<String, Object> npmKeysJson() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (String usage : List.of("npm:signatures", "npm:attestations")) {
            keys.add(npmKeyEntry(npmRetired, usage, TRUST_START, NPM_KEY_ROTATION));
            keys.add(npmKeyEntry(npmCurrent, usage, NPM_KEY_ROTATION, null));
        }
        keys.add(npmKeyEntry(npmSignaturesOnly, "npm:signatures", TRUST_START, null));
        keys.add(npmKeyEntry(npmAttestationsOnly, "npm:attestations", TRUST_START, null));
        return Map.of("keys", keys);
    }

    private static Map<String, Object> logEntry(String url, PublicKey key, Instant start) {
        Map<String, Object> publicKey = new LinkedHashMap<>();
        publicKey.put("rawBytes", b64(key.getEncoded()));
        publicKey.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        publicKey.put("validFor", Map.of("start", start.toString()));
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("baseUrl", url);
        log.put("hashAlgorithm", "SHA2_256");
        log.put("publicKey", publicKey);
        log.put("logId", Map.of("keyId", b64(logId(key))));
        return log;
    }

    private static Map<String, Object> npmKeyEntry(NpmKeyPair key, String usage, Instant start, Instant end) {
        Map<String, Object> validFor = new LinkedHashMap<>();
        validFor.put("start", start.toString());
        if (end != null) {
            validFor.put("end", end.toString());
        }
        Map<String, Object> publicKey = new LinkedHashMap<>();
        publicKey.put("rawBytes", b64(key.keys().getPublic().getEncoded()));
        publicKey.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        publicKey.put("validFor", validFor);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("keyId", key.keyId());
        entry.put("keyUsage", usage);
        entry.put("publicKey", publicKey);
        return entry;
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    // ---- key and certificate helpers ---------------------------------------------------------

    /** A fresh random-but-seeded P-256 key pair (leaf keys). */
    public synchronized KeyPair newLeafKey() {
        try {
            return ec("secp256r1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA certificate and key that issue leaves for {@code issuer}. */
    public X509Certificate issuingCert(Issuer issuer) {
        return switch (issuer) {
            case TRUSTED -> intermediate;
            case UNTRUSTED_CA -> untrustedIntermediate;
            case IMPERSONATING_CA -> impostorIntermediate;
            case ROGUE_INTERMEDIATE -> rogueIntermediate;
        };
    }

    public KeyPair issuingKey(Issuer issuer) {
        return switch (issuer) {
            case TRUSTED -> intermediateKey;
            case UNTRUSTED_CA -> untrustedIntermediateKey;
            case IMPERSONATING_CA -> impostorIntermediateKey;
            case ROGUE_INTERMEDIATE -> rogueIntermediateKey;
        };
    }

    /** The chain above the leaf as a bundle would carry it (issuing CA first, root last). */
    public List<X509Certificate> chainAbove(Issuer issuer) {
        return switch (issuer) {
            case TRUSTED -> List.of(intermediate, root);
            case UNTRUSTED_CA -> List.of(untrustedIntermediate, untrustedRoot);
            case IMPERSONATING_CA -> List.of(impostorIntermediate, untrustedRoot);
            case ROGUE_INTERMEDIATE -> List.of(rogueIntermediate, root);
        };
    }

    /** Rekor log id / RFC 6962 log id: SHA-256 of the DER SubjectPublicKeyInfo. */
    public static byte[] logId(PublicKey key) {
        return sha256(key.getEncoded());
    }

    /** npm's key id format {@code SHA256:<unpadded base64 of sha256(spki)>}. */
    public static String npmKeyId(PublicKey key) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(key.getEncoded()));
    }

    public static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    public static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ECDSA over SHA-256 (P-256 keys) or SHA-384 (P-384 keys), DER-encoded signature. */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            String alg = key.getAlgorithm().equals("EC") && bits(key) > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int bits(PrivateKey key) {
        return ((java.security.interfaces.ECPrivateKey) key).getParams().getCurve().getField().getFieldSize();
    }

    public static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    public static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate cert) {
        return pem("CERTIFICATE", der(cert));
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), random);
        return g.generateKeyPair();
    }

    private NpmKeyPair npmKey() throws GeneralSecurityException {
        KeyPair keys = ec("secp256r1");
        return new NpmKeyPair(npmKeyId(keys.getPublic()), keys);
    }

    private X509Certificate caCert(X500Name subject, PublicKey subjectKey, X509Certificate issuer, KeyPair issuerKey,
            int pathLen, long serial) throws GeneralSecurityException, IOException {
        return caCert(subject, subjectKey, X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                issuerKey, pathLen, serial, issuer.getPublicKey());
    }

    private X509Certificate caCert(X500Name subject, PublicKey subjectKey, X500Name issuer, KeyPair issuerKey,
            int pathLen, long serial) throws GeneralSecurityException, IOException {
        return caCert(subject, subjectKey, issuer, issuerKey, pathLen, serial, issuerKey.getPublic());
    }

    private X509Certificate caCert(X500Name subject, PublicKey subjectKey, X500Name issuer, KeyPair issuerKey,
            int pathLen, long serial, PublicKey issuerPublic) throws GeneralSecurityException, IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                Date.from(TRUST_START), Date.from(Instant.parse("2035-01-01T00:00:00Z")), subject, subjectKey);
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
        if (pathLen == 0) {
            // Fulcio's intermediate carries the codeSigning EKU too.
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublic));
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A self-signed certificate with any key type and signature algorithm (for non-EC code paths). */
    public static X509Certificate selfSigned(KeyPair keys, String signatureAlgorithm, String dn) {
        try {
            X500Name name = new X500Name(dn);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(TRUST_START),
                    Date.from(Instant.parse("2035-01-01T00:00:00Z")), name, keys.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
