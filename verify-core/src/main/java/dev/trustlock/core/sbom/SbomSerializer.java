package dev.trustlock.core.sbom;

import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

/** CycloneDX document text for a {@link Bom}, in the requested spec version and syntax. */
public final class SbomSerializer {

    private SbomSerializer() {
    }

    public static String serialize(Bom bom, SbomOptions options) {
        try {
            String text = options.format() == SbomOptions.OutputFormat.XML
                    ? BomGeneratorFactory.createXml(options.spec().cyclonedx(), bom).toXmlString()
                    : BomGeneratorFactory.createJson(options.spec().cyclonedx(), bom).toJsonString(true);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
        }
    }
}
