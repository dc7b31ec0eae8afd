package dev.trustlock.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustMaterialTest {

    private static final String KEYID = "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA";

    private static Path realRoot() {
        return Fixtures.shared("real-world/trust/sigstore-public-good.trusted_root.json");
    }

    private static Path realKeys() {
        return Fixtures.shared("real-world/trust/npm-registry.keys.json");
    }

    @Test
    void bundledDefaultIsThePublicGoodInstance() throws Exception {
        TrustMaterial t = TrustMaterial.bundledDefault();
        // Rekor's log id is SHA-256 of its key: check it independently of the loader.
        String rekorId = "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d";
        TransparencyLog rekor = t.rekorLog(rekorId).orElseThrow();
        assertEquals("https://rekor.sigstore.dev", rekor.baseUrl());
        assertEquals(rekor, t.rekorLog(rekorId.toUpperCase(java.util.Locale.ROOT)).orElseThrow());
        assertTrue(t.rekorLog("00" + rekorId.substring(2)).isEmpty(), "a log the root does not name is no log");
        assertTrue(t.rekorLog("").isEmpty());
        assertEquals(rekorId, HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(rekor.publicKey().getEncoded())));
        assertFalse(t.certificateAuthorities().isEmpty());
        assertFalse(t.ctLogs().isEmpty());
        assertEquals(2, t.npmKeys(KEYID, NpmKey.SIGNATURES).size() + t.npmKeys(KEYID, NpmKey.ATTESTATIONS).size());
    }

    @Test
    void tufKeysShapeKeepsUsageAndWindows() throws Exception {
        TrustMaterial t = TrustMaterial.load(realRoot(), realKeys());
        NpmKey att = t.npmKeys(KEYID, NpmKey.ATTESTATIONS).get(0);
        assertEquals(Optional.of(Instant.parse("2022-12-01T00:00:00Z")), att.validity().start());
        assertEquals(Optional.of(Instant.parse("2025-01-29T00:00:00Z")), att.validity().end());
        assertTrue(att.validity().contains(Instant.parse("2023-02-09T00:00:00Z")));
        assertFalse(att.validity().contains(Instant.parse("2022-11-30T23:59:59Z")));
        assertFalse(att.validity().contains(Instant.parse("2025-01-29T00:00:01Z")));
    }

    @Test
    void registryKeysEndpointShapeIsAcceptedForBothUsages(@TempDir Path tmp) throws Exception {
        // Build the /-/npm/v1/keys response from the TUF file, the way the registry serves it.
        ObjectMapper om = new ObjectMapper();
        JsonNode tuf = om.readTree(Files.readAllBytes(realKeys()));
        ObjectNode endpoint = om.createObjectNode();
        ArrayNode keys = endpoint.putArray("keys");
        for (JsonNode k : tuf.path("keys")) {
            if (!k.path("keyUsage").asText().equals(NpmKey.SIGNATURES)) {
                continue;
            }
            ObjectNode e = keys.addObject();
            JsonNode end = k.path("publicKey").path("validFor").path("end");
            if (end.isMissingNode()) {
                e.putNull("expires");
            } else {
                e.put("expires", end.asText());
            }
            e.put("keyid", k.path("keyId").asText());
            e.put("keytype", "ecdsa-sha2-nistp256");
            e.put("scheme", "ecdsa-sha2-nistp256");
            e.put("key", k.path("publicKey").path("rawBytes").asText());
        }
        Path file = tmp.resolve("keys.json");
        Files.write(file, om.writeValueAsBytes(endpoint));
        TrustMaterial t = TrustMaterial.load(realRoot(), file);
        assertEquals(1, t.npmKeys(KEYID, NpmKey.SIGNATURES).size());
        assertEquals(1, t.npmKeys(KEYID, NpmKey.ATTESTATIONS).size());
        assertEquals(Optional.of(Instant.parse("2025-01-29T00:00:00Z")),
                t.npmKeys(KEYID, NpmKey.SIGNATURES).get(0).validity().end());
        assertEquals(4, t.npmKeys().size());
    }

    @Test
    void badFilesFailWithOneLineMessages(@TempDir Path tmp) throws Exception {
        Path notJson = Files.writeString(tmp.resolve("a.json"), "{nope");
        Path wrongType = Files.writeString(tmp.resolve("b.json"), "{\"mediaType\":\"text/plain\"}");
        Path noKeys = Files.writeString(tmp.resolve("c.json"), "{\"keys\":[]}");
        assertMessage(assertThrows(TrustMaterialException.class, () -> TrustMaterial.load(notJson, realKeys())));
        assertMessage(assertThrows(TrustMaterialException.class, () -> TrustMaterial.load(wrongType, realKeys())));
        assertMessage(assertThrows(TrustMaterialException.class, () -> TrustMaterial.load(realRoot(), noKeys)));
        assertMessage(assertThrows(TrustMaterialException.class,
                () -> TrustMaterial.load(tmp.resolve("missing.json"), realKeys())));
        // What the message says, and where: the file named first, a position for a JSON problem.
        String missing = assertThrows(TrustMaterialException.class,
                () -> TrustMaterial.load(tmp.resolve("missing.json"), realKeys())).getMessage();
        assertEquals(tmp.resolve("missing.json") + ": no such file", missing);
        String dir = assertThrows(TrustMaterialException.class, () -> TrustMaterial.load(tmp, realKeys())).getMessage();
        assertEquals(tmp + ": not a regular file", dir);
        Path big = tmp.resolve("big.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(TrustMaterial.MAX_BYTES + 1L);
        }
        assertEquals(big + ": larger than " + TrustMaterial.MAX_BYTES + " bytes, so not trust material",
                assertThrows(TrustMaterialException.class, () -> TrustMaterial.load(realRoot(), big)).getMessage());
        Path exact = tmp.resolve("exact.json");
        byte[] padded = new byte[TrustMaterial.MAX_BYTES];
        java.util.Arrays.fill(padded, (byte) ' ');
        byte[] keys = Files.readAllBytes(realKeys());
        System.arraycopy(keys, 0, padded, 0, keys.length);
        Files.write(exact, padded);
        assertEquals(TrustMaterial.load(realRoot(), realKeys()).digest(), TrustMaterial.load(realRoot(), exact).digest(),
                "a file of exactly the limit is read");
        String json = assertThrows(TrustMaterialException.class, () -> TrustMaterial.load(notJson, realKeys())).getMessage();
        assertTrue(json.startsWith(notJson + ":1:"), json);
        Path trailing = Files.writeString(tmp.resolve("t.json"), "{\"keys\":[]}\n\n  {}");
        String after = assertThrows(TrustMaterialException.class, () -> TrustMaterial.load(realRoot(), trailing)).getMessage();
        assertEquals(trailing + ":3:3: invalid JSON: trailing content after the JSON value", after);
        String badKey = "{\"keys\":[{\"keyId\":\"k\",\"keyUsage\":\"npm:signatures\",\"publicKey\":{\"rawBytes\":\"AAAA\"}}]}";
        assertMessage(assertThrows(TrustMaterialException.class, () -> TrustMaterial.fromStreams(
                Files.newInputStream(realRoot()), stream(badKey))));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMessage(TrustMaterialException e) {
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
