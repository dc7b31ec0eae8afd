package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.verify.VerifyReport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** SARIF output against the official SARIF 2.1.0 schema and against the report it came from. */
class SarifRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Schema sarifSchema() throws Exception {
        try (InputStream in = SarifRendererTest.class.getResourceAsStream("/report/sarif-2.1.0-rtm.5.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(text, InputFormat.JSON);
        }
    }

    private static JsonNode render(VerifyReport report) throws Exception {
        return JSON.readTree(new SarifRenderer().render(report));
    }

    @Test
    void validatesAgainstTheSarif210Schema() throws Exception {
        String sarif = new SarifRenderer().render(ReportSamples.mixed());
        List<Error> errors = sarifSchema().validate(sarif, InputFormat.JSON);
        assertEquals(List.of(), errors);
    }

    @Test
    void theSchemaCheckIsStrictEnoughToFailABrokenDocument() throws Exception {
        // Control: the same document with a level SARIF does not define must not validate,
        // otherwise the test above proves nothing.
        ObjectNode doc = (ObjectNode) render(ReportSamples.mixed());
        ((ObjectNode) doc.get("runs").get(0).get("results").get(0)).put("level", "fatal");
        assertFalse(sarifSchema().validate(JSON.writeValueAsString(doc), InputFormat.JSON).isEmpty());
    }

    @Test
    void anEmptyReportIsValidSarifToo() throws Exception {
        VerifyReport empty = VerifyReport.of("trustlock 0.1.0", ReportSamples.AT, "package-lock.json", List.of(), List.of());
        String sarif = new SarifRenderer().render(empty);
        assertEquals(List.of(), sarifSchema().validate(sarif, InputFormat.JSON));
        assertEquals(0, JSON.readTree(sarif).get("runs").get(0).get("results").size());
    }

    @Test
    void oneResultPerFindingWithTheSeverityAsLevel() throws Exception {
        VerifyReport report = ReportSamples.mixed();
        JsonNode results = render(report).get("runs").get(0).get("results");
        // Expected: every finding of the report, plus one for the UNVERIFIABLE package that has none.
        Map<String, Integer> expected = new TreeMap<>();
        for (Finding f : report.findings()) {
            expected.merge(f.packageName() + "@" + f.version() + " " + f.ruleId() + " " + f.severity().id(), 1, Integer::sum);
        }
        expected.merge("offline-pkg@3.1.0 verification-unverifiable warning", 1, Integer::sum);
        Map<String, Integer> actual = new TreeMap<>();
        for (JsonNode r : results) {
            String pkg = r.get("properties").get("package").asText() + "@" + r.get("properties").get("version").asText();
            actual.merge(pkg + " " + r.get("ruleId").asText() + " " + r.get("level").asText(), 1, Integer::sum);
        }
        assertEquals(expected, actual);
    }

    @Test
    void everyResultNamesARuleWithHelpAndItsIndex() throws Exception {
        JsonNode run = render(ReportSamples.mixed()).get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        List<String> ids = new ArrayList<>();
        rules.forEach(r -> ids.add(r.get("id").asText()));
        assertEquals(ids.stream().sorted().distinct().toList(), ids, "rules unique and sorted");
        for (JsonNode rule : rules) {
            assertFalse(rule.get("help").get("text").asText().isBlank(), rule.toString());
            assertFalse(rule.get("shortDescription").get("text").asText().isBlank(), rule.toString());
            // GitHub reads security-severity as a number in a string, 0.0 to 10.0.
            double severity = Double.parseDouble(rule.get("properties").get("security-severity").asText());
            assertTrue(severity > 0 && severity <= 10, rule.toString());
        }
        assertTrue(securitySeverity(rules, "verification-invalid") > securitySeverity(rules, "new-dependency"));
        assertTrue(securitySeverity(rules, "trust-downgrade") > securitySeverity(rules, "registry-unavailable"));
        for (JsonNode r : run.get("results")) {
            int index = r.get("ruleIndex").asInt();
            assertEquals(r.get("ruleId").asText(), rules.get(index).get("id").asText());
        }
        assertTrue(ids.contains("trust-downgrade"));
        assertTrue(rules.get(ids.indexOf("trust-downgrade")).get("help").get("text").asText().contains("weaker"));
        assertEquals("trustlock", run.get("tool").get("driver").get("name").asText());
        assertEquals("0.1.0", run.get("tool").get("driver").get("version").asText());
        // Code-scanning UIs show a rule's name: the id in PascalCase.
        assertEquals("TrustDowngrade", rules.get(ids.indexOf("trust-downgrade")).get("name").asText());
    }

