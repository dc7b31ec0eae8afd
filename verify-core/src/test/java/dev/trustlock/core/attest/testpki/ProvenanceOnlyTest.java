package dev.trustlock.core.attest.testpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Fault;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Options;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lighter check of an earlier release's provenance (a baseline for the identity rules, never
 * a verdict): it leaves out the publish attestation and the inclusion proof, and nothing else. A
 * forged provenance bundle fails it as it fails the full check.
 */
class ProvenanceOnlyTest {

    @TempDir
    static Path dir;

    private static SyntheticAttestations factory;
    private static AttestationVerifier verifier;
    private static final PackageRef PKG = SyntheticAttestations.samplePackage();

    @BeforeAll
    static void setUp() throws Exception {
        TestPki pki = TestPki.shared();
        factory = new SyntheticAttestations(pki);
        TestPki.TrustFiles files = pki.writeTrust(dir.resolve("trust"));
        verifier = new AttestationVerifier(TrustMaterial.load(files.trustedRoot(), files.npmKeys()));
    }

    @Test
    void aGoodResponseVerifiesWithTheSameIdentity() {
        byte[] good = factory.responseBytes(PKG, new Options());
        VerificationResult full = verifier.verify(PKG, good);
        VerificationResult light = verifier.verifyProvenance(PKG, good);
        assertTrue(light.verified(), light.reason());
        assertEquals(full.identity(), light.identity());
    }

    @Test
    void theMissingPublishAttestationAndABrokenProofAreLeftOutOnPurpose() {
        assertEquals(ReasonCode.OK, verifier.verifyProvenance(PKG, factory.responseBytes(PKG,
                new Options().withPublish(false))).code());
        assertEquals(ReasonCode.OK, verifier.verifyProvenance(PKG, factory.responseBytes(PKG,
                new Options().provenanceFault(Fault.PROOF_HASH_FLIPPED))).code());
        // The full check refuses both.
        assertEquals(ReasonCode.PUBLISH_ATTESTATION_MISSING, verifier.verify(PKG, factory.responseBytes(PKG,
                new Options().withPublish(false))).code());
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"DSSE_SIGNATURE_FLIPPED", "PAYLOAD_CHANGED_AFTER_SIGNING",
            "SIGNED_BY_ANOTHER_KEY", "SET_SIGNATURE_FLIPPED", "SET_REMOVED", "SET_BY_UNKNOWN_LOG_KEY",
            "INTEGRATED_TIME_EDITED", "BODY_FOR_ANOTHER_ENVELOPE", "CERTIFICATE_BYTES_GARBLED"})
    void aForgedProvenanceFailsTheLightCheckToo(Fault fault) {
        VerificationResult r = verifier.verifyProvenance(PKG, factory.responseBytes(PKG,
                new Options().provenanceFault(fault)));
        assertTrue(r.status() != VerificationStatus.VERIFIED, fault + ": " + r.reason());
    }

    @Test
    void anotherPackagesProvenanceIsNoBaseline() {
        byte[] other = factory.responseBytes(SyntheticAttestations.packageFor("other", "1.0.0"), new Options());
        assertEquals(VerificationStatus.INVALID, verifier.verifyProvenance(PKG, other).status());
    }
}
