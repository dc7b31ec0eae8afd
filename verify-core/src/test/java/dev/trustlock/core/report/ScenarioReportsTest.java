package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.RunProgress;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every report format over a real run: the axios 1.14.1 scenario verified against its snapshot
 * with the test PKI. The unit tests use a hand-made report; this one holds the renderers to what
 * VerifyRun actually produces.
 */
class ScenarioReportsTest {

    private static final Path SCENARIO = Fixtures.testdata("scenarios/axios-2026-03-31");

    private static DependencyGraph graph(String project) throws Exception {
        Path lock = SCENARIO.resolve(project).resolve("package-lock.json");
        return Lockfiles.reader(Lockfiles.locate(lock, java.util.Optional.empty()).format()).read(lock);
    }

    private static VerifyReport run(DependencyGraph graph, String project) throws Exception {
        TrustMaterial trust = TrustMaterial.load(SCENARIO.resolve("snapshot/trust/trusted_root.json"),
                SCENARIO.resolve("snapshot/trust/keys.json"));
        return new VerifyRun(SnapshotRegistry.open(SCENARIO.resolve("snapshot")), trust, Policy.EMPTY,
                LocalDate.of(2026, 4, 1), 2)
                .run(graph, "testdata/scenarios/axios-2026-03-31/" + project + "/package-lock.json",
                        "trustlock 0.1.0", Instant.parse("2026-04-01T00:00:00Z"), RunProgress.NONE);
    }

    @Test
    void theCompromiseInEveryFormat() throws Exception {
        DependencyGraph graph = graph("compromised");
        VerifyReport report = run(graph, "compromised");
        Set<String> axiosRules = new TreeSet<>();
        report.findings().stream().filter(f -> f.packageName().equals("axios")).forEach(f -> axiosRules.add(f.ruleId()));
        assertTrue(axiosRules.contains("trust-downgrade"), axiosRules.toString());

        // SARIF: schema-valid, and the downgrade is an error result at axios's purl.
        String sarif = new SarifRenderer().render(report);
        assertEquals(List.of(), SarifRendererTest.sarifSchema().validate(sarif, InputFormat.JSON));
        JsonNode results = new ObjectMapper().readTree(sarif).get("runs").get(0).get("results");
        boolean downgrade = false;
        for (JsonNode r : results) {
            if (r.get("ruleId").asText().equals("trust-downgrade")) {
                downgrade = true;
                assertEquals("pkg:npm/axios@1.14.1",
                        r.get("locations").get(0).get("logicalLocations").get(0).get("fullyQualifiedName").asText());
                assertEquals("error", r.get("level").asText());
            }
        }
        assertTrue(downgrade, sarif);

        // JUnit: Surefire-valid, axios fails, and as many testcases as verdicts plus run-level groups.
        String junit = new JUnitXmlRenderer().render(report);
        JUnitXmlRendererTest.assertSurefireValid(junit);
        NodeList cases = JUnitXmlRendererTest.parse(junit).getElementsByTagName("testcase");
        boolean axiosFails = false;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals("axios@1.14.1")) {
                axiosFails = c.getElementsByTagName("failure").getLength() == 1;
            }
        }
        assertTrue(axiosFails, junit);
        assertTrue(cases.getLength() >= report.packages().size());

        // Annotated SBOM: CycloneDX 1.6, every verdict's component annotated.
        String cdx = AnnotatedSbomRenderer.forGraph(graph, "0.1.0").render(report);
        AnnotatedSbomRendererTest.assertCycloneDx16(cdx);
        Bom bom = AnnotatedSbomRendererTest.parse(cdx);
        for (var v : report.packages()) {
            Component c = AnnotatedSbomRendererTest.component(bom, v.purl());
            assertEquals(List.of(v.status().name()), AnnotatedSbomRendererTest.props(c, AnnotatedSbomRenderer.STATUS));
        }

        String text = new TextTableRenderer(false).render(report);
        assertTrue(text.contains("trust-downgrade"), text);
    }

    @Test
    void sarifForADirectoryPointsAtTheLockfileLines() throws Exception {
        VerifyReport report = run(graph("compromised"), "compromised");
        Path dir = SCENARIO.resolve("compromised");
        String sarif = new SarifRenderer(dir.toString()).render(report);
        assertEquals(List.of(), SarifRendererTest.sarifSchema().validate(sarif, InputFormat.JSON));
        List<String> lock = java.nio.file.Files.readAllLines(dir.resolve("package-lock.json"));
        int axiosLine = lock.indexOf("    \"node_modules/axios\": {") + 1;
        int plainLine = lock.indexOf("    \"node_modules/plain-crypto-js\": {") + 1;
        assertTrue(axiosLine > 0 && plainLine > 0);
        JsonNode results = new ObjectMapper().readTree(sarif).get("runs").get(0).get("results");
        assertTrue(results.size() > 0);
        for (JsonNode r : results) {
            JsonNode physical = r.get("locations").get(0).get("physicalLocation");
            assertEquals(SarifRenderer.uriReference(dir.resolve("package-lock.json").toString()),
                    physical.get("artifactLocation").get("uri").asText());
            String pkg = r.get("properties").get("package").asText();
            int expected = pkg.equals("axios") ? axiosLine : pkg.equals("plain-crypto-js") ? plainLine : -1;
            assertEquals(expected, physical.get("region").get("startLine").asInt(), r.toString());
        }
    }

    @Test
    void theCleanProjectShowsItsVerifiedIdentity() throws Exception {
        DependencyGraph graph = graph("clean");
        VerifyReport report = run(graph, "clean");
        var axios = report.packages().stream().filter(p -> p.name().equals("axios")).findFirst().orElseThrow();
        assertEquals("VERIFIED", axios.status().name());
        Bom bom = AnnotatedSbomRendererTest.parse(AnnotatedSbomRenderer.forGraph(graph, "0.1.0").render(report));
        Component c = AnnotatedSbomRendererTest.component(bom, axios.purl());
        List<String> san = AnnotatedSbomRendererTest.props(c, AnnotatedSbomRenderer.IDENTITY + "san");
        assertEquals(List.of("https://github.com/axios/axios/.github/workflows/publish.yml@refs/tags/v1.14.0"), san);
        String junit = new JUnitXmlRenderer().render(report);
        JUnitXmlRendererTest.assertSurefireValid(junit);
        assertFalse(junit.contains("<failure"), junit);
    }
}
