package dev.trustlock.core.attest.testpki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.testpki.LeafCertificates.Leaf;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.LeafCertificates.SctMode;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Options;
import dev.trustlock.core.trust.TrustMaterial;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the test PKI itself against independent implementations (sigstore-java's Fulcio/CT
 * verifier and trusted-root parser, the JDK's ECDSA, an iterative RFC 9162 proof check written
 * here), so that the tamper matrix tests the verifier, not a broken factory.
 */
class SyntheticPkiTest {

    private static TestPki pki;
    private static LeafCertificates leaves;

    @TempDir
    static Path dir;

    private static TestPki.TrustFiles files;

    @BeforeAll
    static void setUp() {
        pki = TestPki.shared();
        leaves = new LeafCertificates(pki);
        files = pki.writeTrust(dir.resolve("trust"));
    }

    @Test
    void sameSeedGivesSameKeysAndCertificates() {
        TestPki again = TestPki.generate(20250601L);
        assertArrayEquals(pki.rekorKey.getPublic().getEncoded(), again.rekorKey.getPublic().getEncoded());
        assertEquals(pki.npmCurrent.keyId(), again.npmCurrent.keyId());
        assertArrayEquals(pki.root.getPublicKey().getEncoded(), again.root.getPublicKey().getEncoded());
    }

    @Test
    void trustedRootParsesWithSigstoreJavaAndTrustMaterial() throws Exception {
        try (InputStream in = Files.newInputStream(files.trustedRoot())) {
            SigstoreTrustedRoot root = SigstoreTrustedRoot.from(in);
            assertEquals(1, root.getCAs().size());
            assertEquals(1, root.getTLogs().size());
            assertEquals(1, root.getCTLogs().size());
        }
        TrustMaterial trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
        assertEquals(1, trust.certificateAuthorities().size());
        assertEquals(2, trust.certificateAuthorities().get(0).chain().size());
        // retired + current for both usages, plus one single-usage key each.
        assertEquals(6, trust.npmKeys().size());
    }

