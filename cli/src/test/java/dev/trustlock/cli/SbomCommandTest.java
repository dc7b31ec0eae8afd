package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustlock sbom} end to end on the bundled fixture, as a user runs it. */
class SbomCommandTest {

    @TempDir
    Path dir;

    private final Path project = Fixtures.testdata("lockfiles/npm-v3");

    @Test
    void writesValidJsonAndSummarises() throws Exception {
        Path out = dir.resolve("sbom.cdx.json");
        CliRun run = CliRun.of("sbom", project.toString(), "-o", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(new JsonParser().validate(Files.readAllBytes(out), Version.VERSION_16).isEmpty());
        JsonNode bom = new ObjectMapper().readTree(out.toFile());
        assertEquals("1.6", bom.get("specVersion").asText());
        int components = bom.get("components").size();
        assertTrue(run.err().contains("wrote " + out + ": " + components + " packages"), run.err());
        assertEquals("", run.out(), "nothing on stdout when -o is given");
    }

    @Test
    void writesToStdoutByDefault() throws Exception {
        CliRun run = CliRun.of("sbom", project.resolve("package-lock.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("CycloneDX", new ObjectMapper().readTree(run.out()).get("bomFormat").asText());
    }

    @Test
    void xmlAndSpec15AreValid() throws Exception {
        Path out = dir.resolve("sbom.cdx.xml");
        CliRun run = CliRun.of("sbom", project.toString(), "-o", out.toString(), "--spec", "1.5");
        assertEquals(0, run.exitCode(), run.err());
        String xml = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(xml.contains("http://cyclonedx.org/schema/bom/1.5"), "xml chosen from the extension");
        assertTrue(new XmlParser().validate(xml.getBytes(StandardCharsets.UTF_8), Version.VERSION_15).isEmpty());
    }

    @Test
    void omitDevLeavesNoExcludedComponent() throws Exception {
        CliRun all = CliRun.of("sbom", project.toString());
        CliRun prod = CliRun.of("sbom", project.toString(), "--omit", "dev");
        JsonNode allBom = new ObjectMapper().readTree(all.out());
        JsonNode prodBom = new ObjectMapper().readTree(prod.out());
        long excluded = 0;
        for (JsonNode c : allBom.get("components")) {
            excluded += "excluded".equals(c.path("scope").asText()) ? 1 : 0;
        }
        assertTrue(excluded > 0);
        assertEquals(allBom.get("components").size() - excluded, prodBom.get("components").size());
        prodBom.get("components").forEach(c -> assertTrue(!"excluded".equals(c.path("scope").asText())));
    }

    @Test
    void sameInputSameBytesApartFromTimestamp() {
        String a = CliRun.of("sbom", project.toString()).out().replaceAll("\"timestamp\" : \"[^\"]+\"", "");
        String b = CliRun.of("sbom", project.toString()).out().replaceAll("\"timestamp\" : \"[^\"]+\"", "");
        assertEquals(a, b);
    }

    @Test
    void sourceDateEpochIsHonoured() {
        assertEquals(Instant.ofEpochSecond(1700000000), Timestamps.parse("1700000000").orElseThrow());
        assertThrows(UserError.class, () -> Timestamps.parse("yesterday"));
    }
}
