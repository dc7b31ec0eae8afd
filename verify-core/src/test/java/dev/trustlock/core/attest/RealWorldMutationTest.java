package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zero false accepts on real data: every signed or signing byte of a recorded response is
 * flipped (sampled positions, decoded bytes re-encoded so the base64 stays canonical), and the
 * verifier must neither throw nor say VERIFIED.
 */
class RealWorldMutationTest {

    private static final ObjectMapper OM = new ObjectMapper();
    private static final int POSITIONS_PER_FIELD = 16;


    @ParameterizedTest
    @CsvSource({
        "attestations/sigstore@1.0.0.json, sigstore, 1.0.0, sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==",
        "attestations/@playwright__cli@0.1.1.json, @playwright/cli, 0.1.1, sha512-9k11ZfDwAfMVDDIuEVW1Wvs8SoDNXIY1dNQ+9C9/SS8ZmElkcxesu5eoL7vNa96ntibUGaq1TM2qQoqvdl/I9g==",
        "attestations/gundam-visor@1.0.1.json, gundam-visor, 1.0.1, sha512-jZ15cvZ2UWx1AUqgdOEa5gTZjwtk7Gclph4oOP89qxYhGPpxQz+zHhVQ0wvQ3snQhs4DK5RFe1g5AMUHrPOcQA=="
    })
    void noSingleBitFlipInSignedMaterialVerifies(String file, String name, String version, String integrity)
            throws Exception {
        AttestationVerifier verifier = new AttestationVerifier(RealWorldFixtures.trust());
        PackageRef pkg = new PackageRef(name, version, integrity);
        JsonNode original = OM.readTree(Files.readAllBytes(RealWorldFixtures.dir().resolve(file)));
        assertEquals(VerificationStatus.VERIFIED, verifier.verify(pkg, OM.writeValueAsBytes(original)).status());
        Random random = new Random(42);
        int tried = 0;
        for (int a = 0; a < original.path("attestations").size(); a++) {
            JsonNode bundle = original.path("attestations").get(a).path("bundle");
            for (String pointer : signedFields(bundle)) {
                String value = bundle.at(pointer).asText();
                byte[] decoded = Base64.getDecoder().decode(value);
                for (int k = 0; k < POSITIONS_PER_FIELD; k++) {
                    int pos = k == 0 ? 0 : k == 1 ? decoded.length - 1 : random.nextInt(decoded.length);
                    byte[] flipped = decoded.clone();
                    flipped[pos] ^= (byte) (1 << random.nextInt(8));
                    String mutated = Base64.getEncoder().encodeToString(flipped);
                    JsonNode copy = replace(original, a, pointer, mutated);
                    VerificationResult r = verifier.verify(pkg, OM.writeValueAsBytes(copy));
                    assertNotEquals(VerificationStatus.VERIFIED, r.status(),
                            "accepted a flip in attestation " + a + " " + pointer + " byte " + pos);
                    assertEquals(r.code().status(), r.status());
                    tried++;
                }
            }
            for (String pointer : numericFields(bundle)) {
                long v = Long.parseLong(bundle.at(pointer).asText());
                for (long delta : new long[] {1, -1, 1L << 20}) {
                    JsonNode copy = replace(original, a, pointer, String.valueOf(v + delta));
                    VerificationResult r = verifier.verify(pkg, OM.writeValueAsBytes(copy));
                    assertNotEquals(VerificationStatus.VERIFIED, r.status(), "accepted " + pointer + " + " + delta);
                    tried++;
                }
            }
        }
        assertTrue(tried > 150, "tried " + tried);
    }

    private static List<String> signedFields(JsonNode bundle) {
        List<String> out = new ArrayList<>(List.of("/dsseEnvelope/payload", "/dsseEnvelope/signatures/0/sig"));
        JsonNode vm = bundle.path("verificationMaterial");
        if (vm.has("certificate")) {
            out.add("/verificationMaterial/certificate/rawBytes");
        } else if (vm.has("x509CertificateChain")) {
            out.add("/verificationMaterial/x509CertificateChain/certificates/0/rawBytes");
        }
        String e = "/verificationMaterial/tlogEntries/0";
        out.add(e + "/canonicalizedBody");
        out.add(e + "/logId/keyId");
        out.add(e + "/inclusionPromise/signedEntryTimestamp");
        JsonNode proof = vm.path("tlogEntries").get(0).path("inclusionProof");
        if (proof.isObject()) {
            out.add(e + "/inclusionProof/rootHash");
            for (int i = 0; i < proof.path("hashes").size(); i++) {
                out.add(e + "/inclusionProof/hashes/" + i);
            }
        }
        return out;
    }

    private static List<String> numericFields(JsonNode bundle) {
        String e = "/verificationMaterial/tlogEntries/0";
        List<String> out = new ArrayList<>(List.of(e + "/logIndex", e + "/integratedTime"));
        if (bundle.at(e + "/inclusionProof").isObject()) {
            out.add(e + "/inclusionProof/logIndex");
            out.add(e + "/inclusionProof/treeSize");
        }
        return out;
    }

    private static JsonNode replace(JsonNode original, int attestation, String pointer, String value) {
        JsonNode copy = original.deepCopy();
        JsonNode bundle = copy.path("attestations").get(attestation).path("bundle");
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = bundle.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode arr) {
            arr.set(Integer.parseInt(last), OM.getNodeFactory().textNode(value));
        } else {
            ((ObjectNode) parent).put(last, value);
        }
        return copy;
    }

}
