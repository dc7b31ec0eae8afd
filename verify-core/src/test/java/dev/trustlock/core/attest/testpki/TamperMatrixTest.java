package dev.trustlock.core.attest.testpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.RegistrySignatureVerifier;
import dev.trustlock.core.attest.RegistrySigning;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.LeafCertificates.SctMode;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.BundleVersion;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Fault;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Options;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Slsa;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.TlogKind;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One defect per row, each injected by the synthetic PKI with everything else consistent, each
 * expected to be rejected (never VERIFIED) with its own reason code and the status that code
 * implies. Zero false accepts: a row that verifies fails the build. The baseline (no defect) is
 * checked to verify, so that a rejection below is caused by the defect and nothing else.
 */
class TamperMatrixTest {

    private static final PackageRef PKG = SyntheticAttestations.samplePackage();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SyntheticAttestations factory;
    private static AttestationVerifier verifier;
    private static AttestationVerifier rootOnlyVerifier;
    private static RegistrySignatureVerifier registry;
    private static AttestationVerifier caExpiredVerifier;
    private static AttestationVerifier rekorNotYetValidVerifier;

    /** What a verifier concluded, attestation or registry signature alike. */
    record Outcome(VerificationStatus status, ReasonCode code, String reason) {
    }

    /** A named mutation, the code it must be rejected with, and how to run it. */
    record Mutation(String name, ReasonCode expected, Supplier<Outcome> run) {
        @Override
        public String toString() {
            return name + " -> " + expected;
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.shared();
        factory = new SyntheticAttestations(pki);
        TestPki.TrustFiles standard = pki.writeTrust(dir.resolve("standard"));
        TestPki.TrustFiles rootOnly = pki.writeTrust(dir.resolve("root-only"), TestPki.CaLayout.ROOT_ONLY);
        TrustMaterial trust = TrustMaterial.load(standard.trustedRoot(), standard.npmKeys());
        verifier = new AttestationVerifier(trust);
        rootOnlyVerifier = new AttestationVerifier(TrustMaterial.load(rootOnly.trustedRoot(), rootOnly.npmKeys()));
        registry = new RegistrySignatureVerifier(trust);
        caExpiredVerifier = verifierFor(pki.writeTrust(dir.resolve("ca-expired"),
                TestPki.TrustVariant.standard().withCaEnd(TestPki.T0.minus(Duration.ofDays(1)))));
        rekorNotYetValidVerifier = verifierFor(pki.writeTrust(dir.resolve("rekor-later"),
                TestPki.TrustVariant.standard().withRekorStart(TestPki.T0.plus(Duration.ofDays(1)))));
    }

    private static AttestationVerifier verifierFor(TestPki.TrustFiles files) throws Exception {
        return new AttestationVerifier(TrustMaterial.load(files.trustedRoot(), files.npmKeys()));
    }

