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

    /** The timestamp is the UTC instant on every machine, whatever its time zone (the 'Z' must not lie). */
    @Test
    void theTimestampIsUtcWhateverTheMachinesTimeZone() throws Exception {
        DependencyGraph graph = Lockfiles.read(Fixtures.testdata("lockfiles/npm-v3"), Optional.empty());
        SbomOptions options = new SbomOptions(SbomOptions.SpecVersion.V1_6, SbomOptions.OutputFormat.JSON, Set.of(),
                Optional.of(Instant.parse("2026-03-31T00:15:00Z")));
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kathmandu")); // +05:45, no DST
            Bom bom = new SbomBuilder("9.9.9").build(graph, options);
            String fast = CycloneDxJsonWriter.write(bom, SbomOptions.SpecVersion.V1_6);
            assertTrue(fast.contains("\"timestamp\" : \"2026-03-31T00:15:00Z\""), fast.substring(0, 400));
            assertEquals(SbomSerializer.viaCycloneDxCore(bom, options).strip(), fast.strip());
        } finally {
            java.util.TimeZone.setDefault(saved);
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
