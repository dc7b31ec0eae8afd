package dev.trustlock.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;

/**
 * Existing CycloneDX documents (JSON or XML, 1.2 to 1.7) in and out of cyclonedx-core-java's
 * model, including 1.7, which that library (12.2.0) does not know: a 1.7 document is read and
 * written as 1.6 under the 1.7 label (1.7 only adds to 1.6).
 */
public final class CycloneDxDocuments {

    /** The namespace an XML document declares its spec version in; group 1 is the version. */
    public static final Pattern XML_NAMESPACE =
            Pattern.compile("xmlns(?::\\w+)?=\"http://cyclonedx\\.org/schema/bom/(1\\.\\d+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CycloneDxDocuments() {
    }

    public static boolean isXml(byte[] doc) {
        String head = new String(doc, 0, Math.min(doc.length, 64), StandardCharsets.UTF_8);
        return head.stripLeading().startsWith("<");
    }

    /** The spec version a document declares ("1.6"), or "" when it declares none. */
    public static String specVersion(byte[] doc) {
        if (isXml(doc)) {
            Matcher m = XML_NAMESPACE.matcher(new String(doc, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : "";
        }
        try {
            return JSON.readTree(doc).path("specVersion").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The model of a document that has passed its schema. */
    public static Bom parse(byte[] doc) throws ParseException {
        if (isXml(doc)) {
            String text = new String(doc, StandardCharsets.UTF_8);
            return new XmlParser().parse(text.replace("http://cyclonedx.org/schema/bom/1.7",
                    "http://cyclonedx.org/schema/bom/1.6").getBytes(StandardCharsets.UTF_8));
        }
        return new JsonParser().parse(doc);
    }

    /** The model as the JSON of {@code specVersion}'s schema (1.2 becomes 1.3, the first with properties). */
    public static String toJson(Bom bom, String specVersion) {
        String label = "1.2".equals(specVersion) ? "1.3" : specVersion;
        Version generator = "1.7".equals(label) ? Version.VERSION_16 : Version.fromVersionString(label);
        if (generator == null) {
            throw new IllegalArgumentException("unsupported CycloneDX version " + specVersion);
        }
        try {
            String json = relabel(BomGeneratorFactory.createJson(generator, bom).toJsonString(true),
                    generator.getVersionString(), label);
            return json.endsWith("\n") ? json : json + "\n";
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
        }
    }

    /**
     * A document cyclonedx-core-java generated in {@code generated} (1.6 for 1.7) under the
     * {@code wanted} label: the XML namespace, or the JSON specVersion (the generator writes it
     * once, near the top, always in this spelling).
     */
    static String relabel(String text, String generated, String wanted) {
        if (generated.equals(wanted)) {
            return text;
        }
        if (text.stripLeading().startsWith("<")) {
            return text.replaceFirst("xmlns=\"http://cyclonedx\\.org/schema/bom/" + Pattern.quote(generated) + "\"",
                    "xmlns=\"http://cyclonedx.org/schema/bom/" + wanted + "\"");
        }
        return text.replaceFirst("\"specVersion\" ?: ?\"" + Pattern.quote(generated) + "\"",
                "\"specVersion\" : \"" + wanted + "\"");
    }

    /** The model as a JSON tree (for readers that work on JSON). */
    public static JsonNode toJsonTree(Bom bom) {
        return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonNode();
    }
}
