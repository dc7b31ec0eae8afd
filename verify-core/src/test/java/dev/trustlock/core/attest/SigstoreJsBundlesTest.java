package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * sigstore-js's test bundles (v0.1..v0.3, dsse and intoto, with and without inclusion proofs):
 * each signs the publish statement in bundles/statement.json for sigstore@1.0.0 with an e-mail
 * identity. They exercise the Sigstore layer in every bundle shape on real public-good data.
 */
class SigstoreJsBundlesTest {

    private static final ObjectMapper OM = new ObjectMapper();

    private static PackageRef sigstore100() throws Exception {
        for (JsonNode a : RealWorldFixtures.manifest().path("attestations")) {
            if (a.path("purl").asText().equals("pkg:npm/sigstore@1.0.0")) {
                return RealWorldFixtures.fromPurl(a.path("purl").asText(), a.path("integrity").asText());
            }
        }
        throw new AssertionError("MANIFEST lacks sigstore@1.0.0");
    }

    private static List<Path> bundles() throws Exception {
        Path dir = RealWorldFixtures.dir().resolve(RealWorldFixtures.manifest().path("bundles").path("dir").asText());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sigstore.json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBundleVerifiesAndSignsTheStatement() throws Exception {
        SigstoreBundleVerifier verifier = new SigstoreBundleVerifier(RealWorldFixtures.trust());
        PackageRef subject = sigstore100();
        byte[] statement = Files.readAllBytes(RealWorldFixtures.dir().resolve("bundles/statement.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : bundles()) {
            tests.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                byte[] bytes = Files.readAllBytes(p);
                byte[] payload = Base64.getDecoder().decode(OM.readTree(bytes).path("dsseEnvelope").path("payload").asText());
                assertEquals(new String(statement), new String(payload), "the bundle signs statement.json");
                BundleVerification r = verifier.verify(bytes, Optional.of(subject));
                assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
                String san = r.identity().orElseThrow().san().orElseThrow();
                assertTrue(san.contains("@") && !san.contains("://"), "an e-mail identity: " + san);
            }));
        }
        assertEquals(9, tests.size());
        return tests.stream();
    }

    @Test
    void npmPolicyRejectsAnEmailIdentity() throws Exception {
        // The same bundle under the npm issuer policy: a person's e-mail is not a CI publisher.
        SigstoreBundleVerifier npmPolicy = new SigstoreBundleVerifier(RealWorldFixtures.trust(),
                AttestationVerifier.DEFAULT_ACCEPTED_ISSUERS);
        BundleVerification r = npmPolicy.verify(Files.readAllBytes(bundles().get(0)), Optional.of(sigstore100()));
        assertEquals(ReasonCode.ISSUER_UNTRUSTED, r.code(), r.reason());
    }

    /** One real bundle with a proof and a checkpoint, damaged in one place at a time. */
    @Test
    void damageToLogMaterialIsNamed() throws Exception {
        SigstoreBundleVerifier verifier = new SigstoreBundleVerifier(RealWorldFixtures.trust());
        Path v02 = bundles().stream().filter(p -> p.getFileName().toString().equals("bundleV02-dsse.sigstore.json"))
                .findFirst().orElseThrow();
        JsonNode original = OM.readTree(Files.readAllBytes(v02));

        assertEquals(ReasonCode.SET_INVALID, damage(verifier, original, e -> e.put("integratedTime",
                String.valueOf(e.path("integratedTime").asLong() + 1))));
        assertEquals(ReasonCode.SET_INVALID, damage(verifier, original, e -> e.put("logIndex",
                String.valueOf(e.path("logIndex").asLong() + 1))));
        assertEquals(ReasonCode.INCLUSION_PROOF_INVALID, damage(verifier, original, e -> {
            ObjectNode proof = (ObjectNode) e.path("inclusionProof");
            proof.put("logIndex", String.valueOf(proof.path("logIndex").asLong() - 1));
        }));
        assertEquals(ReasonCode.INCLUSION_PROOF_INVALID, damage(verifier, original, e -> {
            com.fasterxml.jackson.databind.node.ArrayNode hashes = (com.fasterxml.jackson.databind.node.ArrayNode)
                    e.path("inclusionProof").path("hashes");
            hashes.set(0, OM.getNodeFactory().textNode(Base64.getEncoder().encodeToString(new byte[32])));
        }));
        assertEquals(ReasonCode.CHECKPOINT_INVALID, damage(verifier, original, e -> {
            ObjectNode cp = (ObjectNode) e.path("inclusionProof").path("checkpoint");
            cp.put("envelope", cp.path("envelope").asText().replaceFirst("\n\\d+\n", "\n1\n"));
        }));
        assertEquals(ReasonCode.TLOG_KEY_UNKNOWN, damage(verifier, original, e ->
                ((ObjectNode) e.path("logId")).put("keyId", Base64.getEncoder().encodeToString(new byte[32]))));
        assertEquals(ReasonCode.INCLUSION_PROOF_MISSING, damage(verifier, original, e -> e.remove("inclusionProof")));
    }

    private interface EntryEdit {
        void apply(ObjectNode entry);
    }

    private static ReasonCode damage(SigstoreBundleVerifier v, JsonNode original, EntryEdit edit) throws Exception {
        ObjectNode copy = original.deepCopy();
        edit.apply((ObjectNode) copy.path("verificationMaterial").path("tlogEntries").get(0));
        BundleVerification r = v.verify(OM.writeValueAsBytes(copy), Optional.empty());
        assertEquals(r.code().status(), r.status());
        assertTrue(r.status() != VerificationStatus.VERIFIED, "a damaged bundle verified");
        return r.code();
    }
}
