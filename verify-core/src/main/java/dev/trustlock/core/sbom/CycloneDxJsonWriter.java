package dev.trustlock.core.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.TimeZone;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

/**
 * Writes the CycloneDX JSON for a {@link Bom} made by {@link SbomBuilder}, with a streaming
 * generator. cyclonedx-core-java's BomJsonGenerator produces the same bytes (a test holds the two
 * to that on every fixture), but its reflection-driven set-up costs ~100 ms per CLI run, a
 * fifth of the whole budget. Only the fields SbomBuilder sets are written: anything else in
 * the model goes through {@link SbomSerializer}'s cyclonedx-core-java path instead.
 */
final class CycloneDxJsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private CycloneDxJsonWriter() {
    }

    static String write(Bom bom, SbomOptions.SpecVersion spec) {
        StringWriter out = new StringWriter(1 << 16);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));
            g.writeStartObject();
            g.writeStringField("bomFormat", "CycloneDX");
            g.writeStringField("specVersion", spec.label());
            stringField(g, "serialNumber", bom.getSerialNumber());
            g.writeNumberField("version", bom.getVersion());
            if (bom.getMetadata() != null) {
                metadata(g, bom.getMetadata());
            }
            // cyclonedx-core-java leaves an empty component list out (e.g. --omit dev on an all-dev project).
            if (!bom.getComponents().isEmpty()) {
                g.writeArrayFieldStart("components");
                for (Component c : bom.getComponents()) {
                    component(g, c);
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("dependencies");
            for (Dependency d : nonNull(bom.getDependencies())) {
                g.writeStartObject();
                g.writeStringField("ref", d.getRef());
                g.writeArrayFieldStart("dependsOn");
                for (Dependency target : nonNull(d.getDependencies())) {
                    g.writeString(target.getRef());
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toString();
    }

    /** True when {@link #write} covers everything this Bom holds. */
    static boolean supports(Bom bom) {
        return bom.getServices() == null && bom.getExternalReferences() == null && bom.getCompositions() == null
                && bom.getVulnerabilities() == null && bom.getAnnotations() == null && bom.getProperties() == null
                && bom.getFormulation() == null && bom.getDeclarations() == null && bom.getDefinitions() == null
                && bom.getSignature() == null && bom.getComponents() != null && bom.getDependencies() != null;
    }

    private static void metadata(JsonGenerator g, Metadata m) throws IOException {
        g.writeObjectFieldStart("metadata");
        if (m.getTimestamp() != null) {
            SimpleDateFormat iso = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
            iso.setTimeZone(TimeZone.getTimeZone("UTC"));
            g.writeStringField("timestamp", iso.format(m.getTimestamp()));
        }
        if (m.getToolChoice() != null) {
            g.writeObjectFieldStart("tools");
            g.writeArrayFieldStart("components");
            for (Component c : nonNull(m.getToolChoice().getComponents())) {
                component(g, c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        if (m.getComponent() != null) {
            g.writeFieldName("component");
            component(g, m.getComponent());
        }
        g.writeEndObject();
    }

    private static void component(JsonGenerator g, Component c) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", c.getType().getTypeName());
        stringField(g, "bom-ref", c.getBomRef());
        stringField(g, "group", c.getGroup());
        stringField(g, "name", c.getName());
        stringField(g, "version", c.getVersion());
        if (c.getScope() != null) {
            g.writeStringField("scope", c.getScope().getScopeName());
        }
        if (c.getHashes() != null && !c.getHashes().isEmpty()) {
            g.writeArrayFieldStart("hashes");
            for (Hash h : c.getHashes()) {
                g.writeStartObject();
                g.writeStringField("alg", h.getAlgorithm());
                g.writeStringField("content", h.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        licenses(g, c.getLicenses());
        stringField(g, "purl", c.getPurl());
        if (c.getExternalReferences() != null && !c.getExternalReferences().isEmpty()) {
            g.writeArrayFieldStart("externalReferences");
            for (ExternalReference r : c.getExternalReferences()) {
                g.writeStartObject();
                g.writeStringField("type", r.getType().getTypeName());
                g.writeStringField("url", r.getUrl());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (c.getProperties() != null && !c.getProperties().isEmpty()) {
            g.writeArrayFieldStart("properties");
            for (Property p : c.getProperties()) {
                g.writeStartObject();
                g.writeStringField("name", p.getName());
                g.writeStringField("value", p.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void licenses(JsonGenerator g, LicenseChoice choice) throws IOException {
        if (choice == null) {
            return;
        }
        g.writeArrayFieldStart("licenses");
        if (choice.getExpression() != null) {
            g.writeStartObject();
            g.writeStringField("expression", choice.getExpression().getValue());
            g.writeEndObject();
        }
        for (License l : nonNull(choice.getLicenses())) {
            g.writeStartObject();
            g.writeObjectFieldStart("license");
            stringField(g, "id", l.getId());
            stringField(g, "name", l.getName());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
