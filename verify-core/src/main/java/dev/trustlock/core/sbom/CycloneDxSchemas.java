package dev.trustlock.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official CycloneDX JSON schemas by spec version (1.2 to 1.6 shipped inside
 * cyclonedx-core-java, 1.7 bundled by this build from testdata/schemas/cyclonedx-1.7), to
 * validate an SBOM before trusting its shape: a {@code components} object instead of an array
 * must be an error, not zero packages.
 */
public final class CycloneDxSchemas {

    /** specVersion to the schema resource; 1.2 and 1.3 in their strict form, as cyclonedx-core-java does. */
    private static final Map<String, String> RESOURCES = Map.of(
            "1.2", "bom-1.2-strict.schema.json",
            "1.3", "bom-1.3-strict.schema.json",
            "1.4", "bom-1.4.schema.json",
            "1.5", "bom-1.5.schema.json",
            "1.6", "bom-1.6.schema.json",
            "1.7", "cyclonedx-1.7/bom-1.7.SNAPSHOT.schema.json");

    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    /** One violation: where (object keys and array indexes) and what. */
    public record Violation(List<Object> path, String message) {
    }

    private CycloneDxSchemas() {
    }

    /** The JSON spec versions this build validates, lowest first. */
    public static List<String> versions() {
        return RESOURCES.keySet().stream().sorted().toList();
    }

    public static boolean supports(String specVersion) {
        return RESOURCES.containsKey(specVersion);
    }

    /** The first violation of the schema of {@code specVersion}, if any. */
    public static Optional<Violation> firstViolation(JsonNode bom, String specVersion) {
        String resource = RESOURCES.get(specVersion);
        if (resource == null) {
            throw new IllegalArgumentException("unsupported CycloneDX version " + specVersion);
        }
        Schema schema = LOADED.computeIfAbsent(specVersion, v -> load(resource));
        List<Error> errors = schema.validate(bom);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Error first = errors.get(0);
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < first.getInstanceLocation().getNameCount(); i++) {
            path.add(first.getInstanceLocation().getElement(i));
        }
        return Optional.of(new Violation(path, first.getMessage()));
    }

    /** A violation of an XML schema, where the XML parser found it. */
    public record XmlViolation(int line, int column, String message) {
    }

    /**
     * The first violation of the CycloneDX XML schema of {@code specVersion}: 1.2 to 1.6 through
     * cyclonedx-core-java, 1.7 against the bundled official XSD. The document must already be
     * free of DOCTYPEs (the caller refuses them); no external entity or schema is fetched.
     */
    public static Optional<XmlViolation> firstXmlViolation(byte[] xml, String specVersion) {
        try {
            if (!"1.7".equals(specVersion)) {
                List<org.cyclonedx.exception.ParseException> problems = new org.cyclonedx.parsers.XmlParser()
                        .validate(xml, org.cyclonedx.Version.fromVersionString(specVersion));
                if (problems.isEmpty()) {
                    return Optional.empty();
                }
                Throwable cause = problems.get(0).getCause();
                if (cause instanceof org.xml.sax.SAXParseException sax) {
                    return Optional.of(new XmlViolation(sax.getLineNumber(), sax.getColumnNumber(), sax.getMessage()));
                }
                return Optional.of(new XmlViolation(0, 0, problems.get(0).getMessage()));
            }
            javax.xml.validation.Validator validator = xsd17().newValidator();
            validator.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new javax.xml.transform.stream.StreamSource(new java.io.ByteArrayInputStream(xml)));
            return Optional.empty();
        } catch (org.xml.sax.SAXParseException e) {
            return Optional.of(new XmlViolation(e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
        } catch (org.xml.sax.SAXException | java.io.IOException e) {
            return Optional.of(new XmlViolation(0, 0, e.getMessage()));
        }
    }

    private static volatile javax.xml.validation.Schema xsd17;

    private static javax.xml.validation.Schema xsd17() throws org.xml.sax.SAXException {
        if (xsd17 == null) {
            javax.xml.validation.SchemaFactory factory = javax.xml.validation.SchemaFactory.newInstance(
                    javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI);
            // The XSD imports its SPDX neighbour from inside the jar; nothing else may be fetched.
            factory.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file");
            factory.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
            xsd17 = factory.newSchema(CycloneDxSchemas.class.getResource("/cyclonedx-1.7/bom-1.7.SNAPSHOT.xsd"));
        }
        return xsd17;
    }

    private static Schema load(String resource) {
        // A schema's $refs to its neighbours (spdx, jsf, cryptography-defs) resolve beside it.
        String dir = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                b -> b.schemaIdResolvers(r -> r.mapPrefix("http://cyclonedx.org/schema/", "classpath:" + dir)));
        return registry.getSchema(SchemaLocation.of("classpath:" + resource));
    }
}
