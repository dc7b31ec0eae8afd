package dev.trustlock.core.sbom;

import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

/** CycloneDX document text for a {@link Bom}, in the requested spec version and syntax. */
public final class SbomSerializer {

    private SbomSerializer() {
    }

    public static String serialize(Bom bom, SbomOptions options) {
        if (options.format() == SbomOptions.OutputFormat.JSON && CycloneDxJsonWriter.supports(bom)) {
            return withNewline(CycloneDxJsonWriter.write(bom, options.spec()));
        }
        return withNewline(viaCycloneDxCore(bom, options));
    }

    /** cyclonedx-core-java's own generators: XML, and the reference the JSON writer is held to. */
    static String viaCycloneDxCore(Bom bom, SbomOptions options) {
        try {
            String text = options.format() == SbomOptions.OutputFormat.XML
                    ? BomGeneratorFactory.createXml(options.spec().cyclonedx(), bom).toXmlString()
                    : BomGeneratorFactory.createJson(options.spec().cyclonedx(), bom).toJsonString(true);
            return relabel(text, options);
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
        }
    }

    /**
     * A document generated in an older version than asked for (1.7 through 1.6, see
     * {@link SbomOptions.SpecVersion#V1_7}) gets the asked-for version: the XML namespace, or the
     * JSON specVersion (the generator writes it once, near the top, always in this spelling).
     */
    private static String relabel(String text, SbomOptions options) {
        String generated = options.spec().cyclonedx().getVersionString();
        String wanted = options.spec().label();
        if (generated.equals(wanted)) {
            return text;
        }
        if (options.format() == SbomOptions.OutputFormat.XML) {
            return text.replaceFirst("xmlns=\"http://cyclonedx\\.org/schema/bom/" + java.util.regex.Pattern.quote(generated)
                    + "\"", "xmlns=\"http://cyclonedx.org/schema/bom/" + wanted + "\"");
        }
        return text.replaceFirst("\"specVersion\" ?: ?\"" + java.util.regex.Pattern.quote(generated) + "\"",
                "\"specVersion\" : \"" + wanted + "\"");
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