    @Test
    void npmKeyIdIsSha256OfSpkiUnpadded() throws Exception {
        byte[] spki = pki.npmCurrent.keys().getPublic().getEncoded();
        String expected = "SHA256:" + Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(spki)).replace("=", "");
        assertEquals(expected, pki.npmCurrent.keyId());
    }

    @Test
    void validLeafPassesSigstoreJavasFulcioVerifierIncludingEmbeddedSct() throws Exception {
        FulcioVerifier fulcio = fulcio();
        Leaf leaf = leaves.issue(LeafSpec.standard());
        fulcio.verifySigningCertificate(path(leaf.certificate()));
        leaf.certificate().verify(pki.intermediate.getPublicKey());
        pki.intermediate.verify(pki.root.getPublicKey());
    }

    @Test
    void brokenSctsAndForeignCasFailSigstoreJavasFulcioVerifier() throws Exception {
        FulcioVerifier fulcio = fulcio();
        for (SctMode mode : List.of(SctMode.NONE, SctMode.UNKNOWN_LOG, SctMode.BAD_SIGNATURE)) {
            Leaf leaf = leaves.issue(LeafSpec.standard().withSct(mode));
            assertThrows(Exception.class, () -> fulcio.verifySigningCertificate(path(leaf.certificate())),
                    "SCT mode " + mode + " must not verify");
        }
        Leaf foreign = leaves.issue(LeafSpec.standard().withCa(TestPki.Issuer.UNTRUSTED_CA));
        assertThrows(Exception.class, () -> fulcio.verifySigningCertificate(
                path(foreign.certificate())));
        Leaf rogue = leaves.issue(LeafSpec.standard().withCa(TestPki.Issuer.ROGUE_INTERMEDIATE));
        assertThrows(Exception.class, () -> fulcio.verifySigningCertificate(
                path(rogue.certificate())));
    }

    @Test
    void leafCarriesFulcioIdentityExtensions() throws Exception {
        Leaf leaf = leaves.issue(LeafSpec.standard());
        X509Certificate c = leaf.certificate();
        LeafCertificates.GithubIdentity id = leaf.spec().identity();
        assertEquals("https://github.com/trustlock-test/left-pad/.github/workflows/publish.yml@refs/tags/v1.2.3",
                id.san());
        assertEquals(id.san(), c.getSubjectAlternativeNames().iterator().next().get(1));
        assertEquals(LeafCertificates.GITHUB_ISSUER, new String(extension(c, "1.1"), StandardCharsets.UTF_8));
        assertEquals(LeafCertificates.GITHUB_ISSUER, utf8(extension(c, "1.8")));
        assertEquals(id.repositoryUri(), utf8(extension(c, "1.12")));
        assertEquals(id.ref(), utf8(extension(c, "1.14")));
        assertEquals(List.of("1.3.6.1.5.5.7.3.3"), c.getExtendedKeyUsage());
        assertEquals(600_000L, c.getNotAfter().getTime() - c.getNotBefore().getTime());
        Leaf noIssuer = leaves.issue(LeafSpec.standard().withIssuer(java.util.Optional.empty()));
        assertEquals(null, noIssuer.certificate().getExtensionValue("1.3.6.1.4.1.57264.1.8"));
        assertEquals(null, noIssuer.certificate().getExtensionValue("1.3.6.1.4.1.57264.1.1"));
    }

    @Test
    void dsseSetAndCheckpointVerifyWithPlainJdkCrypto() throws Exception {
        PackageRef pkg = SyntheticAttestations.samplePackage();
        JsonNode response = new ObjectMapper().readTree(
                new SyntheticAttestations(pki).responseBytes(pkg, new Options()));
        JsonNode provenance = response.get("attestations").get(1).get("bundle");
        JsonNode env = provenance.get("dsseEnvelope");
        byte[] payload = Base64.getDecoder().decode(env.get("payload").asText());
        X509Certificate leaf = cert(provenance.get("verificationMaterial").get("x509CertificateChain")
                .get("certificates").get(0).get("rawBytes").asText());
        String type = env.get("payloadType").asText();
        // PAE with byte lengths, built here independently of the factory.
        String head = "DSSEv1 " + type.getBytes(StandardCharsets.UTF_8).length + " " + type + " " + payload.length + " ";
        byte[] pae = concat(head.getBytes(StandardCharsets.UTF_8), payload);
        assertTrue(payload.length != new String(payload, StandardCharsets.UTF_8).length(),
                "the statement must contain non-ASCII so that byte vs character lengths matter");
        assertTrue(ecdsa(leaf.getPublicKey(), pae,
                Base64.getDecoder().decode(env.get("signatures").get(0).get("sig").asText())));

        JsonNode entry = provenance.get("verificationMaterial").get("tlogEntries").get(0);
        String set = "{\"body\":\"" + entry.get("canonicalizedBody").asText() + "\",\"integratedTime\":"
                + entry.get("integratedTime").asText() + ",\"logID\":\""
                + HexFormat.of().formatHex(Base64.getDecoder().decode(entry.get("logId").get("keyId").asText()))
                + "\",\"logIndex\":" + entry.get("logIndex").asText() + "}";
        assertTrue(ecdsa(pki.rekorKey.getPublic(), set.getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(entry.get("inclusionPromise").get("signedEntryTimestamp").asText())));

        JsonNode proof = entry.get("inclusionProof");
        String checkpoint = proof.get("checkpoint").get("envelope").asText();
        String[] parts = checkpoint.split("\n\n", 2);
        String note = parts[0] + "\n";
        assertEquals(proof.get("rootHash").asText(), note.split("\n")[2]);
        assertEquals(proof.get("treeSize").asText(), note.split("\n")[1]);
        String sigLine = parts[1].trim();
        assertTrue(sigLine.startsWith("\u2014 " + TestPki.REKOR_SIGNER_NAME + " "));
        byte[] blob = Base64.getDecoder().decode(sigLine.substring(sigLine.lastIndexOf(' ') + 1));
        assertArrayEquals(Arrays.copyOf(TestPki.logId(pki.rekorKey.getPublic()), 4), Arrays.copyOf(blob, 4));
        assertTrue(ecdsa(pki.rekorKey.getPublic(), note.getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(blob, 4, blob.length)));

        // The body records this envelope.
        JsonNode body = new ObjectMapper().readTree(Base64.getDecoder().decode(entry.get("canonicalizedBody").asText()));
        assertEquals(HexFormat.of().formatHex(TestPki.sha256(payload)),
                body.at("/spec/content/payloadHash/value").asText());
    }

    @Test
    void inclusionProofsVerifyWithAnIndependentRfc9162Check() {
        for (int size = 1; size <= 17; size++) {
            List<byte[]> data = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                data.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            }
            MerkleTree tree = new MerkleTree(data);
            for (int i = 0; i < size; i++) {
                List<byte[]> path = tree.auditPath(i);
                assertArrayEquals(tree.root(), rootFromProof(i, size, leafHash(data.get(i)), path),
                        "size " + size + " index " + i);
                if (!path.isEmpty()) {
                    path.set(0, SyntheticAttestations.flipLast(path.get(0)));
                    assertFalse(Arrays.equals(tree.root(), rootFromProof(i, size, leafHash(data.get(i)), path)));
                }
            }
        }
    }

    /**
     * The conventions the factory follows (SET payload, leaf hashing, audit-path order, checkpoint
     * text and key hint) are the ones the real Rekor uses: the same independent checks accept a
     * recorded public-good entry.
     */
    @Test
    void theSameIndependentChecksAcceptARealRekorEntry() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode response = json.readTree(dev.trustlock.core.testing.Fixtures.shared(
                "real-world/attestations/sigstore@2.3.1.json").toFile());
        JsonNode root = json.readTree(dev.trustlock.core.testing.Fixtures.shared(
                "real-world/trust/sigstore-public-good.trusted_root.json").toFile());
        PublicKey rekor = null;
        for (JsonNode log : root.get("tlogs")) {
            if (log.get("baseUrl").asText().equals("https://rekor.sigstore.dev")) {
                rekor = java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(
                        Base64.getDecoder().decode(log.get("publicKey").get("rawBytes").asText())));
            }
        }
        JsonNode entry = response.get("attestations").get(1).get("bundle").get("verificationMaterial")
                .get("tlogEntries").get(0);
        byte[] logId = Base64.getDecoder().decode(entry.get("logId").get("keyId").asText());
        assertArrayEquals(TestPki.logId(rekor), logId);
        byte[] set = SyntheticAttestations.setPayload(entry.get("canonicalizedBody").asText(),
                entry.get("integratedTime").asLong(), logId, entry.get("logIndex").asLong());
        assertTrue(ecdsa(rekor, set, Base64.getDecoder().decode(
                entry.get("inclusionPromise").get("signedEntryTimestamp").asText())));

        JsonNode proof = entry.get("inclusionProof");
        List<byte[]> path = new ArrayList<>();
        proof.get("hashes").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
        byte[] body = Base64.getDecoder().decode(entry.get("canonicalizedBody").asText());
        assertArrayEquals(Base64.getDecoder().decode(proof.get("rootHash").asText()),
                rootFromProof(proof.get("logIndex").asLong(), proof.get("treeSize").asLong(), leafHash(body), path));

        String checkpoint = proof.get("checkpoint").get("envelope").asText();
        String[] parts = checkpoint.split("\n\n", 2);
        String sigLine = parts[1].trim();
        byte[] blob = Base64.getDecoder().decode(sigLine.substring(sigLine.lastIndexOf(' ') + 1));
        assertArrayEquals(Arrays.copyOf(logId, 4), Arrays.copyOf(blob, 4));
        assertTrue(ecdsa(rekor, (parts[0] + "\n").getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(blob, 4, blob.length)));
    }

    // ---- independent helpers -----------------------------------------------------------------

    /** RFC 9162 section 2.1.3.2, iterative. */
    private static byte[] rootFromProof(long index, long size, byte[] leafHash, List<byte[]> path) {
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return new byte[0];
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : new byte[0];
    }

    private static byte[] leafHash(byte[] d) {
        return TestPki.sha256(concat(new byte[] {0}, d));
    }

    private static byte[] node(byte[] l, byte[] r) {
        return TestPki.sha256(concat(new byte[] {1}, concat(l, r)));
    }

    private static FulcioVerifier fulcio() throws Exception {
        try (InputStream in = Files.newInputStream(files.trustedRoot())) {
            return FulcioVerifier.newFulcioVerifier(SigstoreTrustedRoot.from(in));
        }
    }

    private static CertPath path(X509Certificate... certs) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertPath(List.of(certs));
    }

    private static X509Certificate cert(String b64) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(b64)));
    }

    private static byte[] extension(X509Certificate c, String suffix) {
        byte[] v = c.getExtensionValue("1.3.6.1.4.1.57264." + suffix);
        return ASN1OctetString.getInstance(v).getOctets();
    }

    private static String utf8(byte[] der) throws Exception {
        return ASN1UTF8String.getInstance(ASN1Primitive.fromByteArray(der)).getString();
    }

    private static boolean ecdsa(PublicKey key, byte[] data, byte[] sig) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(key);
        s.update(data);
        return s.verify(sig);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
