package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.testing.Fixtures;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xml.sax.SAXParseException;

/**
 * {@code sbom --spec 1.7} on every real project's lockfile is valid against the official
 * CycloneDX 1.7 JSON and XML schemas (testdata/schemas/cyclonedx-1.7), and holds the same
 * components as the 1.6 document.
 */
class CycloneDx17Test {

    @ParameterizedTest
    @ValueSource(strings = {"npm-v1-videojs", "npm-v3-addons-linter", "npm-v3-appium", "yarn-classic-webpack",
        "yarn-berry-jest", "pnpm-v9-vuecore", "bun-hono"})
    void realProjectsAreValid17(String project) throws Exception {
        DependencyGraph graph = Lockfiles.read(Fixtures.shared("lockfiles-real/" + project), Optional.empty());
        for (SbomOptions.OutputFormat format : SbomOptions.OutputFormat.values()) {
            SbomOptions o = new SbomOptions(SbomOptions.SpecVersion.V1_7, format, Set.of(), Optional.empty());
            SchemaAssertions.assertValid(SbomSerializer.serialize(new SbomBuilder("test").build(graph, o), o), o);
        }
        SbomOptions v17 = new SbomOptions(SbomOptions.SpecVersion.V1_7, SbomOptions.OutputFormat.JSON, Set.of(),
                Optional.empty());
        String json17 = SbomSerializer.serialize(new SbomBuilder("test").build(graph, v17), v17);
        String json16 = SbomSerializer.serialize(new SbomBuilder("test").build(graph, SbomOptions.defaults()),
                SbomOptions.defaults());
        assertEquals(SbomFixtures.componentIds(SbomFixtures.JSON.readTree(json16), true),
                SbomFixtures.componentIds(SbomFixtures.JSON.readTree(json17), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JSON", "XML"})
    void theValidatorsSayNo(String formatName) throws Exception {
        DependencyGraph graph = Lockfiles.read(Fixtures.shared("lockfiles-real/bun-hono"), Optional.empty());
        SbomOptions.OutputFormat format = SbomOptions.OutputFormat.valueOf(formatName);
        SbomOptions o = new SbomOptions(SbomOptions.SpecVersion.V1_7, format, Set.of(), Optional.empty());
        String good = SbomSerializer.serialize(new SbomBuilder("test").build(graph, o), o);
        if (format == SbomOptions.OutputFormat.XML) {
            String bad = good.replaceFirst("<component type=\"library\"", "<component type=\"gadget\"");
            assertThrows(SAXParseException.class, () -> SchemaAssertions.assertValid(bad, o));
        } else {
            String bad = good.replaceFirst("\"type\" : \"library\"", "\"type\" : \"gadget\"");
            assertThrows(AssertionError.class, () -> SchemaAssertions.assertValid(bad, o));
        }
    }
}
