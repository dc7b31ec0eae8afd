package dev.trustlock.core.attest.testpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.AttestationResult;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.RegistrySignatureVerifier;
import dev.trustlock.core.attest.RegistrySigning;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.LeafCertificates.GithubIdentity;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.BundleVersion;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Options;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Slsa;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.TlogKind;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundle shape the verifier claims to support, signed by the synthetic PKI, verifies, and
 * the identity it reports is the one written into the certificate (not one read back from the
 * factory's output).
 */
class SyntheticBundlesTest {

    private static final GithubIdentity ID = GithubIdentity.sample();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static SyntheticAttestations factory;
    private static AttestationVerifier verifier;
    private static TrustMaterial trust;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.shared();
        factory = new SyntheticAttestations(pki);
        TestPki.TrustFiles files = pki.writeTrust(dir.resolve("trust"));
        trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
        verifier = new AttestationVerifier(trust);
    }

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (BundleVersion version : BundleVersion.values()) {
            for (TlogKind kind : List.of(TlogKind.INTOTO, TlogKind.DSSE)) {
                for (Slsa slsa : Slsa.values()) {
                    for (boolean publish : List.of(true, false)) {
                        // v0.2 and v0.3 require an inclusion proof; v0.1 is valid either way.
                        for (boolean proof : version == BundleVersion.V01 ? List.of(false, true) : List.of(true)) {
                            out.add(Arguments.of(version, kind, slsa, proof, publish));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} SLSA {2} proof={3} publish={4}")
    @MethodSource("shapes")
    void everySupportedShapeVerifiesWithTheCertificateIdentity(BundleVersion version, TlogKind kind, Slsa slsa,
            boolean proof, boolean publish) {
        PackageRef pkg = SyntheticAttestations.samplePackage();
        Options o = new Options().bundleVersion(version).tlogKind(kind).slsa(slsa).inclusionProof(proof)
                .withPublish(publish);
        VerificationResult r = verifier.verify(pkg, factory.responseBytes(pkg, o));
        if (!publish) {
            // Every bundle checks out, but provenance without the registry's publish attestation is refused.
            assertEquals(ReasonCode.PUBLISH_ATTESTATION_MISSING, r.code(), r.reason());
            assertEquals(VerificationStatus.VERIFIED, r.attestations().get(0).status(), r.attestations().get(0).reason());
            assertIdentity(r);
            return;
        }

        assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
        assertEquals(ReasonCode.OK, r.code(), r.reason());
        assertEquals(2, r.attestations().size());
        for (AttestationResult a : r.attestations()) {
            assertEquals(VerificationStatus.VERIFIED, a.status(), a.predicateType() + ": " + a.reason());
        }
        assertIdentity(r);
        assertPredicateFields(r.identity().orElseThrow(), slsa);
    }

    @Test
    void inTotoStatementV01AndAnUnscopedPackageVerify() {
        PackageRef pkg = SyntheticAttestations.packageFor("left-pad", "1.2.3");
        Options o = new Options().statementType(SyntheticAttestations.STATEMENT_V01).slsa(Slsa.V02)
                .bundleVersion(BundleVersion.V01).inclusionProof(false);
        VerificationResult r = verifier.verify(pkg, factory.responseBytes(pkg, o));
        assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
        assertIdentity(r);
    }

    @Test
    void inclusionProofWithoutCheckpointVerifiesInV01() {
        PackageRef pkg = SyntheticAttestations.samplePackage();
        Options o = new Options().bundleVersion(BundleVersion.V01).inclusionProof(true).checkpoint(false);
        VerificationResult r = verifier.verify(pkg, factory.responseBytes(pkg, o));
        assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
    }

    @Test
    void retiredNpmKeyStillVerifiesAPublishAttestationLoggedWhileItWasValid() {
        PackageRef pkg = SyntheticAttestations.samplePackage();
        // The whole publication happened in 2024, inside the retired key's window.
        Instant earlier = Instant.parse("2024-06-01T12:00:00Z");
        Options o = new Options().publishKey(pki.npmRetired)
                .leaf(LeafCertificates.LeafSpec.standard().withNotBefore(earlier))
                .provenanceIntegratedTime(earlier.plusSeconds(30))
                .publishIntegratedTime(earlier.plusSeconds(32));
        VerificationResult r = verifier.verify(pkg, factory.responseBytes(pkg, o));
        assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
    }

    @Test
    void registrySignaturesVerifyWithTheKeyValidAtPublishTime() {
        RegistrySignatureVerifier registry = new RegistrySignatureVerifier(trust);
        PackageRef pkg = SyntheticAttestations.samplePackage();
        SignatureCheck current = registry.verify(pkg, SyntheticAttestations.distSignatures(pkg, pki.npmCurrent),
                Optional.of(TestPki.T0.plusSeconds(60)), RegistrySigning.SIGNS);
        assertEquals(VerificationStatus.VERIFIED, current.status(), current.reason());
        assertEquals(pki.npmCurrent.keyId(), current.keyid().orElseThrow());
        SignatureCheck retired = registry.verify(pkg, SyntheticAttestations.distSignatures(pkg, pki.npmRetired),
                Optional.of(Instant.parse("2024-06-01T12:00:00Z")), RegistrySigning.SIGNS);
        assertEquals(VerificationStatus.VERIFIED, retired.status(), retired.reason());
    }

    /** The build fields of the signed SLSA predicate, as written by the factory for {@link GithubIdentity#sample()}. */
    private static void assertPredicateFields(PublishIdentity id, Slsa slsa) {
        assertEquals(slsa.predicateType, id.predicateType().orElse(null));
        if (slsa == Slsa.V1) {
            assertEquals("https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
                    id.buildType().orElse(null));
            assertEquals("https://github.com/actions/runner/github-hosted", id.builderId().orElse(null));
            assertEquals("https://github.com/trustlock-test/left-pad/actions/runs/1234567890/attempts/1",
                    id.invocationId().orElse(null));
        } else {
            assertEquals("https://github.com/npm/cli/gha/v2", id.buildType().orElse(null));
            assertEquals("https://github.com/actions/runner", id.builderId().orElse(null));
            assertEquals("1234567890-1", id.invocationId().orElse(null));
        }
    }

    private static void assertIdentity(VerificationResult r) {
        assertTrue(r.identity().isPresent(), "a verified result carries the publisher identity");
        PublishIdentity id = r.identity().get();
        assertEquals(ID.san(), id.san().orElse(null));
        assertEquals("https://github.com/trustlock-test/left-pad/.github/workflows/publish.yml@refs/tags/v1.2.3",
                id.san().orElse(null));
        assertEquals(LeafCertificates.GITHUB_ISSUER, id.issuer().orElse(null));
        assertEquals("https://github.com/trustlock-test/left-pad", id.sourceRepositoryUri().orElse(null));
        assertEquals(".github/workflows/publish.yml", id.workflow().orElse(null));
        assertEquals("refs/tags/v1.2.3", id.ref().orElse(null));
        assertEquals(ID.sha(), id.sourceRepositoryDigest().orElse(null));
        assertEquals(ID.san(), id.buildSignerUri().orElse(null));
        assertEquals("github-hosted", id.runnerEnvironment().orElse(null));
        assertEquals(ID.trigger(), id.buildTrigger().orElse(null));
        assertEquals(ID.runInvocationUri(), id.runInvocationUri().orElse(null));
        assertEquals(ID.repositoryId(), id.sourceRepositoryIdentifier().orElse(null));
        assertEquals(ID.ownerUri(), id.sourceRepositoryOwnerUri().orElse(null));
    }
}
