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
            // 1.7 is generated as 1.6 (see SbomOptions.SpecVersion.V1_7) and labelled 1.7.
            return CycloneDxDocuments.relabel(text, options.spec().cyclonedx().getVersionString(), options.spec().label());
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
        }
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
