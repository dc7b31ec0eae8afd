package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * JUnit XML against Maven Surefire's own report schema (surefire-test-report-3.0.xsd, see
 * src/test/resources/report/README.md) and against the report it came from.
 */
class JUnitXmlRendererTest {

    static void assertSurefireValid(String xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        var schema = factory.newSchema(new StreamSource(
                JUnitXmlRendererTest.class.getResource("/report/surefire-test-report-3.0.xsd").toExternalForm()));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void validatesAgainstSurefiresReportSchema() throws Exception {
        assertSurefireValid(new JUnitXmlRenderer().render(ReportSamples.mixed()));
        assertSurefireValid(new JUnitXmlRenderer().render(
                VerifyReport.of("trustlock 0.1.0", ReportSamples.AT, "x", List.of(), List.of())));
    }

    @Test
    void theSchemaCheckRejectsWhatSurefireWouldNot() {
        // Control: a testcase without the required time attribute must fail, or the check above is empty.
        String broken = new JUnitXmlRenderer().render(ReportSamples.mixed()).replaceFirst(" time=\"0\">\n    <", ">\n    <");
        assertThrows(SAXException.class, () -> assertSurefireValid(broken));
    }

    @Test
    void oneTestcasePerPackageFailingAsTheExitCodeDoesAndUnverifiableAsAnError() throws Exception {
        VerifyReport report = ReportSamples.mixed();
        Map<String, String> actual = outcomes(new JUnitXmlRenderer(Gate.ERROR).render(report));

        // Expected outcomes, decided from the verdicts directly: an error-level finding about the
        // package (not one that only says it could not be checked) fails it.
        Map<String, String> expected = new TreeMap<>();
        for (PackageVerdict v : report.packages()) {
            boolean fails = v.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR
                    && !f.ruleId().equals("registry-unavailable") && !f.ruleId().equals("verification-unverifiable"));
            expected.put(v.name() + "@" + v.version(),
                    fails ? "failure" : v.status() == VerificationStatus.UNVERIFIABLE ? "error" : "pass");
        }
        expected.put("shop-app@1.0.0", "pass"); // the run-level warning is shown, not failed
        assertEquals(expected, actual);
        assertEquals("failure", actual.get("axios@1.14.1"));
        assertEquals("failure", actual.get("forged@1.0.0"));
        assertEquals("error", actual.get("offline-pkg@3.1.0"));
        assertEquals(1, new JUnitXmlRenderer(Gate.ERROR).render(report).split("<skipped").length, "never skipped");

        Element suite = parse(new JUnitXmlRenderer(Gate.ERROR).render(report)).getDocumentElement();
        assertEquals(String.valueOf(expected.size()), suite.getAttribute("tests"));
        assertEquals(String.valueOf(expected.values().stream().filter("failure"::equals).count()),
                suite.getAttribute("failures"));
        assertEquals(String.valueOf(expected.values().stream().filter("error"::equals).count()),
                suite.getAttribute("errors"));
        assertEquals("0", suite.getAttribute("skipped"));
    }

    @Test
    void underFailOnWarningWarningsFailTheirPackageAndUnderNeverNothingFails() throws Exception {
        VerifyReport report = ReportSamples.mixed();
        Map<String, String> warning = outcomes(new JUnitXmlRenderer(Gate.WARNING).render(report));
        assertEquals("failure", warning.get("plain-crypto-js@4.2.1"), warning.toString()); // its new install script
        assertEquals("failure", warning.get("shop-app@1.0.0"), warning.toString());        // the run-level warning
        Map<String, String> never = outcomes(new JUnitXmlRenderer(Gate.NEVER).render(report));
        assertTrue(never.values().stream().noneMatch("failure"::equals), never.toString());
        assertEquals("error", never.get("offline-pkg@3.1.0"));
        // The exit code agrees with the testcases.
        assertEquals(1, Gate.WARNING.exitCode(report));
        assertEquals(0, Gate.NEVER.exitCode(report));
    }

