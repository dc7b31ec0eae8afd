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

    private static Schema load(String resource) {
        // A schema's $refs to its neighbours (spdx, jsf, cryptography-defs) resolve beside it.
        String dir = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                b -> b.schemaIdResolvers(r -> r.mapPrefix("http://cyclonedx.org/schema/", "classpath:" + dir)));
        return registry.getSchema(SchemaLocation.of("classpath:" + resource));
    }
}
