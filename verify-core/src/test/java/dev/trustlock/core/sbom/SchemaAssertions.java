package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;

/**
 * Validates SBOM text against the official CycloneDX schemas: 1.5 and 1.6 as shipped in
 * cyclonedx-core-java, 1.7 from testdata/schemas/cyclonedx-1.7 (SOURCE.md there), which
 * cyclonedx-core-java 12.2.0 does not have.
 */
public final class SchemaAssertions {

    private SchemaAssertions() {
    }

    public static void assertValid(String text, SbomOptions options) throws Exception {
        if (options.spec() == SbomOptions.SpecVersion.V1_7) {
            assertValid17(text, options.format());
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<ParseException> problems = options.format() == SbomOptions.OutputFormat.XML
                ? new XmlParser().validate(bytes, options.spec().cyclonedx())
                : new JsonParser().validate(bytes, options.spec().cyclonedx());
        assertTrue(problems.isEmpty(), "CycloneDX " + options.spec().label() + " " + options.format()
                + " schema violations: " + problems);
    }

    private static void assertValid17(String text, SbomOptions.OutputFormat format) throws Exception {
        if (format == SbomOptions.OutputFormat.XML) {
            assertTrue(text.contains("xmlns=\"http://cyclonedx.org/schema/bom/1.7\""), "not in the 1.7 namespace");
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            javax.xml.validation.Schema xsd = factory.newSchema(Fixtures.repoRoot()
                    .resolve("testdata/schemas/cyclonedx-1.7/bom-1.7.SNAPSHOT.xsd").toFile());
            // Throws SAXParseException (with line and column) on the first violation.
            xsd.newValidator().validate(new StreamSource(new StringReader(text)));
            return;
        }
        com.fasterxml.jackson.databind.JsonNode doc = new ObjectMapper().readTree(text);
        assertTrue("1.7".equals(doc.path("specVersion").asText()), "specVersion is " + doc.path("specVersion"));
        Optional<CycloneDxSchemas.Violation> bad = CycloneDxSchemas.firstViolation(doc, "1.7");
        assertTrue(bad.isEmpty(), () -> "CycloneDX 1.7 JSON schema violation: " + bad.get());
    }
}
