package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Acceptance on recorded registry responses: every valid one verifies with the MANIFEST's SAN. */
class RealWorldAttestationsTest {

    @TestFactory
    Stream<DynamicTest> everyValidFileVerifiesWithItsSan() throws Exception {
        TrustMaterial trust = RealWorldFixtures.trust();
        AttestationVerifier verifier = new AttestationVerifier(trust);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode a : RealWorldFixtures.manifest().path("attestations")) {
            if (!a.path("expect").asText().startsWith("valid")) {
                continue;
            }
            String file = a.path("file").asText();
            tests.add(DynamicTest.dynamicTest(file, () -> {
                byte[] body = Files.readAllBytes(RealWorldFixtures.dir().resolve(file));
                String integrity = a.path("integrity").isTextual() ? a.path("integrity").asText()
                        : integrityFromProvenanceSubject(body);
                PackageRef pkg = RealWorldFixtures.fromPurl(a.path("purl").asText(), integrity);
                VerificationResult r = verifier.verify(pkg, body);
                assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
                assertEquals(ReasonCode.OK, r.code());
                assertEquals(a.path("san").asText(), r.identity().orElseThrow().san().orElseThrow());
                assertEquals("https://token.actions.githubusercontent.com", r.identity().get().issuer().orElseThrow());
                assertFalse(r.attestations().isEmpty());
                r.attestations().forEach(x -> assertEquals(VerificationStatus.VERIFIED, x.status(), x.reason()));
            }));
        }
        assertTrue(tests.size() >= 8, "MANIFEST lists the valid attestation files");
        return tests.stream();
    }

    /**
     * For packages gone from the registry the MANIFEST has no independent integrity; take the
     * digest the provenance statement names (decoded here, not by the verifier) so that the
     * signatures are still checked end to end.
     */
    private static String integrityFromProvenanceSubject(byte[] body) throws Exception {
        ObjectMapper om = new ObjectMapper();
        for (JsonNode a : om.readTree(body).path("attestations")) {
            if (a.path("predicateType").asText().startsWith("https://slsa.dev/provenance/")) {
                byte[] payload = Base64.getDecoder().decode(a.path("bundle").path("dsseEnvelope").path("payload").asText());
                String hex = om.readTree(payload).path("subject").get(0).path("digest").path("sha512").asText();
                return "sha512-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
            }
        }
        throw new AssertionError("no provenance attestation");
    }

    @Test
    void tamperedProvenanceSignatureIsInvalidAndSaysSo() throws Exception {
        AttestationVerifier verifier = new AttestationVerifier(RealWorldFixtures.trust());
        JsonNode tampered = null;
        for (JsonNode a : RealWorldFixtures.manifest().path("attestations")) {
            if (a.path("expect").asText().startsWith("invalid")) {
                tampered = a;
            }
        }
        byte[] body = Files.readAllBytes(RealWorldFixtures.dir().resolve(tampered.path("file").asText()));
        VerificationResult r = verifier.verify(
                RealWorldFixtures.fromPurl(tampered.path("purl").asText(), tampered.path("integrity").asText()), body);
        assertEquals(VerificationStatus.INVALID, r.status(), r.reason());
        assertEquals(ReasonCode.DSSE_SIGNATURE_INVALID, r.code(), r.reason());
        assertTrue(r.reason().contains("signature"), r.reason());
    }

    @Test
    void wrongIntegrityIsASubjectDigestMismatch() throws Exception {
        AttestationVerifier verifier = new AttestationVerifier(RealWorldFixtures.trust());
        byte[] body = Files.readAllBytes(RealWorldFixtures.dir().resolve("attestations/sigstore@1.0.0.json"));
        // tuf-js's integrity: a real sha512, just not this package's.
        VerificationResult r = verifier.verify(new PackageRef("sigstore", "1.0.0",
                "sha512-1dxsQwESDzACJjTdYHQ4wJ1f/of7jALWKfJEHSBWUQB/5UTJUx9SW6GHXp4mZ1KvdBRJCpGjssoPFGi4hvw8/A=="), body);
        assertEquals(VerificationStatus.INVALID, r.status());
        assertEquals(ReasonCode.SUBJECT_DIGEST_MISMATCH, r.code());
    }

    @Test
    void otherPackageOrVersionIsRejected() throws Exception {
        AttestationVerifier verifier = new AttestationVerifier(RealWorldFixtures.trust());
        byte[] body = Files.readAllBytes(RealWorldFixtures.dir().resolve("attestations/sigstore@1.0.0.json"));
        String integrity = "sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==";
        assertEquals(ReasonCode.SUBJECT_NAME_MISMATCH,
                verifier.verify(new PackageRef("sigstore-evil", "1.0.0", integrity), body).code());
        assertEquals(ReasonCode.SUBJECT_VERSION_MISMATCH,
                verifier.verify(new PackageRef("sigstore", "1.0.1", integrity), body).code());
    }

    @Test
    void emptyOrMissingResponseIsNoProvenance() throws Exception {
        AttestationVerifier verifier = new AttestationVerifier(RealWorldFixtures.trust());
        PackageRef pkg = new PackageRef("x", "1.0.0", "sha512-AA==");
        assertEquals(VerificationStatus.NO_PROVENANCE, verifier.verify(pkg, new byte[0]).status());
        assertEquals(VerificationStatus.NO_PROVENANCE, verifier.verify(pkg, "{\"attestations\":[]}".getBytes()).status());
        assertEquals(VerificationStatus.INVALID, verifier.verify(pkg, "[1,2".getBytes()).status());
    }
}