    @Test
    void theToolStringSplitsIntoNameAndVersionOnlyWhenItHasBoth() {
        assertEquals("trustlock", SarifRenderer.toolName("trustlock 1.2.3"));
        assertEquals(java.util.Optional.of("1.2.3"), SarifRenderer.toolVersion("trustlock 1.2.3"));
        assertEquals("trustlock", SarifRenderer.toolName("trustlock"));
        assertEquals(java.util.Optional.empty(), SarifRenderer.toolVersion("trustlock"));
        assertEquals(java.util.Optional.empty(), SarifRenderer.toolVersion("trustlock "), "no empty version");
        assertEquals(java.util.Optional.of("x"), SarifRenderer.toolVersion("trustlock x"), "a one-character version");
        assertEquals(" trustlock", SarifRenderer.toolName(" trustlock"), "no empty name");
        assertEquals(java.util.Optional.empty(), SarifRenderer.toolVersion(" trustlock"), "nor a version without a name");
    }

    @Test
    void aPackageThatFailedWithoutAFindingOfItsOwnStillGetsAResult() throws Exception {
        // offline-pkg is UNVERIFIABLE with no finding: code scanning must still show it.
        List<String> rules = new ArrayList<>();
        render(ReportSamples.mixed()).get("runs").get(0).get("results").forEach(r -> {
            if (r.get("properties").get("package").asText().equals("offline-pkg")) {
                rules.add(r.get("ruleId").asText());
            }
        });
        assertEquals(List.of("verification-unverifiable"), rules);
    }

    @Test
    void evidenceAndSkippedComponentsAreKeptAndAbsentWhenThereAreNone() throws Exception {
        JsonNode run = render(ReportSamples.mixed()).get("runs").get(0);
        JsonNode downgrade = null;
        for (JsonNode r : run.get("results")) {
            if (r.get("ruleId").asText().equals("trust-downgrade")) {
                downgrade = r;
            }
            if (r.get("ruleId").asText().equals("git-head-missing")) {
                assertFalse(r.get("properties").has("evidence"), "no empty evidence: " + r);
            }
        }
        assertEquals("1.14.0", downgrade.get("properties").get("evidence").get("lastStrongVersion").asText());
        assertFalse(run.get("properties").has("skipped"));
        VerifyReport withSkipped = VerifyReport.of("trustlock 0.1.0", ReportSamples.AT, ReportSamples.SOURCE,
                ReportSamples.verdicts(), List.of(), List.of("pkg:maven/x/y@1", "pkg:pypi/z@2"));
        JsonNode skipped = render(withSkipped).get("runs").get(0).get("properties").get("skipped");
        assertEquals("[\"pkg:maven/x/y@1\",\"pkg:pypi/z@2\"]", skipped.toString());
    }

    private static double securitySeverity(JsonNode rules, String id) {
        for (JsonNode r : rules) {
            if (r.get("id").asText().equals(id)) {
                return Double.parseDouble(r.get("properties").get("security-severity").asText());
            }
        }
        throw new AssertionError("no rule " + id);
    }

    @Test
    void locatedInTheLockfileAndAtThePackagePurl() throws Exception {
        JsonNode run = render(ReportSamples.mixed()).get("runs").get(0);
        for (JsonNode r : run.get("results")) {
            JsonNode loc = r.get("locations").get(0);
            assertEquals("projects/shop%20app/package-lock.json",
                    loc.get("physicalLocation").get("artifactLocation").get("uri").asText());
            String pkg = r.get("properties").get("package").asText();
            String fqn = loc.get("logicalLocations").get(0).get("fullyQualifiedName").asText();
            if (pkg.equals("@acme/widgets")) {
                assertEquals("pkg:npm/%40acme/widgets@2.0.0", fqn);
            } else {
                assertEquals("pkg:npm/" + pkg + "@" + r.get("properties").get("version").asText(), fqn);
            }
        }
        JsonNode other = JSON.readTree(new SarifRenderer("sub\\dir\\yarn.lock").render(ReportSamples.mixed()));
        assertEquals("sub/dir/yarn.lock", other.get("runs").get(0).get("results").get(0).get("locations").get(0)
                .get("physicalLocation").get("artifactLocation").get("uri").asText());
    }

    @Test
    void pathsBecomeUris() {
        assertEquals("projects/shop%20app/package-lock.json", SarifRenderer.uriReference("projects/shop app/package-lock.json"));
        assertEquals("a/b/yarn.lock", SarifRenderer.uriReference("a\\b\\yarn.lock"));
        assertEquals("file:///work/app%20x/package-lock.json", SarifRenderer.uriReference("/work/app x/package-lock.json"));
        assertEquals("pnpm-lock.yaml", SarifRenderer.uriReference("pnpm-lock.yaml"));
    }

