package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.report.AnnotatedSbomRenderer;
import dev.trustlock.core.sbom.SbomBuilder;
import dev.trustlock.core.sbom.SbomOptions;
import dev.trustlock.core.sbom.SbomSerializer;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * verify's inputs besides lockfiles: CycloneDX JSON and XML from 1.2 to 1.7 and SPDX 2.3 JSON.
 * Components that are not npm packages are listed as skipped, never dropped silently.
 */
class SbomInputsTest {

    private static final Path COMPROMISED = Fixtures.testdata("scenarios/axios-2026-03-31/compromised");
    private static final String MAVEN = "pkg:maven/org.example/lib@1.0";

    @TempDir
    Path tmp;

    private static DependencyGraph lockfileGraph() throws Exception {
        return Lockfiles.read(COMPROMISED, Optional.empty());
    }

    private static Set<String> ids(DependencyGraph g) {
        Set<String> out = new TreeSet<>();
        g.packages().forEach(n -> out.add(n.key().toString()));
        return out;
    }

    @Test
    void githubStyleSpdxReadsNpmPackagesIntegrityAndEdgesAndListsTheRest() throws Exception {
        Path spdx = Fixtures.testdata("sboms/axios-compromised.spdx.json");
        assertEquals(Optional.of(LockfileFormat.SPDX), Lockfiles.sniffSbom(spdx));
        DependencyGraph g = new SpdxGraphReader().read(spdx);
        DependencyGraph lock = lockfileGraph();
        assertEquals(ids(lock), ids(g));
        assertEquals(PackageKey.of("com.github.acme/web", "main"), g.root());
        PackageNode axios = g.node(PackageKey.of("axios", "1.14.1")).orElseThrow();
        assertEquals(lock.node(axios.key()).orElseThrow().integrity(), axios.integrity());
        assertTrue(g.edgesFrom(g.root()).stream().anyMatch(e -> e.to().equals(axios.key())), "the project depends on axios");
        assertTrue(g.edgesFrom(axios.key()).stream().anyMatch(e -> e.to().name().equals("plain-crypto-js")));
        assertEquals(List.of("pkg:githubactions/actions/checkout@4"), g.skipped());
        assertEquals(List.of(), g.warnings());
    }

    @Test
    void spdxThatIsNotWhatItSaysNamesWhere() throws Exception {
        Path f = tmp.resolve("bad.spdx.json");
        Files.writeString(f, "{\n  \"spdxVersion\": \"SPDX-3.0\",\n  \"packages\": []\n}\n");
        LockfileException e = assertThrows(LockfileException.class, () -> new SpdxGraphReader().read(f));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("SPDX-2.3"), e.getMessage());
        Files.writeString(f, "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"packages\": {}\n}\n");
        e = assertThrows(LockfileException.class, () -> new SpdxGraphReader().read(f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("packages must be a list"), e.getMessage());
    }

