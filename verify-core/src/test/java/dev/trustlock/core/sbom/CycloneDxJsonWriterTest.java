package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.cyclonedx.model.Bom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast JSON writer must write exactly what cyclonedx-core-java's BomJsonGenerator writes for
 * the same model, byte for byte, on every lockfile we have (both spec versions, with and without
 * a timestamp and omissions), so using it changes nothing but the time taken.
 */
class CycloneDxJsonWriterTest {

    static Stream<Path> lockfiles() throws Exception {
        List<Path> dirs = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.walk(Fixtures.testdata("lockfiles"), 3)) {
            s.filter(p -> Lockfiles.KNOWN_NAMES.contains(p.getFileName().toString())).forEach(dirs::add);
        }
        Path real = Fixtures.shared("lockfiles-real");
        try (Stream<Path> s = Files.walk(real, 2)) {
            s.filter(p -> Lockfiles.KNOWN_NAMES.contains(p.getFileName().toString())).forEach(dirs::add);
        }
        return dirs.stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("lockfiles")
    void sameBytesAsCycloneDxCore(Path lockfile) throws Exception {
        DependencyGraph graph = Lockfiles.read(lockfile, Optional.empty());
        for (SbomOptions.SpecVersion spec : SbomOptions.SpecVersion.values()) {
            for (SbomOptions options : List.of(
                    new SbomOptions(spec, SbomOptions.OutputFormat.JSON, Set.of(), Optional.empty()),
                    new SbomOptions(spec, SbomOptions.OutputFormat.JSON, Set.of(SbomOptions.Omit.DEV),
                            Optional.of(Instant.ofEpochSecond(1_700_000_123))))) {
                Bom bom = new SbomBuilder("9.9.9").build(graph, options);
                assertTrue(CycloneDxJsonWriter.supports(bom));
                String reference = SbomSerializer.viaCycloneDxCore(bom, options);
                String fast = CycloneDxJsonWriter.write(bom, spec);
                assertEquals(reference.strip(), fast.strip(), lockfile + " " + spec);
            }
        }
    }

    @Test
    void unsupportedModelsFallBackToCycloneDxCore() {
        Bom bom = new Bom();
        bom.setComponents(new java.util.ArrayList<>());
        bom.setDependencies(new java.util.ArrayList<>());
        assertTrue(CycloneDxJsonWriter.supports(bom));
        bom.addProperty(new org.cyclonedx.model.Property());
        assertTrue(!CycloneDxJsonWriter.supports(bom));
    }
}