    @Test
    void anInvalidPackageWithItsFindingIsReportedOnce() throws Exception {
        JsonNode results = render(ReportSamples.mixed()).get("runs").get(0).get("results");
        int forged = 0;
        for (JsonNode r : results) {
            if (r.get("properties").get("package").asText().equals("forged")) {
                forged++;
                assertEquals("error", r.get("level").asText());
            }
        }
        assertEquals(1, forged);
    }

    @Test
    void anUnverifiablePackageWithTheRunsRegistryFindingIsNotDoubled() throws Exception {
        JsonNode results = render(ReportSamples.mixed()).get("runs").get(0).get("results");
        List<String> flaky = new ArrayList<>();
        results.forEach(r -> {
            if (r.get("properties").get("package").asText().equals("flaky-registry")) {
                flaky.add(r.get("ruleId").asText());
            }
        });
        assertEquals(List.of("registry-unavailable"), flaky);
    }

    @Test
    void deterministicWhateverTheInputOrder() {
        String first = new SarifRenderer().render(ReportSamples.mixed());
        assertEquals(first, new SarifRenderer().render(ReportSamples.mixed()));
        assertEquals(first, new SarifRenderer().render(ReportSamples.mixed(42)));
        assertEquals(first, new SarifRenderer().render(ReportSamples.mixed(7)));
        assertTrue(first.endsWith("}\n"));
        assertFalse(first.contains("\r"));
    }

    @Test
    void fingerprintsStableAndDistinctPerProblem() throws Exception {
        JsonNode results = render(ReportSamples.mixed()).get("runs").get(0).get("results");
        List<String> prints = new ArrayList<>();
        results.forEach(r -> prints.add(r.get("partialFingerprints").get(SarifRenderer.FINGERPRINT).asText()));
        assertEquals(prints.size(), prints.stream().distinct().count());
    }

    /**
     * A release's own text in a result message: SARIF viewers render "[text](target)" as a link
     * (GitHub code scanning among them), so a publisher name or install script must not become one,
     * nor break the message over lines or act on a terminal.
     */
    @Test
    void aReleasesOwnTextMakesNoLinkInTheMessage() throws Exception {
        Finding hostile = ReportSamples.finding("new-install-script", dev.trustlock.core.policy.Severity.WARNING, "evil",
                "1.0.0", "adds a postinstall script: [reviewed, safe](https://evil.example) \\](1)\n\u001b[2Jx", Map.of());
        VerifyReport report = VerifyReport.of("trustlock 0.1.0", ReportSamples.AT, ReportSamples.SOURCE, List.of(
                ReportSamples.verdict("evil", "1.0.0", dev.trustlock.core.attest.VerificationStatus.VERIFIED,
                        dev.trustlock.core.attest.ReasonCode.OK, dev.trustlock.core.history.EvidenceLevel.TRUSTED_PUBLISHER,
                        java.util.Optional.empty(), hostile)), List.of());
        JsonNode doc = render(report);
        assertTrue(sarifSchema().validate(doc).isEmpty());
        String text = doc.get("runs").get(0).get("results").get(0).get("message").get("text").asText();
        assertEquals("evil@1.0.0: adds a postinstall script: \\[reviewed, safe\\](https://evil.example) "
                + "\\\\\\](1) \ufffd\\[2Jx", text);
        // Unescaped as SARIF says, the brackets are literal: no "[...](...)" link is left.
        String shown = text.replaceAll("\\\\([\\\\\\[\\]])", "\u0000$1");
        assertFalse(shown.matches("(?s).*(?<!\u0000)\\[[^\\]]*(?<!\u0000)\\]\\(.*"), shown);
    }

    @Test
    void evidenceValuesAreCutSoOneReleaseCannotMakeTheFileTooLargeForCodeScanning() {
        String big = "x".repeat(SarifRenderer.MAX_EVIDENCE) + "tail";
        assertEquals("x".repeat(SarifRenderer.MAX_EVIDENCE) + " … (4 more characters in the JSON report)",
                SarifRenderer.evidenceValue(big));
        String exact = "y".repeat(SarifRenderer.MAX_EVIDENCE);
        assertEquals(exact, SarifRenderer.evidenceValue(exact));
        String pair = "z".repeat(SarifRenderer.MAX_EVIDENCE - 1) + "\uD83D\uDE00";
        assertEquals(pair, SarifRenderer.evidenceValue(pair), "a surrogate pair is one character");
        assertEquals(pair + " … (4 more characters in the JSON report)", SarifRenderer.evidenceValue(pair + "tail"),
                "a surrogate pair is not split");
    }
}