    @Test
    void spdxNamesItsProjectWithDocumentDescribesTooAndChecksItsRelationships() throws Exception {
        Path f = tmp.resolve("described.spdx.json");
        Files.writeString(f, """
                {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "documentDescribes": ["SPDXRef-app"],
                 "packages": [
                   {"SPDXID": "SPDXRef-app", "name": "my-app", "versionInfo": "2.0.0"},
                   {"SPDXID": "SPDXRef-a", "name": "axios", "versionInfo": "1.14.0",
                    "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/axios@1.14.0"}]}],
                 "relationships": [
                   {"relationshipType": "DEPENDENCY_OF", "spdxElementId": "SPDXRef-a", "relatedSpdxElement": "SPDXRef-app"}]}
                """);
        DependencyGraph g = new SpdxGraphReader().read(f);
        assertEquals(PackageKey.of("my-app", "2.0.0"), g.root());
        assertEquals(List.of(), g.skipped(), "the described package is the project, not a skipped component");
        assertTrue(g.edgesFrom(g.root()).stream().anyMatch(e -> e.to().equals(PackageKey.of("axios", "1.14.0"))));
        Files.writeString(f, "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"packages\": [],\n  \"relationships\": {}\n}\n");
        LockfileException e = assertThrows(LockfileException.class, () -> new SpdxGraphReader().read(f));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("relationships must be a list"), e.getMessage());
    }

    @Test
    void spdxRelationshipsGiveEachEdgeItsKindAndPackagesWithoutAPurlAreSkippedByName() throws Exception {
        Path f = tmp.resolve("kinds.spdx.json");
        Files.writeString(f, """
                {"spdxVersion": "SPDX-2.2", "SPDXID": "SPDXRef-DOCUMENT", "documentDescribes": ["SPDXRef-app"],
                 "packages": [
                   {"SPDXID": "SPDXRef-app", "name": "my-app", "versionInfo": "2.0.0"},
                   {"SPDXID": "SPDXRef-a", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/a@1.0.0"}]},
                   {"SPDXID": "SPDXRef-d", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/d@1.0.0"}]},
                   {"SPDXID": "SPDXRef-o", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/o@1.0.0"}]},
                   {"SPDXID": "SPDXRef-r", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/r@1.0.0"}]},
                   {"SPDXID": "SPDXRef-x", "name": "libssl", "versionInfo": "3.0.2"},
                   {"SPDXID": "SPDXRef-y"}],
                 "relationships": [
                   {"relationshipType": "DEPENDS_ON", "spdxElementId": "SPDXRef-app", "relatedSpdxElement": "SPDXRef-a"},
                   {"relationshipType": "DEV_DEPENDENCY_OF", "spdxElementId": "SPDXRef-d", "relatedSpdxElement": "SPDXRef-app"},
                   {"relationshipType": "OPTIONAL_DEPENDENCY_OF", "spdxElementId": "SPDXRef-o", "relatedSpdxElement": "SPDXRef-app"},
                   {"relationshipType": "RUNTIME_DEPENDENCY_OF", "spdxElementId": "SPDXRef-r", "relatedSpdxElement": "SPDXRef-a"},
                   {"relationshipType": "CONTAINS", "spdxElementId": "SPDXRef-app", "relatedSpdxElement": "SPDXRef-r"}]}
                """);
        SpdxGraphReader reader = new SpdxGraphReader();
        assertEquals(LockfileFormat.SPDX, reader.format());
        DependencyGraph g = reader.read(f);
        assertEquals(List.of("my-app@2.0.0 -> a@1.0.0 PROD", "my-app@2.0.0 -> d@1.0.0 DEV", "my-app@2.0.0 -> o@1.0.0 OPTIONAL"),
                g.edgesFrom(g.root()).stream().map(e -> e.from() + " -> " + e.to() + " " + e.kind()).sorted().toList());
        assertEquals(List.of("a@1.0.0 -> r@1.0.0 PROD"), g.edgesFrom(PackageKey.of("a", "1.0.0")).stream()
                .map(e -> e.from() + " -> " + e.to() + " " + e.kind()).toList());
        assertEquals(List.of("(unnamed package)", "libssl@3.0.2"), g.skipped());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.6", "1.7"})
    void cycloneDxXmlReadsLikeJsonAndSkipsWhatIsNotNpm(String spec) throws Exception {
        DependencyGraph lock = lockfileGraph();
        SbomOptions o = new SbomOptions(SbomOptions.SpecVersion.parse(spec), SbomOptions.OutputFormat.XML, Set.of(),
                Optional.empty());
        String plain = SbomSerializer.serialize(new SbomBuilder("t").build(lock, o), o);
        int end = plain.lastIndexOf("</components>");
        String xml = plain.substring(0, end) + "<component type=\"library\" bom-ref=\"m\"><name>lib</name>"
                + "<version>1.0</version><purl>" + MAVEN + "</purl></component>" + plain.substring(end);
        Path f = tmp.resolve("bom.xml");
        Files.writeString(f, xml);
        assertEquals(Optional.of(LockfileFormat.CYCLONEDX), Lockfiles.sniffSbom(f));
        DependencyGraph g = new CycloneDxGraphReader().read(f);
        assertEquals(ids(lock), ids(g));
        assertEquals(lock.node(PackageKey.of("axios", "1.14.1")).orElseThrow().integrity(),
                g.node(PackageKey.of("axios", "1.14.1")).orElseThrow().integrity());
        assertEquals(List.of(MAVEN), g.skipped());
    }

    @Test
    void oldCycloneDxVersionsReadWithSkippedComponents() throws Exception {
        Path json = tmp.resolve("bom-1.2.json");
        Files.writeString(json, """
                {"bomFormat": "CycloneDX", "specVersion": "1.2", "version": 1,
                 "components": [
                   {"type": "library", "bom-ref": "a", "name": "axios", "version": "1.14.0", "purl": "pkg:npm/axios@1.14.0"},
                   {"type": "library", "bom-ref": "m", "name": "lib", "version": "1.0", "purl": "%s"},
                   {"type": "application", "name": "no-purl-tool", "version": "2"}],
                 "dependencies": [{"ref": "a", "dependsOn": ["m"]}]}
                """.formatted(MAVEN));
        DependencyGraph g = new CycloneDxGraphReader().read(json);
        assertEquals(Set.of("axios@1.14.0"), ids(g));
        assertEquals(List.of("no-purl-tool@2", MAVEN), g.skipped());
        assertEquals(List.of(), g.warnings(), "an edge to a skipped component is no dangling reference");

        Path xml = tmp.resolve("bom-1.4.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
                  <components>
                    <component type="library"><name>axios</name><version>1.14.0</version><purl>pkg:npm/axios@1.14.0</purl></component>
                    <component type="library"><name>lib</name><version>1.0</version><purl>%s</purl></component>
                  </components>
                </bom>
                """.formatted(MAVEN));
        g = new CycloneDxGraphReader().read(xml);
        assertEquals(Set.of("axios@1.14.0"), ids(g));
        assertEquals(List.of(MAVEN), g.skipped());
    }

    @Test
    void xmlWithADoctypeIsRefusedBeforeAnyParsing() throws Exception {
        Path f = tmp.resolve("xxe.xml");
        Files.writeString(f, """
                <?xml version="1.0"?>
                  <!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library">
                <name>&x;</name><version>1</version></component></components></bom>
                """);
        LockfileException e = assertThrows(LockfileException.class, () -> new CycloneDxGraphReader().read(f));
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("root:"), "no file content in the message");

        // Without the XML declaration the DOCTYPE is the file's first character.
        Path first = tmp.resolve("xxe-first.xml");
        Files.writeString(first, "<!DOCTYPE bom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<bom/>");
        LockfileException atStart = assertThrows(LockfileException.class, () -> new CycloneDxGraphReader().read(first));
        assertEquals(1, atStart.line());
        assertEquals(1, atStart.column());
        assertTrue(atStart.getMessage().contains("DOCTYPE"), atStart.getMessage());
    }

    @Test
    void sbomHashesBecomeTheLockfilesIntegrityForm() {
        // An SBOM from an old lockfile may carry only a SHA-1: kept, it is still checked against the
        // registry's shasum; dropped, that check would silently not happen.
        String sha1 = "0123456789abcdef0123456789abcdef01234567";
        assertEquals(Optional.of("sha1-ASNFZ4mrze8BI0VniavN7wEjRWc="), CycloneDxGraphReader.sri(List.of(), List.of(sha1)));
        assertEquals(Optional.of("sha512-" + "A".repeat(86) + "== sha1-ASNFZ4mrze8BI0VniavN7wEjRWc="),
                CycloneDxGraphReader.sri(List.of("0".repeat(128)), List.of(sha1)));
        assertEquals(Optional.empty(), CycloneDxGraphReader.sri(List.of(), List.of()));
    }

    @Test
    void xmlAgainstItsSchemaNamesTheLine() throws Exception {
        Path f = tmp.resolve("bad.xml");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8"?>
                <bom xmlns="http://cyclonedx.org/schema/bom/1.7" version="1">
                  <components>
                    <component type="gadget"><name>axios</name><version>1.14.0</version></component>
                  </components>
                </bom>
                """);
        LockfileException e = assertThrows(LockfileException.class, () -> new CycloneDxGraphReader().read(f));
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("not a valid CycloneDX 1.7 XML SBOM"), e.getMessage());
    }

    @Test
    void theAnnotatedSbomIsTheNextVersionOfTheSameDocument() throws Exception {
        VerifyReport empty = VerifyReport.of("trustlock t", Instant.EPOCH, "s", List.of(), List.of());
        String serial = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
        byte[] v15 = ("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"serialNumber\": \"" + serial
                + "\", \"version\": 3, \"components\": []}").getBytes();
        JsonNode out = new ObjectMapper().readTree(AnnotatedSbomRenderer.forSbom(v15).render(empty));
        assertEquals("1.5", out.path("specVersion").asText());
        assertEquals(serial, out.path("serialNumber").asText());
        assertEquals(4, out.path("version").asInt());

        SbomOptions o = new SbomOptions(SbomOptions.SpecVersion.V1_7, SbomOptions.OutputFormat.XML, Set.of(),
                Optional.empty());
        String xml = SbomSerializer.serialize(new SbomBuilder("t").build(lockfileGraph(), o), o);
        String xmlSerial = xml.replaceAll("(?s).*serialNumber=\"([^\"]+)\".*", "$1");
        out = new ObjectMapper().readTree(AnnotatedSbomRenderer.forSbom(xml.getBytes()).render(empty));
        assertEquals("1.7", out.path("specVersion").asText());
        assertEquals(xmlSerial, out.path("serialNumber").asText());
        assertEquals(2, out.path("version").asInt());
    }
}
