package dev.trustlock.core.sbom;

import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

/** CycloneDX document text for a {@link Bom}, in the requested spec version and syntax. */
public final class SbomSerializer {

    private SbomSerializer() {
    }

    /**
     * Loads and initialises the SBOM path (model, purls, licences, the generator's serialisers)
     * on a throw-away one-package graph. Meant for a background thread at start-up: a CLI run is
     * dominated by class loading, and this half can overlap with reading the lockfile.
     */
    public static void warmUp(SbomOptions.OutputFormat format) {
        dev.trustlock.core.lockfile.DependencyGraph.Builder b =
                new dev.trustlock.core.lockfile.DependencyGraph.Builder(dev.trustlock.core.lockfile.LockfileFormat.NPM_PACKAGE_LOCK);
        dev.trustlock.core.lockfile.PackageNode root = new dev.trustlock.core.lockfile.PackageNode(
                dev.trustlock.core.lockfile.PackageKey.of("warm-up", "1.0.0"), dev.trustlock.core.lockfile.SourceType.ROOT,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of("MIT"),
                new java.util.TreeSet<>(), java.util.Optional.of(""), false);
        dev.trustlock.core.lockfile.PackageNode dep = new dev.trustlock.core.lockfile.PackageNode(
                dev.trustlock.core.lockfile.PackageKey.of("@scope/dep", "1.0.0"), dev.trustlock.core.lockfile.SourceType.REGISTRY,
                java.util.Optional.of("https://registry.npmjs.org/@scope/dep/-/dep-1.0.0.tgz"),
                java.util.Optional.of("sha1-XRKFFd8TT/Mn6QpMk/Tgd6U2NB8="), java.util.Optional.of("ISC"),
                new java.util.TreeSet<>(java.util.Set.of("alias")), java.util.Optional.empty(), false);
        b.root(root).add(dep).edge(root.key(), dep.key(), dev.trustlock.core.lockfile.DependencyKind.DEV);
        SbomOptions options = new SbomOptions(SbomOptions.SpecVersion.V1_6, format, java.util.Set.of(),
                java.util.Optional.of(java.time.Instant.EPOCH));
        serialize(new SbomBuilder("warm-up").build(b.build(), options), options);
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
            return options.format() == SbomOptions.OutputFormat.XML
                    ? BomGeneratorFactory.createXml(options.spec().cyclonedx(), bom).toXmlString()
                    : BomGeneratorFactory.createJson(options.spec().cyclonedx(), bom).toJsonString(true);
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
        }
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
