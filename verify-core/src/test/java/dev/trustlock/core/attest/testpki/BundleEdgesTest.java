package dev.trustlock.core.attest.testpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.BundleVerification;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.RegistrySignatureVerifier;
import dev.trustlock.core.attest.RegistrySigning;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.SigstoreBundleVerifier;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.BundleVersion;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Fault;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Options;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.TlogKind;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges the tamper matrix does not reach: every structural limit at exactly its value and one
 * past it, numbers in both JSON forms, time windows, older certificates, and what the reasons say.
 */
class BundleEdgesTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SyntheticAttestations factory;
    private static AttestationVerifier verifier;
    private static RegistrySignatureVerifier registry;
    private static TrustMaterial trust;
    private static final PackageRef PKG = SyntheticAttestations.samplePackage();

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.shared();
        factory = new SyntheticAttestations(pki);
        TestPki.TrustFiles files = pki.writeTrust(dir.resolve("trust"));
        trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
        verifier = new AttestationVerifier(trust);
        registry = new RegistrySignatureVerifier(trust);
    }

    private static VerificationResult edited(Options o, Consumer<ObjectNode> edit) {
        ObjectNode response = factory.response(PKG, o);
        edit.accept((ObjectNode) response.get("attestations").get(1).get("bundle"));
        return verifier.verify(PKG, SyntheticAttestations.bytes(response));
    }

    private static ArrayNode at(ObjectNode bundle, String pointer) {
        return (ArrayNode) bundle.at(pointer);
    }

    @Test
    void aChainOfFiveIsReadAndOneOfSixIsNot() {
        // leaf, intermediate, root, and the root repeated: each is signed by the next, so it chains.
        VerificationResult five = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .bundleVersion(BundleVersion.V01).chainAfterLeaf(pki.intermediate, pki.root, pki.root, pki.root)));
        assertEquals(ReasonCode.OK, five.code(), five.reason());
        VerificationResult six = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .bundleVersion(BundleVersion.V01).chainAfterLeaf(pki.intermediate, pki.root, pki.root, pki.root, pki.root)));
        assertEquals(ReasonCode.BUNDLE_MALFORMED, six.code(), six.reason());
        VerificationResult broken = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .bundleVersion(BundleVersion.V01).chainAfterLeaf(pki.intermediate, pki.untrustedRoot)));
        assertEquals(ReasonCode.BUNDLE_CHAIN_BROKEN, broken.code());
        assertTrue(broken.reason().contains("certificate 1 of the chain is not signed by certificate 2"), broken.reason());
    }

    /** A self-signed certificate with {@code pki}'s root name on another key: only a signature check tells them apart. */
    private static java.security.cert.X509Certificate lookalikeRoot(TestPki pki) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        java.security.cert.X509Certificate lookalike = TestPki.selfSigned(g.generateKeyPair(), "SHA384withECDSA",
                "O=trustlock.test, CN=trustlock-test-root");
        assertEquals(pki.root.getSubjectX500Principal(), lookalike.getSubjectX500Principal());
        return lookalike;
    }

    /**
     * A CA link after the leaf that names the right issuer but was signed by another key: the
     * names alone cannot tell them apart, so the signature must be checked even though links of
     * these very names were checked (and remembered) before.
     */
    @Test
    void aCaLinkWithTheRightNameButAnotherKeyIsBroken() throws Exception {
        VerificationResult good = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .bundleVersion(BundleVersion.V01).chainAfterLeaf(pki.intermediate, pki.root)));
        assertEquals(ReasonCode.OK, good.code(), good.reason());
        java.security.cert.X509Certificate lookalike = lookalikeRoot(pki);
        VerificationResult broken = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .bundleVersion(BundleVersion.V01).chainAfterLeaf(pki.intermediate, lookalike)));
        assertEquals(ReasonCode.BUNDLE_CHAIN_BROKEN, broken.code(), broken.reason());
    }

    /**
     * CA links are remembered once verified, within a run: only a success may be. A link that
     * failed stays failed however often it is presented, and a link seen for the first time is
     * checked, not taken from memory. A PKI of this test's own, so that no other test in this
     * JVM has shown its links before.
     */
    @Test
    void onlyCaLinksThatVerifiedAreRemembered() throws Exception {
        TestPki own = TestPki.generate(20261206L);
        TestPki.TrustFiles files = own.writeTrust(dir.resolve("own-trust"));
        AttestationVerifier ownVerifier = new AttestationVerifier(TrustMaterial.load(files.trustedRoot(), files.npmKeys()));
        SyntheticAttestations ownFactory = new SyntheticAttestations(own);
        java.util.function.Function<java.security.cert.X509Certificate, ReasonCode> withCaLink = parent -> ownVerifier
                .verify(PKG, ownFactory.responseBytes(PKG, new Options().bundleVersion(BundleVersion.V01)
                        .chainAfterLeaf(own.intermediate, parent))).code();
        java.security.cert.X509Certificate lookalike = lookalikeRoot(own);
        assertEquals(ReasonCode.BUNDLE_CHAIN_BROKEN, withCaLink.apply(lookalike));
        assertEquals(ReasonCode.BUNDLE_CHAIN_BROKEN, withCaLink.apply(lookalike), "a failed link was remembered");
        assertEquals(ReasonCode.OK, withCaLink.apply(own.root), "a link seen for the first time");
        assertEquals(ReasonCode.OK, withCaLink.apply(own.root), "the same link, remembered");
    }

    @Test
    void fourLogEntriesAreReadAndFiveAreNot() {
        VerificationResult four = edited(new Options(), b -> {
            ArrayNode tlog = at(b, "/verificationMaterial/tlogEntries");
            for (int i = 0; i < 3; i++) {
                tlog.add(tlog.get(0).deepCopy());
            }
        });
        assertEquals(ReasonCode.OK, four.code(), four.reason());
        VerificationResult five = edited(new Options(), b -> {
            ArrayNode tlog = at(b, "/verificationMaterial/tlogEntries");
            for (int i = 0; i < 4; i++) {
                tlog.add(tlog.get(0).deepCopy());
            }
        });
        assertEquals(ReasonCode.BUNDLE_MALFORMED, five.code(), five.reason());
    }

    @Test
    void aProofOfSixtyFourHashesIsCheckedAndOneOfSixtyFiveIsMalformed() {
        Consumer<ObjectNode> grow = b -> {
            ArrayNode hashes = at(b, "/verificationMaterial/tlogEntries/0/inclusionProof/hashes");
            while (hashes.size() < 64) {
                hashes.add(hashes.get(0).deepCopy());
            }
        };
        VerificationResult sixtyFour = edited(new Options(), grow);
        assertEquals(ReasonCode.INCLUSION_PROOF_INVALID, sixtyFour.code(), sixtyFour.reason());
        VerificationResult sixtyFive = edited(new Options(), grow.andThen(
                b -> at(b, "/verificationMaterial/tlogEntries/0/inclusionProof/hashes").add("AAAA")));
        assertEquals(ReasonCode.BUNDLE_MALFORMED, sixtyFive.code(), sixtyFive.reason());
    }

    @Test
    void logNumbersMayBeJsonNumbersOrDecimalStringsAndNothingElse() {
        VerificationResult numbers = edited(new Options(), b -> {
            ObjectNode e = (ObjectNode) b.at("/verificationMaterial/tlogEntries/0");
            e.put("logIndex", Long.parseLong(e.get("logIndex").asText()));
            e.put("integratedTime", Long.parseLong(e.get("integratedTime").asText()));
        });
        assertEquals(ReasonCode.OK, numbers.code(), numbers.reason());
        for (JsonNode bad : List.of(SyntheticAttestations.NODES.numberNode(1.5), SyntheticAttestations.NODES.textNode("12a"),
                SyntheticAttestations.NODES.booleanNode(true))) {
            VerificationResult r = edited(new Options(), b -> ((ObjectNode) b.at("/verificationMaterial/tlogEntries/0"))
                    .set("logIndex", bad));
            assertEquals(ReasonCode.BUNDLE_MALFORMED, r.code(), bad + ": " + r.reason());
        }
        for (String time : List.of("0", "-5", "253402300800")) {
            VerificationResult r = edited(new Options(), b -> ((ObjectNode) b.at("/verificationMaterial/tlogEntries/0"))
                    .put("integratedTime", time));
            assertEquals(ReasonCode.BUNDLE_MALFORMED, r.code(), time + ": " + r.reason());
        }
        VerificationResult last = edited(new Options(), b -> ((ObjectNode) b.at("/verificationMaterial/tlogEntries/0"))
                .put("integratedTime", "253402300799"));
        assertTrue(last.code() != ReasonCode.BUNDLE_MALFORMED, "the last representable second is a time: " + last.reason());
    }

    @Test
    void aLoggedBodyForAnotherPayloadIsAMismatchInEitherEntryKind() {
        for (TlogKind kind : List.of(TlogKind.INTOTO, TlogKind.DSSE)) {
            VerificationResult r = verifier.verify(PKG, factory.responseBytes(PKG, new Options().tlogKind(kind)
                    .provenanceFault(Fault.BODY_WITH_OTHER_PAYLOAD_HASH)));
            assertEquals(ReasonCode.TLOG_BODY_MISMATCH, r.code(), kind + ": " + r.reason());
            assertTrue(r.reason().contains("payload hash"), r.reason());
        }
    }

    @Test
    void anIntermediateThatHadExpiredAtTheLogTimeIsRefused() {
        // The test CA's certificates run to 2035; a leaf issued and logged in 2036 cannot chain to them.
        Instant late = Instant.parse("2036-01-01T00:00:00Z");
        VerificationResult r = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .leaf(LeafSpec.standard().withNotBefore(late)).provenanceIntegratedTime(late.plusSeconds(30))
                .publishIntegratedTime(late.plusSeconds(32))));
        assertEquals(ReasonCode.CA_NOT_VALID_AT_TIME, r.code(), r.reason());
    }

    @Test
    void aCertificateWithOnlyTheLegacyExtensionsYieldsItsIdentity() {
        VerificationResult r = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .leaf(LeafSpec.standard().withModernExtensions(false))));
        assertEquals(ReasonCode.OK, r.code(), r.reason());
        PublishIdentity id = r.identity().orElseThrow();
        LeafCertificates.GithubIdentity sample = LeafCertificates.GithubIdentity.sample();
        assertEquals(Optional.of(LeafCertificates.GITHUB_ISSUER), id.issuer());
        assertEquals(Optional.of(sample.repositoryUri()), id.sourceRepositoryUri(), "https://github.com/ + legacy 1.5");
        assertEquals(Optional.of(sample.ref()), id.ref());
        assertEquals(Optional.of(sample.sha()), id.sourceRepositoryDigest());
        assertEquals(Optional.of(sample.trigger()), id.buildTrigger());
        assertEquals(Optional.of(sample.workflowPath()), id.workflow(), "from the SAN without a build config URI");
        assertEquals(Optional.empty(), id.runnerEnvironment());
        // An issuer other than GitHub's keeps the legacy repository as written.
        VerificationResult gitlab = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .leaf(LeafSpec.standard().withModernExtensions(false).withIssuer(Optional.of("https://gitlab.com")))));
        assertEquals(Optional.of(sample.owner() + "/" + sample.repo()),
                gitlab.identity().flatMap(PublishIdentity::sourceRepositoryUri));
    }

    @Test
    void reasonsSayWhichAttestationFailedAndWhy() {
        VerificationResult provenance = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .provenanceFault(Fault.DSSE_SIGNATURE_FLIPPED)));
        assertTrue(provenance.reason().startsWith("provenance attestation: " + ReasonCode.DSSE_SIGNATURE_INVALID.sentence()
                + " (signature by " + LeafCertificates.GithubIdentity.sample().san() + ")"), provenance.reason());
        VerificationResult publish = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .publishFault(Fault.SET_SIGNATURE_FLIPPED)));
        assertTrue(publish.reason().startsWith("publish attestation: " + ReasonCode.SET_INVALID.sentence()), publish.reason());
        VerificationResult version = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .publishPredicateVersion("9.9.9")));
        assertEquals(ReasonCode.SUBJECT_VERSION_MISMATCH, version.code(), version.reason());
        assertTrue(version.reason().contains("publish predicate names version '9.9.9'"), version.reason());
    }

    @Test
    void subjectPurlsMayCarryQualifiersButMustNameTheVersion() {
        String purl = "pkg:npm/" + PKG.name() + "@" + PKG.version();
        VerificationResult qualified = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .subjectName(purl + "?arch=x64#sub")));
        assertEquals(ReasonCode.OK, qualified.code(), qualified.reason());
        VerificationResult noVersion = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .subjectName("pkg:npm/" + PKG.name())));
        assertEquals(ReasonCode.SUBJECT_VERSION_MISMATCH, noVersion.code(), noVersion.reason());
        assertTrue(noVersion.reason().contains("has no version"), noVersion.reason());
        VerificationResult fragmentOnly = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .subjectName(purl + "#a?b")));
        assertEquals(ReasonCode.OK, fragmentOnly.code(), fragmentOnly.reason());
    }

    @Test
    void registrySignaturesWithoutAPublishTimeTrustOnlyKeysStillInForce() {
        SignatureCheck current = registry.verify(PKG, SyntheticAttestations.distSignatures(PKG, pki.npmCurrent),
                Optional.empty(), RegistrySigning.SIGNS);
        assertEquals(VerificationStatus.VERIFIED, current.status(), current.reason());
        assertTrue(current.reason().contains("publish time unknown"), current.reason());
        SignatureCheck forged = registry.verify(PKG, SyntheticAttestations.distSignatures(
                SyntheticAttestations.packageFor(PKG.name(), "9.9.9"), pki.npmCurrent), Optional.empty(), RegistrySigning.SIGNS);
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_INVALID, forged.code());
        SignatureCheck required = registry.verify(PKG, List.of(), Optional.empty(), RegistrySigning.SIGNS);
        assertTrue(required.reason().contains(PKG.name() + "@" + PKG.version()), required.reason());
    }

    @Test
    void eightRegistrySignaturesAreReadAndNineAreNot() {
        DistSignature one = SyntheticAttestations.distSignatures(PKG, pki.npmCurrent).get(0);
        Optional<Instant> at = Optional.of(SyntheticAttestations.defaultProvenanceTime());
        assertEquals(VerificationStatus.VERIFIED,
                registry.verify(PKG, Collections.nCopies(8, one), at, RegistrySigning.SIGNS).status());
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_INVALID,
                registry.verify(PKG, Collections.nCopies(9, one), at, RegistrySigning.SIGNS).code());
    }

    @Test
    void aStandaloneBundleIsCheckedAgainstTheSubjectAskedFor() throws Exception {
        SigstoreBundleVerifier standalone = new SigstoreBundleVerifier(trust);
        byte[] bundle = SyntheticAttestations.bytes((ObjectNode) factory.response(PKG, new Options())
                .get("attestations").get(1).get("bundle"));
        BundleVerification right = standalone.verify(bundle, Optional.of(PKG));
        assertEquals(ReasonCode.OK, right.code(), right.reason());
        assertEquals(Optional.of(SyntheticAttestations.PROVENANCE_V1), right.identity().flatMap(PublishIdentity::predicateType));
        BundleVerification wrong = standalone.verify(bundle, Optional.of(SyntheticAttestations.packageFor("other", "1.0.0")));
        assertEquals(ReasonCode.SUBJECT_NAME_MISMATCH, wrong.code(), wrong.reason());
        assertTrue(wrong.identity().isPresent(), "who it claims to be from is kept");
        BundleVerification any = standalone.verify(bundle, Optional.empty());
        assertEquals(VerificationStatus.VERIFIED, any.status());
        assertTrue(any.verified());
    }

    @Test
    void fromBundleVersion02AProofNeedsItsCheckpoint() {
        VerificationResult v01 = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .bundleVersion(BundleVersion.V01).checkpoint(false)));
        assertEquals(ReasonCode.OK, v01.code(), v01.reason());
        VerificationResult v02 = verifier.verify(PKG, factory.responseBytes(PKG, new Options()
                .bundleVersion(BundleVersion.V02).checkpoint(false)));
        assertEquals(ReasonCode.CHECKPOINT_INVALID, v02.code(), v02.reason());
    }

    @Test
    void aProofIndexMustLieInsideItsTree() {
        for (long[] indexAndSize : new long[][] {{-1, 10}, {5, 0}, {10, 10}, {11, 10}}) {
            VerificationResult r = edited(new Options(), b -> {
                ObjectNode proof = (ObjectNode) b.at("/verificationMaterial/tlogEntries/0/inclusionProof");
                proof.put("logIndex", String.valueOf(indexAndSize[0]));
                proof.put("treeSize", String.valueOf(indexAndSize[1]));
            });
            assertEquals(ReasonCode.INCLUSION_PROOF_INVALID, r.code(), java.util.Arrays.toString(indexAndSize));
            assertTrue(r.reason().contains("outside tree"), r.reason());
        }
    }

    @Test
    void aStandaloneVerifierWithoutAnIssuerListAcceptsAnyIssuer() {
        SigstoreBundleVerifier any = new SigstoreBundleVerifier(trust);
        byte[] bundle = SyntheticAttestations.bytes((ObjectNode) factory.response(PKG, new Options()
                .leaf(LeafSpec.standard().withIssuer(Optional.of("https://ci.example.test")))).get("attestations").get(1)
                .get("bundle"));
        assertEquals(ReasonCode.OK, any.verify(bundle, Optional.empty()).code());
        assertEquals(ReasonCode.ISSUER_UNTRUSTED, new SigstoreBundleVerifier(trust,
                java.util.Set.of(LeafCertificates.GITHUB_ISSUER)).verify(bundle, Optional.empty()).code());
    }
}
