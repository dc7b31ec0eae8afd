package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;

/** Validates SBOM text against the official CycloneDX schemas shipped in cyclonedx-core-java. */
public final class SchemaAssertions {

    private SchemaAssertions() {
    }

    public static void assertValid(String text, SbomOptions options) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<ParseException> problems = options.format() == SbomOptions.OutputFormat.XML
                ? new XmlParser().validate(bytes, options.spec().cyclonedx())
                : new JsonParser().validate(bytes, options.spec().cyclonedx());
        assertTrue(problems.isEmpty(), "CycloneDX " + options.spec().label() + " " + options.format()
                + " schema violations: " + problems);
    }
}
