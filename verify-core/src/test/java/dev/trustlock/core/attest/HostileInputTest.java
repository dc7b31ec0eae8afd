package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed and hostile responses end in a result with a fitting code, never an exception. */
class HostileInputTest {

    private static final PackageRef PKG = new PackageRef("sigstore", "1.0.0",
            "sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==");
    private static final AttestationVerifier VERIFIER = new AttestationVerifier(TrustMaterial.bundledDefault());

    @ParameterizedTest
    @ValueSource(strings = {
        "null", "[]", "42", "\"x\"", "{", "{\"attestations\":{}}", "{\"attestations\":[1,\"x\",null]}",
        "{\"attestations\":[{\"predicateType\":\"https://slsa.dev/provenance/v1\"}]}",
        "{\"attestations\":[{\"predicateType\":\"https://slsa.dev/provenance/v1\",\"bundle\":[]}]}",
        "{\"attestations\":[{\"predicateType\":\"https://slsa.dev/provenance/v1\",\"bundle\":{\"mediaType\":7}}]}",
        "{\"attestations\":[{\"predicateType\":\"https://slsa.dev/provenance/v1\",\"bundle\":"
            + "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":"
            + "{\"certificate\":{\"rawBytes\":\"AAAA\"},\"tlogEntries\":[{}]}}}]}",
        "{\"attestations\":[],\"attestations\":[]}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"
    })
    void garbageIsNeverVerifiedAndNeverThrows(String body) {
        VerificationResult r = VERIFIER.verify(PKG, body.getBytes(StandardCharsets.UTF_8));
        assertNotEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
        assertEquals(r.code().status(), r.status(), r.reason());
    }

    @Test
    void notFoundBodyIsNoProvenance() {
        VerificationResult r = VERIFIER.verify(PKG, "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(VerificationStatus.NO_PROVENANCE, r.status());
        assertEquals(ReasonCode.NO_ATTESTATIONS, r.code());
    }

    /** Reshaping a real response without touching signed bytes must still never verify a lie. */
    @Test
    void structuralEditsOfARealResponse() throws Exception {
        ObjectMapper om = new ObjectMapper();
        JsonNode real = om.readTree(Files.readAllBytes(RealWorldFixtures.dir().resolve("attestations/sigstore@1.0.0.json")));
        JsonNode provenance = real.path("attestations").get(0);
        JsonNode publish = real.path("attestations").get(1);

        // Publish attestation alone: not provenance.
        assertEquals(ReasonCode.PROVENANCE_MISSING, verify(om, List.of(publish)).code());
        // Provenance listed under the publish type (and vice versa): the signed type decides.
        ObjectNode relabelled = provenance.deepCopy();
        relabelled.put("predicateType", "https://slsa.dev/provenance/v1");
        assertEquals(ReasonCode.PREDICATE_TYPE_MISMATCH, verify(om, List.of(relabelled, publish)).code());
        ObjectNode swapped = publish.deepCopy();
        swapped.put("predicateType", "https://slsa.dev/provenance/v0.2");
        assertEquals(ReasonCode.BUNDLE_MALFORMED, verify(om, List.of(swapped)).code());
        // An unknown extra predicate does not change a verified result.
        ObjectNode extra = om.createObjectNode().put("predicateType", "https://example.com/other/v1");
        VerificationResult withExtra = verify(om, List.of(provenance, publish, extra));
        assertEquals(VerificationStatus.VERIFIED, withExtra.status(), withExtra.reason());
        assertEquals(ReasonCode.PREDICATE_TYPE_IGNORED, withExtra.attestations().get(2).code());
        // Absurd integrated time: malformed, not an exception.
        ObjectNode farFuture = provenance.deepCopy();
        ((ObjectNode) farFuture.at("/bundle/verificationMaterial/tlogEntries/0")).put("integratedTime", "9223372036854775807");
        assertEquals(ReasonCode.BUNDLE_MALFORMED, verify(om, List.of(farFuture, publish)).code());
        // Bundle version the verifier does not know: unverifiable, not invalid.
        ObjectNode future = provenance.deepCopy();
        ((ObjectNode) future.path("bundle")).put("mediaType", "application/vnd.dev.sigstore.bundle.v0.9+json");
        VerificationResult r = verify(om, List.of(future, publish));
        assertEquals(ReasonCode.MEDIA_TYPE_UNSUPPORTED, r.code());
        assertEquals(VerificationStatus.UNVERIFIABLE, r.status());
    }

    private static VerificationResult verify(ObjectMapper om, List<JsonNode> attestations) throws Exception {
        ObjectNode body = om.createObjectNode();
        body.putArray("attestations").addAll(attestations);
        return VERIFIER.verify(PKG, om.writeValueAsBytes(body));
    }
}