    static List<Mutation> mutations() {
        List<Mutation> m = new ArrayList<>();
        Instant logged = SyntheticAttestations.defaultProvenanceTime();

        // DSSE envelope of the provenance attestation
        m.add(att("DSSE signature byte flipped", ReasonCode.DSSE_SIGNATURE_INVALID,
                o -> o.provenanceFault(Fault.DSSE_SIGNATURE_FLIPPED)));
        m.add(att("payload changed after signing (logged as changed)", ReasonCode.DSSE_SIGNATURE_INVALID,
                o -> o.provenanceFault(Fault.PAYLOAD_CHANGED_AFTER_SIGNING)));
        m.add(att("PAE computed with character instead of byte lengths", ReasonCode.DSSE_SIGNATURE_INVALID,
                o -> o.provenanceFault(Fault.PAE_WITH_CHARACTER_LENGTHS)));
        m.add(att("envelope signed by a key other than the certificate's", ReasonCode.DSSE_SIGNATURE_INVALID,
                o -> o.provenanceFault(Fault.SIGNED_BY_ANOTHER_KEY)));
        m.add(att("payloadType changed (and signed) to application/json", ReasonCode.PAYLOAD_TYPE_UNSUPPORTED,
                o -> o.payloadType("application/json")));

        // Certificate chain, SCT, validity, identity
        m.add(att("leaf issued by another (untrusted) CA", ReasonCode.CERT_CHAIN_UNTRUSTED,
                o -> o.leaf(LeafSpec.standard().withCa(TestPki.Issuer.UNTRUSTED_CA))));
        m.add(att("leaf from another CA impersonating the trusted intermediate's name", ReasonCode.CERT_CHAIN_INVALID,
                o -> o.leaf(LeafSpec.standard().withCa(TestPki.Issuer.IMPERSONATING_CA))));
        m.add(att("leaf issued by an intermediate the trusted root does not list", ReasonCode.CERT_CHAIN_UNTRUSTED,
                o -> o.leaf(LeafSpec.standard().withCa(TestPki.Issuer.ROGUE_INTERMEDIATE))));
        m.add(new Mutation("intermediate missing from both bundle and trusted root", ReasonCode.CERT_CHAIN_UNTRUSTED,
                () -> of(rootOnlyVerifier.verify(PKG, factory.responseBytes(PKG,
                        new Options().bundleVersion(BundleVersion.V03))))));
        m.add(new Mutation("issuing CA's validFor ended before the signing time", ReasonCode.CA_NOT_VALID_AT_TIME,
                () -> of(caExpiredVerifier.verify(PKG, factory.responseBytes(PKG, new Options())))));
        // Fulcio always sets codeSigning; sigstore-go refuses leaves without it (x509 KeyUsages).
        m.add(att("leaf without the codeSigning extended key usage", ReasonCode.CERT_USAGE_INVALID,
                o -> o.leaf(LeafSpec.standard().withCodeSigningEku(false))));
        m.add(att("leaf whose key usage is not digitalSignature", ReasonCode.CERT_USAGE_INVALID,
                o -> o.leaf(LeafSpec.standard().withDigitalSignatureKeyUsage(false))));
        m.add(att("SCT removed", ReasonCode.SCT_MISSING, o -> o.leaf(LeafSpec.standard().withSct(SctMode.NONE))));
        m.add(att("SCT signed by an unknown CT log", ReasonCode.SCT_LOG_UNKNOWN,
                o -> o.leaf(LeafSpec.standard().withSct(SctMode.UNKNOWN_LOG))));
        m.add(att("SCT signature over another TBS", ReasonCode.SCT_INVALID,
                o -> o.leaf(LeafSpec.standard().withSct(SctMode.BAD_SIGNATURE))));
        m.add(att("leaf expired before integratedTime", ReasonCode.CERT_NOT_VALID_AT_INTEGRATED_TIME,
                o -> o.leaf(LeafSpec.standard().withValidity(Duration.ofSeconds(20)))));
        m.add(att("integratedTime before the leaf's notBefore", ReasonCode.CERT_NOT_VALID_AT_INTEGRATED_TIME,
                o -> o.provenanceIntegratedTime(TestPki.T0.minusSeconds(60))));
        m.add(att("OIDC issuer extensions missing", ReasonCode.IDENTITY_MISSING,
                o -> o.leaf(LeafSpec.standard().withIssuer(Optional.empty()))));
        m.add(att("OIDC issuer not an accepted CI provider", ReasonCode.ISSUER_UNTRUSTED,
                o -> o.leaf(LeafSpec.standard().withIssuer(Optional.of("https://accounts.evil.test")))));

        // Transparency log entry
        m.add(att("SET signature byte flipped", ReasonCode.SET_INVALID,
                o -> o.provenanceFault(Fault.SET_SIGNATURE_FLIPPED)));
        m.add(att("integratedTime edited after the SET was signed", ReasonCode.SET_INVALID,
                o -> o.provenanceFault(Fault.INTEGRATED_TIME_EDITED)));
        m.add(att("SET signed over a different logIndex", ReasonCode.SET_INVALID,
                o -> o.provenanceFault(Fault.SET_OVER_OTHER_LOG_INDEX)));
        m.add(att("SET signed by a key other than the named log's", ReasonCode.SET_INVALID,
                o -> o.provenanceFault(Fault.SET_BY_UNKNOWN_LOG_KEY)));
        m.add(att("entry from a log (logId) the trusted root does not list", ReasonCode.TLOG_KEY_UNKNOWN,
                o -> o.provenanceFault(Fault.ENTRY_FROM_UNKNOWN_LOG)));
        m.add(new Mutation("log key's validFor starts after integratedTime", ReasonCode.TLOG_KEY_NOT_VALID_AT_TIME,
                () -> of(rekorNotYetValidVerifier.verify(PKG, factory.responseBytes(PKG, new Options())))));
        m.add(att("v0.1 entry with neither SET nor inclusion proof", ReasonCode.SET_MISSING,
                o -> o.bundleVersion(BundleVersion.V01).inclusionProof(false).provenanceFault(Fault.SET_REMOVED)));
        // Without a SET (and with no RFC 3161 timestamp) nothing authenticates integratedTime: a proof is not enough.
        m.add(att("v0.3 entry with inclusion proof but no SET", ReasonCode.SET_MISSING,
                o -> o.bundleVersion(BundleVersion.V03).provenanceFault(Fault.SET_REMOVED)));
        m.add(att("tlog body records another envelope (payload/tlog mismatch)", ReasonCode.TLOG_BODY_MISMATCH,
                o -> o.provenanceFault(Fault.BODY_FOR_ANOTHER_ENVELOPE)));
        m.add(att("tlog body (dsse) records another envelope", ReasonCode.TLOG_BODY_MISMATCH,
                o -> o.tlogKind(TlogKind.DSSE).provenanceFault(Fault.BODY_FOR_ANOTHER_ENVELOPE)));
        m.add(att("tlog body records another signature", ReasonCode.TLOG_BODY_MISMATCH,
                o -> o.provenanceFault(Fault.BODY_WITH_OTHER_SIGNATURE)));
        m.add(att("tlog body (dsse) records another public key / certificate", ReasonCode.TLOG_BODY_MISMATCH,
                o -> o.tlogKind(TlogKind.DSSE).provenanceFault(Fault.BODY_WITH_OTHER_PUBLIC_KEY)));
        m.add(att("tlog body (intoto) records another public key / certificate", ReasonCode.TLOG_BODY_MISMATCH,
                o -> o.provenanceFault(Fault.BODY_WITH_OTHER_PUBLIC_KEY)));
        m.add(att("tlog body of another kind than kindVersion declares", ReasonCode.TLOG_BODY_MISMATCH,
                o -> o.provenanceFault(Fault.BODY_OF_OTHER_KIND)));
        m.add(att("tlog body is not JSON (but logged)", ReasonCode.TLOG_BODY_MALFORMED,
                o -> o.provenanceFault(Fault.BODY_NOT_JSON)));
        m.add(att("tlog kind unsupported (hashedrekord)", ReasonCode.TLOG_KIND_UNSUPPORTED,
                o -> o.tlogKind(TlogKind.HASHEDREKORD)));
        m.add(att("tlog entries empty", ReasonCode.TLOG_ENTRY_MISSING,
                o -> o.provenanceFault(Fault.TLOG_ENTRIES_EMPTY)));

        // Inclusion proof and checkpoint
        m.add(att("inclusion proof hash flipped", ReasonCode.INCLUSION_PROOF_INVALID,
                o -> o.provenanceFault(Fault.PROOF_HASH_FLIPPED)));
        m.add(att("inclusion proof with wrong tree size (checkpoint agrees)", ReasonCode.INCLUSION_PROOF_INVALID,
                o -> o.provenanceFault(Fault.PROOF_TREE_SIZE_WRONG)));
        m.add(att("inclusion proof with wrong root hash (checkpoint agrees)", ReasonCode.INCLUSION_PROOF_INVALID,
                o -> o.provenanceFault(Fault.PROOF_ROOT_HASH_WRONG)));
        m.add(att("inclusion proof for another leaf index", ReasonCode.INCLUSION_PROOF_INVALID,
                o -> o.provenanceFault(Fault.PROOF_LOG_INDEX_WRONG)));
        m.add(att("checkpoint signed for another tree size", ReasonCode.CHECKPOINT_INVALID,
                o -> o.provenanceFault(Fault.CHECKPOINT_FOR_OTHER_SIZE)));
        m.add(att("inclusion proof missing in a v0.2 bundle", ReasonCode.INCLUSION_PROOF_MISSING,
                o -> o.inclusionProof(false)));
        m.add(att("checkpoint signature flipped", ReasonCode.CHECKPOINT_INVALID,
                o -> o.provenanceFault(Fault.CHECKPOINT_SIGNATURE_FLIPPED)));
        m.add(att("checkpoint signed for another root hash", ReasonCode.CHECKPOINT_INVALID,
                o -> o.provenanceFault(Fault.CHECKPOINT_FOR_OTHER_ROOT)));
        m.add(att("checkpoint signed by an unknown key", ReasonCode.CHECKPOINT_INVALID,
                o -> o.provenanceFault(Fault.CHECKPOINT_BY_UNKNOWN_KEY)));

        // Statement
        m.add(att("subject names another package", ReasonCode.SUBJECT_NAME_MISMATCH,
                o -> o.subjectName(SyntheticAttestations.purl("@trustlock-test/right-pad", PKG.version()))));
        m.add(att("subject names another version", ReasonCode.SUBJECT_VERSION_MISMATCH,
                o -> o.subjectName(SyntheticAttestations.purl(PKG.name(), "1.2.4"))));
        m.add(att("subject sha512 differs from the integrity", ReasonCode.SUBJECT_DIGEST_MISMATCH,
                o -> o.subjectSha512Hex(SyntheticAttestations.sha512Hex(
                        SyntheticAttestations.packageFor(PKG.name(), "9.9.9").integrity()))));
        m.add(att("signed payload is not JSON", ReasonCode.STATEMENT_MALFORMED,
                o -> o.provenanceFault(Fault.STATEMENT_NOT_JSON)));
        m.add(new Mutation("response body is not an attestations document", ReasonCode.RESPONSE_MALFORMED,
                () -> of(verifier.verify(PKG, "[1,2,3]".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        m.add(att("signed predicate type unknown, listed as SLSA v1", ReasonCode.PREDICATE_TYPE_MISMATCH,
                o -> o.statementPredicateType("https://example.test/unknown-predicate/v1")
                        .listedPredicateType(SyntheticAttestations.PROVENANCE_V1)));
        m.add(att("predicate type unknown (signed and listed): no provenance left", ReasonCode.PROVENANCE_MISSING,
                o -> o.statementPredicateType("https://example.test/unknown-predicate/v1")));

        // The predicate must tell the certificate's story: every field it claims, in both SLSA versions.
        for (Slsa slsa : Slsa.values()) {
            for (String[] claim : new String[][] {
                    {"repository", "https://github.com/someone-else/left-pad"},
                    {"path", ".github/workflows/other.yml"},
                    {"ref", "refs/heads/attacker-branch"},
                    {"commit", "0000000000000000000000000000000000000000"},
                    {"trigger", "workflow_dispatch"},
                    {"repository_id", "1"},
                    {"owner_id", "2"},
                    {"run", slsa == Slsa.V1 ? "https://github.com/trustlock-test/left-pad/actions/runs/1/attempts/1" : "1-1"},
                    {"runner", "self-hosted"}}) {
                if (slsa == Slsa.V02 && claim[0].equals("runner")) {
                    continue; // v0.2 records no runner environment
                }
                m.add(att("SLSA " + slsa + " predicate claims another " + claim[0] + " than the certificate",
                        ReasonCode.PROVENANCE_CERTIFICATE_MISMATCH, o -> o.slsa(slsa).claim(claim[0], claim[1])));
            }
        }

        // The set of attestations
        m.add(att("publish attestation removed, provenance left", ReasonCode.PUBLISH_ATTESTATION_MISSING,
                o -> o.withPublish(false)));
        m.add(new Mutation("publish attestation listed under an unknown predicate type",
                ReasonCode.PUBLISH_ATTESTATION_MISSING, () -> {
                    ObjectNode response = factory.response(PKG, new Options());
                    ((ObjectNode) response.get("attestations").get(0)).put("predicateType",
                            "https://github.com/npm/attestation/tree/main/specs/publish/v9");
                    return of(verifier.verify(PKG, SyntheticAttestations.bytes(response)));
                }));
        m.add(new Mutation("provenance attestation listed twice", ReasonCode.ATTESTATION_DUPLICATED, () -> {
            ObjectNode response = factory.response(PKG, new Options());
            ArrayNode list = (ArrayNode) response.get("attestations");
            list.add(list.get(1).deepCopy());
            return of(verifier.verify(PKG, SyntheticAttestations.bytes(response)));
        }));
        m.add(new Mutation("publish attestation listed twice", ReasonCode.ATTESTATION_DUPLICATED, () -> {
            ObjectNode response = factory.response(PKG, new Options());
            ArrayNode list = (ArrayNode) response.get("attestations");
            list.add(list.get(0).deepCopy());
            return of(verifier.verify(PKG, SyntheticAttestations.bytes(response)));
        }));
        m.add(att("bundle chain lists an unrelated certificate after the leaf", ReasonCode.BUNDLE_CHAIN_BROKEN,
                o -> o.bundleVersion(BundleVersion.V01).chainAfterLeaf(pki.untrustedRoot)));
        m.add(att("bundle chain lists root before intermediate", ReasonCode.BUNDLE_CHAIN_BROKEN,
                o -> o.bundleVersion(BundleVersion.V02).chainAfterLeaf(pki.root, pki.intermediate)));

        // Bundle structure
        m.add(att("bundle media type unknown", ReasonCode.MEDIA_TYPE_UNSUPPORTED,
                o -> o.provenanceFault(Fault.MEDIA_TYPE_UNKNOWN)));
        m.add(att("payload is malformed base64", ReasonCode.BUNDLE_MALFORMED,
                o -> o.provenanceFault(Fault.PAYLOAD_BASE64_MALFORMED)));
        m.add(att("verificationMaterial missing", ReasonCode.BUNDLE_MALFORMED,
                o -> o.provenanceFault(Fault.VERIFICATION_MATERIAL_MISSING)));
        m.add(att("DSSE envelope carries no signature", ReasonCode.DSSE_SIGNATURE_COUNT,
                o -> o.provenanceFault(Fault.ENVELOPE_SIGNATURES_EMPTY)));
        m.add(new Mutation("integrity without sha512 (sha1 only)", ReasonCode.INTEGRITY_UNUSABLE,
                () -> of(verifier.verify(new PackageRef(PKG.name(), PKG.version(),
                        "sha1-" + TestPki.b64(TestPki.digest("SHA-1", new byte[] {1}))),
                        factory.responseBytes(PKG, new Options())))));
        m.add(new Mutation("every attestation removed", ReasonCode.NO_ATTESTATIONS,
                () -> {
                    ObjectNode response = factory.response(PKG, new Options());
                    ((ArrayNode) response.get("attestations")).removeAll();
                    return of(verifier.verify(PKG, SyntheticAttestations.bytes(response)));
                }));
        m.add(att("certificate bytes truncated", ReasonCode.CERT_MALFORMED,
                o -> o.provenanceFault(Fault.CERTIFICATE_BYTES_GARBLED)));
        m.add(new Mutation("provenance attestation removed, publish left", ReasonCode.PROVENANCE_MISSING,
                () -> {
                    ObjectNode response = factory.response(PKG, new Options());
                    ArrayNode list = (ArrayNode) response.get("attestations");
                    list.remove(1);
                    return of(verifier.verify(PKG, SyntheticAttestations.bytes(response)));
                }));

        m.add(att("provenance signed by the npm key (hint) instead of a Fulcio certificate", ReasonCode.BUNDLE_MALFORMED,
                o -> o.provenanceFault(Fault.SIGNED_BY_NPM_KEY_INSTEAD_OF_LEAF)));
        m.add(new Mutation("a second, tampered provenance attestation beside a valid one",
                ReasonCode.DSSE_SIGNATURE_INVALID, () -> {
                    ObjectNode response = factory.response(PKG, new Options());
                    ObjectNode bad = factory.response(PKG, new Options().withPublish(false)
                            .provenanceFault(Fault.DSSE_SIGNATURE_FLIPPED));
                    ((ArrayNode) response.get("attestations")).add(bad.get("attestations").get(0));
                    return of(verifier.verify(PKG, SyntheticAttestations.bytes(response)));
                }));

        // Publish attestation
        m.add(att("publish attestation signed by a Fulcio certificate instead of the npm key",
                ReasonCode.BUNDLE_MALFORMED, o -> o.publishFault(Fault.SIGNED_BY_LEAF_INSTEAD_OF_NPM_KEY)));
        m.add(att("publish attestation signed by an unknown npm key", ReasonCode.PUBLISH_KEY_UNKNOWN,
                o -> o.publishKey(pki.npmUnknown)));
        m.add(att("publish attestation signed by a key published only for npm:signatures",
                ReasonCode.PUBLISH_KEY_UNKNOWN, o -> o.publishKey(pki.npmSignaturesOnly)));
        m.add(att("publish key expired at integratedTime", ReasonCode.PUBLISH_KEY_NOT_VALID_AT_TIME,
                o -> o.publishKey(pki.npmRetired)));
        m.add(att("publish logged before the current npm key's validity started",
                ReasonCode.PUBLISH_KEY_NOT_VALID_AT_TIME,
                o -> o.publishIntegratedTime(TestPki.NPM_KEY_ROTATION.minus(Duration.ofDays(1)))));
        m.add(att("publish predicate names another package", ReasonCode.SUBJECT_NAME_MISMATCH,
                o -> o.publishPredicateName("@trustlock-test/right-pad")));
        m.add(att("publish subject names another version", ReasonCode.SUBJECT_VERSION_MISMATCH,
                o -> o.publishSubjectName(SyntheticAttestations.purl(PKG.name(), "1.2.4"))));
        m.add(att("publish DSSE signature flipped", ReasonCode.PUBLISH_SIGNATURE_INVALID,
                o -> o.publishFault(Fault.DSSE_SIGNATURE_FLIPPED)));
        m.add(att("publish subject sha512 differs", ReasonCode.SUBJECT_DIGEST_MISMATCH,
                o -> o.publishSubjectSha512Hex(SyntheticAttestations.sha512Hex(
                        SyntheticAttestations.packageFor(PKG.name(), "0.0.1").integrity()))));
        m.add(att("publish tlog body for another envelope", ReasonCode.TLOG_BODY_MISMATCH,
                o -> o.publishFault(Fault.BODY_FOR_ANOTHER_ENVELOPE)));
        m.add(att("publish SET flipped", ReasonCode.SET_INVALID, o -> o.publishFault(Fault.SET_SIGNATURE_FLIPPED)));

        // Registry signatures (dist.signatures)
        Instant published = logged.plusSeconds(30);
        m.add(reg("registry signature byte flipped", ReasonCode.REGISTRY_SIGNATURE_INVALID, () -> {
            DistSignature s = SyntheticAttestations.distSignatures(PKG, pki.npmCurrent).get(0);
            byte[] der = Base64.getDecoder().decode(s.sig());
            return registry.verify(PKG, List.of(new DistSignature(s.keyid(),
                    TestPki.b64(SyntheticAttestations.flipLast(der)))), Optional.of(published), RegistrySigning.SIGNS);
        }));
        m.add(reg("registry signature over another integrity", ReasonCode.REGISTRY_SIGNATURE_INVALID,
                () -> registry.verify(PKG, SyntheticAttestations.distSignatures(
                        SyntheticAttestations.packageFor(PKG.name(), "9.9.9"), pki.npmCurrent).stream()
                        .toList(), Optional.of(published), RegistrySigning.SIGNS)));
        m.add(reg("registry key expired at publish time", ReasonCode.REGISTRY_KEY_NOT_VALID_AT_TIME,
                () -> registry.verify(PKG, SyntheticAttestations.distSignatures(PKG, pki.npmRetired), Optional.of(published), RegistrySigning.SIGNS)));
        m.add(reg("registry key not yet valid at publish time", ReasonCode.REGISTRY_KEY_NOT_VALID_AT_TIME,
                () -> registry.verify(PKG, SyntheticAttestations.distSignatures(PKG, pki.npmCurrent),
                        Optional.of(TestPki.NPM_KEY_ROTATION.minus(Duration.ofDays(1))), RegistrySigning.SIGNS)));
        m.add(reg("registry signature by an unknown key", ReasonCode.REGISTRY_KEY_UNKNOWN,
                () -> registry.verify(PKG, SyntheticAttestations.distSignatures(PKG, pki.npmUnknown), Optional.of(published), RegistrySigning.SIGNS)));
        m.add(reg("registry signature by a key published only for npm:attestations", ReasonCode.REGISTRY_KEY_UNKNOWN,
                () -> registry.verify(PKG, SyntheticAttestations.distSignatures(PKG, pki.npmAttestationsOnly),
                        Optional.of(published), RegistrySigning.SIGNS)));
        m.add(reg("registry signatures absent from a registry that signs", ReasonCode.REGISTRY_SIGNATURE_REQUIRED,
                () -> registry.verify(PKG, List.of(), Optional.of(published), RegistrySigning.SIGNS)));
        m.add(reg("registry signatures absent, registry publishes no keys", ReasonCode.REGISTRY_UNSIGNED,
                () -> registry.verify(PKG, List.of(), Optional.of(published), RegistrySigning.UNSIGNED)));
        m.add(reg("registry signatures absent, registry keys unknown", ReasonCode.REGISTRY_SIGNATURE_MISSING,
                () -> registry.verify(PKG, List.of(), Optional.of(published), RegistrySigning.UNKNOWN)));
        m.add(reg("a valid registry signature doubled by a forged one", ReasonCode.REGISTRY_SIGNATURE_INVALID, () -> {
            DistSignature s = SyntheticAttestations.distSignatures(PKG, pki.npmCurrent).get(0);
            byte[] der = Base64.getDecoder().decode(s.sig());
            return registry.verify(PKG, List.of(s, new DistSignature(s.keyid(),
                    TestPki.b64(SyntheticAttestations.flipLast(der)))), Optional.of(published), RegistrySigning.SIGNS);
        }));
        m.add(reg("a hundred copies of a valid registry signature", ReasonCode.REGISTRY_SIGNATURE_INVALID,
                () -> registry.verify(PKG, java.util.Collections.nCopies(100,
                        SyntheticAttestations.distSignatures(PKG, pki.npmCurrent).get(0)), Optional.of(published),
                        RegistrySigning.SIGNS)));
        m.add(reg("no publish time and a key that has since expired", ReasonCode.SIGNATURE_TIME_UNKNOWN,
                () -> registry.verify(PKG, SyntheticAttestations.distSignatures(PKG, pki.npmRetired), Optional.empty(),
                        RegistrySigning.SIGNS)));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void everyMutationIsRejectedWithItsOwnReason(Mutation mutation) {
        Outcome out = mutation.run().get();
        assertNotEquals(VerificationStatus.VERIFIED, out.status(), "FALSE ACCEPT: " + mutation.name());
        assertEquals(mutation.expected(), out.code(), mutation.name() + ": " + out.reason());
        assertEquals(mutation.expected().status(), out.status(), mutation.name() + ": " + out.reason());
    }

    /**
     * Every way an attestation or registry signature can be judged a forgery or a failure is
     * produced by some mutation above: a new INVALID or UNVERIFIABLE code without one fails here.
     * (The codes the pipeline sets, for registry trouble and lockfile integrity, are tested there.)
     */
    @Test
    void everyFailureTheVerifiersCanReportIsReachedByAMutation() {
        Set<ReasonCode> reached = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Mutation m : mutations()) {
            assertTrue(names.add(m.name()), "duplicate mutation " + m.name());
            reached.add(m.expected());
        }
        Set<ReasonCode> pipelineOnly = Set.of(ReasonCode.REGISTRY_UNAVAILABLE, ReasonCode.VERSION_NOT_IN_REGISTRY,
                ReasonCode.ATTESTATIONS_NOT_SERVED);
        List<ReasonCode> missing = java.util.Arrays.stream(ReasonCode.values())
                .filter(c -> c.status() == VerificationStatus.INVALID || c.status() == VerificationStatus.UNVERIFIABLE)
                .filter(c -> !pipelineOnly.contains(c) && !reached.contains(c))
                .toList();
        assertEquals(List.of(), missing, "failure codes no mutation produces");
    }

    @Test
    void theUnmutatedBaselinesVerify() {
        VerificationResult r = verifier.verify(PKG, factory.responseBytes(PKG, new Options()));
        assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
        VerificationResult dsse = verifier.verify(PKG, factory.responseBytes(PKG,
                new Options().tlogKind(TlogKind.DSSE)));
        assertEquals(VerificationStatus.VERIFIED, dsse.status(), dsse.reason());
        SignatureCheck sig = registry.verify(PKG, SyntheticAttestations.distSignatures(PKG, pki.npmCurrent),
                Optional.of(SyntheticAttestations.defaultProvenanceTime().plusSeconds(30)), RegistrySigning.SIGNS);
        assertEquals(VerificationStatus.VERIFIED, sig.status(), sig.reason());
    }

    // ---- row builders ------------------------------------------------------------------------

    private static Mutation att(String name, ReasonCode expected, Consumer<Options> configure) {
        return new Mutation(name, expected, () -> {
            Options o = new Options();
            configure.accept(o);
            return of(verifier.verify(PKG, factory.responseBytes(PKG, o)));
        });
    }

    private static Mutation reg(String name, ReasonCode expected, Supplier<SignatureCheck> check) {
        return new Mutation(name, expected, () -> {
            SignatureCheck c = check.get();
            return new Outcome(c.status(), c.code(), c.reason());
        });
    }

    private static Outcome of(VerificationResult r) {
        return new Outcome(r.status(), r.code(), r.reason());
    }
}
