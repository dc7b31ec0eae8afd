package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustlock.core.testing.Fixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every JSON verdict verify-attestations prints conforms to schemas/attestation-verification.schema.json. */
class VerifyAttestationsSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Schema schema() throws Exception {
        try (InputStream in = Files.newInputStream(
                Fixtures.repoRoot().resolve("schemas/attestation-verification.schema.json"))) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void everyManifestEntryAndAFewFailuresConform() throws Exception {
        Schema schema = schema();
        Path realWorld = Fixtures.shared("real-world");
        JsonNode manifest = JSON.readTree(realWorld.resolve("MANIFEST.json").toFile());
        List<String> statuses = new ArrayList<>();
        for (JsonNode entry : manifest.get("attestations")) {
            String purl = entry.get("purl").asText();
            String nameAtVersion = java.net.URLDecoder.decode(purl.substring("pkg:npm/".length()),
                    java.nio.charset.StandardCharsets.UTF_8);
            String integrity = entry.path("integrity").asText("sha512-" + "A".repeat(86) + "==");
            for (String pkg : new String[] {nameAtVersion, nameAtVersion.replaceAll("@([^@]+)$", "@0.0.0-other")}) {
                CliRun run = CliRun.of("verify-attestations", realWorld.resolve(entry.get("file").asText()).toString(),
                        "--package", pkg, "--integrity", integrity, "--format", "json");
                assertTrue(run.exitCode() == 0 || run.exitCode() == 1 || run.exitCode() == 3, run.err());
                JsonNode out = JSON.readTree(run.out());
                var errors = schema.validate(out);
                assertEquals(List.of(), errors, pkg + " " + entry.get("file").asText());
                statuses.add(out.get("status").asText());
            }
        }
        assertTrue(statuses.contains("VERIFIED"));
        assertTrue(statuses.contains("INVALID"));
    }

    @Test
    void theSchemaRejectsWhatItShould() throws Exception {
        Schema schema = schema();
        JsonNode bad = JSON.readTree("{\"package\":{\"name\":\"a\",\"version\":\"1\",\"integrity\":\"x\"},"
                + "\"status\":\"PROBABLY_FINE\",\"code\":\"OK\",\"reason\":\"r\",\"identity\":null,\"attestations\":[]}");
        assertFalse(schema.validate(bad).isEmpty());
    }
}