    @Test
    void theCountsTheFailureBodyAndThePropertiesSayWhatCiShows() throws Exception {
        String xml = new JUnitXmlRenderer(Gate.WARNING).render(ReportSamples.mixed());
        Element suite = parse(xml).getDocumentElement();
        Map<String, String> outcomes = outcomes(xml);
        assertEquals(String.valueOf(outcomes.values().stream().filter("failure"::equals).count()),
                suite.getAttribute("failures"), "the run-level failure counts too");

        // Every failing finding is in the one failure element; the message says how many more.
        Element failure = (Element) testcase(suite.getOwnerDocument(), "axios@1.14.1").getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").endsWith(" (and 3 more)"), failure.getAttribute("message"));
        String body = failure.getTextContent();
        for (String rule : List.of("trust-downgrade", "publisher-change", "git-head-missing", "new-dependency")) {
            assertTrue(body.contains(" " + rule + ": "), rule + " in " + body);
        }
        assertTrue(body.contains("{dependency=plain-crypto-js, range=^4.2.1}"), "evidence is listed: " + body);
        String forged = testcase(suite.getOwnerDocument(), "forged@1.0.0").getElementsByTagName("failure").item(0).getTextContent();
        assertTrue(forged.startsWith("INVALID SUBJECT_DIGEST_MISMATCH: "), forged);
        String out = testcase(suite.getOwnerDocument(), "@acme/widgets@2.0.0").getElementsByTagName("system-out").item(0)
                .getTextContent();
        assertEquals("status VERIFIED (OK), evidence " + EvidenceLevel.TRUSTED_PUBLISHER.id() + "\n", out);
        Element unverifiable = (Element) testcase(suite.getOwnerDocument(), "offline-pkg@3.1.0").getElementsByTagName("error")
                .item(0);
        assertEquals("REGISTRY_UNAVAILABLE", unverifiable.getAttribute("type"));

        Map<String, String> properties = new TreeMap<>();
        NodeList props = suite.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            properties.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        assertEquals("trustlock 0.1.0", properties.get("trustlock.tool"));
        assertEquals(ReportSamples.AT.toString(), properties.get("trustlock.generatedAt"));
        assertTrue(properties.get("trustlock.summary").startsWith("packages=7 verified=1 "), properties.toString());
        assertTrue(properties.containsKey("trustlock.source"), properties.toString());
    }

    private static Map<String, String> outcomes(String xml) throws Exception {
        NodeList cases = parse(xml).getDocumentElement().getElementsByTagName("testcase");
        Map<String, String> actual = new TreeMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String outcome = c.getElementsByTagName("failure").getLength() > 0 ? "failure"
                    : c.getElementsByTagName("error").getLength() > 0 ? "error"
                    : c.getElementsByTagName("skipped").getLength() > 0 ? "skipped" : "pass";
            actual.put(c.getAttribute("name"), outcome);
        }
        return actual;
    }

    @Test
    void failureNamesTheRuleAndWarningsGoToSystemOut() throws Exception {
        Document doc = parse(new JUnitXmlRenderer().render(ReportSamples.mixed()));
        Element axios = testcase(doc, "axios@1.14.1");
        Element failure = (Element) axios.getElementsByTagName("failure").item(0);
        assertEquals("trust-downgrade", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").startsWith("published with registry-signature evidence"));
        String out = axios.getElementsByTagName("system-out").item(0).getTextContent();
        assertTrue(out.contains("warning publisher-change: "), out);
        assertTrue(out.contains("warning new-dependency: adds dependency plain-crypto-js@^4.2.1"), out);

        Element offline = testcase(doc, "offline-pkg@3.1.0");
        Element error = (Element) offline.getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message").contains("registry did not give a usable answer"),
                error.getAttribute("message"));
    }

    @Test
    void markupInMessagesSurvivesAsText() throws Exception {
        Document doc = parse(new JUnitXmlRenderer().render(ReportSamples.mixed()));
        String out = testcase(doc, "plain-crypto-js@4.2.1").getElementsByTagName("system-out").item(0).getTextContent();
        assertTrue(out.contains("node setup.js && echo \"<done>\" & exit"), out);
        // A control character XML cannot carry is replaced, not allowed to break the document.
        String forged = ((Element) testcase(doc, "forged@1.0.0").getElementsByTagName("failure").item(0))
                .getAttribute("message");
        assertTrue(forged.contains("digest \uFFFDmismatch\uFFFD[31m"), forged);
    }

    @Test
    void deterministicWhateverTheInputOrder() {
        String first = new JUnitXmlRenderer().render(ReportSamples.mixed());
        assertEquals(first, new JUnitXmlRenderer().render(ReportSamples.mixed(3)));
    }

    private static Element testcase(Document doc, String name) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no testcase " + name);
    }
}
