package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

/** The annotated SBOM against CycloneDX 1.6 (cyclonedx-core-java's validator) and against the report. */
class AnnotatedSbomRendererTest {

    /** The project of the sample report: every sample package except one (left-pad), plus a workspace. */
    static DependencyGraph graph() {
        DependencyGraph.Builder b = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        PackageNode root = new PackageNode(PackageKey.of("shop-app", "1.0.0"), SourceType.ROOT, Optional.empty(),
                Optional.empty(), Optional.empty(), new TreeSet<>(), Optional.of(""), false);
        PackageNode workspace = new PackageNode(PackageKey.of("shop-ui", "0.0.0"), SourceType.WORKSPACE,
                Optional.empty(), Optional.empty(), Optional.empty(), new TreeSet<>(), Optional.of("packages/ui"), false);
        b.root(root).add(workspace);
        for (PackageVerdict v : ReportSamples.verdicts()) {
            if (v.name().equals("left-pad")) {
                continue;
            }
            PackageNode n = new PackageNode(PackageKey.of(v.name(), v.version()), SourceType.REGISTRY,
                    Optional.of("https://registry.npmjs.org/" + v.name() + "/-/x-" + v.version() + ".tgz"),
                    Optional.of(ReportSamples.SHA512), Optional.empty(), new TreeSet<>(), Optional.empty(), false);
            b.add(n).edge(root.key(), n.key(), DependencyKind.PROD);
        }
        return b.build();
    }

    static void assertCycloneDx16(String json) throws Exception {
        List<ParseException> problems = new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16);
        assertEquals(List.of(), problems.stream().map(Throwable::getMessage).toList());
    }

    static Bom parse(String json) throws Exception {
        return new JsonParser().parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> props(Component c, String name) {
        List<String> out = new ArrayList<>();
        if (c.getProperties() != null) {
            for (Property p : c.getProperties()) {
                if (p.getName().equals(name)) {
                    out.add(p.getValue());
                }
            }
        }
        return out;
    }

    static Component component(Bom bom, String purl) {
        return bom.getComponents().stream().filter(c -> purl.equals(c.getPurl())).findFirst()
                .orElseThrow(() -> new AssertionError("no component " + purl));
    }

    @Test
    void validatesAgainstCycloneDx16() throws Exception {
        assertCycloneDx16(AnnotatedSbomRenderer.forGraph(graph(), "0.1.0").render(ReportSamples.mixed()));
        assertCycloneDx16(AnnotatedSbomRenderer.standalone().render(ReportSamples.mixed()));
    }

    @Test
    void theValidatorRejectsABrokenDocument() throws Exception {
        // Control: an annotation property without a name breaks the schema, so the check above is real.
        String json = AnnotatedSbomRenderer.forGraph(graph(), "0.1.0").render(ReportSamples.mixed())
                .replaceFirst("\"name\" : \"trustlock:verification:status\"", "\"name\" : 7");
        assertFalse(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16).isEmpty());
    }

    @Test
    void everyVerdictAnnotatesItsComponent() throws Exception {
        VerifyReport report = ReportSamples.mixed();
        Bom bom = parse(AnnotatedSbomRenderer.forGraph(graph(), "0.1.0").render(report));
        for (PackageVerdict v : report.packages()) {
            Component c = component(bom, v.purl());
            assertEquals(List.of(v.status().name()), props(c, AnnotatedSbomRenderer.STATUS), v.purl());
            assertEquals(List.of(v.code().name()), props(c, AnnotatedSbomRenderer.CODE), v.purl());
            assertEquals(List.of(v.evidence().id()), props(c, AnnotatedSbomRenderer.EVIDENCE), v.purl());
            assertEquals(v.findings().size(), props(c, AnnotatedSbomRenderer.FINDING).size(), v.purl());
        }
        Component axios = component(bom, "pkg:npm/axios@1.14.1");
        assertTrue(props(axios, AnnotatedSbomRenderer.FINDING).contains(
                "error trust-downgrade: published with registry-signature evidence after 1.14.0 had trusted-publisher "
                        + "evidence in release line 1"), props(axios, AnnotatedSbomRenderer.FINDING).toString());
        // left-pad was verified but is not in the graph's SBOM: added rather than dropped, with its hash.
        Component leftPad = component(bom, "pkg:npm/left-pad@1.3.0");
        assertEquals("SHA-512", leftPad.getHashes().get(0).getAlgorithm());
        // The workspace was not verified and carries no verification result.
        Component ui = bom.getComponents().stream().filter(c -> "shop-ui".equals(c.getName())).findFirst().orElseThrow();
        assertEquals(List.of(), props(ui, AnnotatedSbomRenderer.STATUS));
        assertEquals(List.of("true"), props(ui, "trustlock:npm:workspace"));
        // The graph's dependencies survive the annotation.
        assertTrue(bom.getDependencies().stream().anyMatch(d -> d.getRef().equals("pkg:npm/shop-app@1.0.0")
                && d.getDependencies().stream().anyMatch(t -> t.getRef().equals("pkg:npm/axios@1.14.1"))));
    }

    @Test
    void identityOnlyWhereTheProvenanceVerified() throws Exception {
        Bom bom = parse(AnnotatedSbomRenderer.forGraph(graph(), "0.1.0").render(ReportSamples.mixed()));
        Component widgets = component(bom, "pkg:npm/%40acme/widgets@2.0.0");
        assertEquals(List.of("https://github.com/acme/widgets/.github/workflows/publish.yml@refs/tags/v2.0.0"),
                props(widgets, AnnotatedSbomRenderer.IDENTITY + "san"));
        assertEquals(List.of("https://github.com/acme/widgets"), props(widgets, AnnotatedSbomRenderer.IDENTITY + "repository"));
        assertEquals(List.of(".github/workflows/publish.yml"), props(widgets, AnnotatedSbomRenderer.IDENTITY + "workflow"));
        assertEquals(List.of("refs/tags/v2.0.0"), props(widgets, AnnotatedSbomRenderer.IDENTITY + "ref"));
        // forged carries an identity in its verdict, but INVALID: publishing it would launder the claim.
        Component forged = component(bom, "pkg:npm/forged@1.0.0");
        assertEquals(List.of(), props(forged, AnnotatedSbomRenderer.IDENTITY + "san"));
    }

    @Test
    void runFindingsGoOnTheProjectComponent() throws Exception {
        Bom bom = parse(AnnotatedSbomRenderer.forGraph(graph(), "0.1.0").render(ReportSamples.mixed()));
        assertEquals(List.of("warning lockfile-partial: 2 dependencies of the lockfile are not installed"),
                props(bom.getMetadata().getComponent(), AnnotatedSbomRenderer.FINDING));
    }

    @Test
    void summaryInTheMetadata() throws Exception {
        Bom bom = parse(AnnotatedSbomRenderer.standalone().render(ReportSamples.mixed()));
        List<String> names = bom.getMetadata().getProperties().stream().map(p -> p.getName() + "=" + p.getValue()).toList();
        assertTrue(names.contains("trustlock:verify:summary:packages=7"), names.toString());
        assertTrue(names.contains("trustlock:verify:summary:invalid=1"), names.toString());
        assertTrue(names.contains("trustlock:verify:summary:unverifiable=2"), names.toString());
        assertEquals(ReportSamples.AT.toEpochMilli(), bom.getMetadata().getTimestamp().getTime());
    }

    @Test
    void reannotatingReplacesEarlierResults() throws Exception {
        String once = AnnotatedSbomRenderer.forGraph(graph(), "0.1.0").render(ReportSamples.mixed());
        String twice = AnnotatedSbomRenderer.forSbom(once.getBytes(StandardCharsets.UTF_8)).render(ReportSamples.mixed());
        assertCycloneDx16(twice);
        Bom bom = parse(twice);
        Component axios = component(bom, "pkg:npm/axios@1.14.1");
        assertEquals(1, props(axios, AnnotatedSbomRenderer.STATUS).size());
        assertEquals(4, props(axios, AnnotatedSbomRenderer.FINDING).size());
        assertEquals(1, bom.getMetadata().getProperties().stream()
                .filter(p -> p.getName().equals("trustlock:verify:summary:packages")).count());
        assertEquals(parse(once).getComponents().size(), bom.getComponents().size());
        // The next revision of the same document: its serial number, its version plus one.
        Bom first = parse(once);
        assertTrue(first.getSerialNumber().startsWith("urn:uuid:"), first.getSerialNumber());
        assertEquals(first.getSerialNumber(), bom.getSerialNumber());
        assertEquals(first.getVersion() + 1, bom.getVersion());
    }

    @Test
    void withoutAnSbomEachVerdictBecomesAComponentOfItsOwn() throws Exception {
        Bom bom = parse(AnnotatedSbomRenderer.standalone().render(ReportSamples.mixed()));
        Component widgets = component(bom, "pkg:npm/%40acme/widgets@2.0.0");
        assertEquals("@acme", widgets.getGroup());
        assertEquals("widgets", widgets.getName());
        assertEquals("2.0.0", widgets.getVersion());
        assertEquals("pkg:npm/%40acme/widgets@2.0.0", widgets.getBomRef());
        assertEquals(List.of("0123456789abcdef0123456789abcdef01234567"), props(widgets, AnnotatedSbomRenderer.IDENTITY + "commit"));
        assertEquals(List.of("github-hosted"), props(widgets, AnnotatedSbomRenderer.IDENTITY + "runnerEnvironment"));
        assertEquals(List.of("https://token.actions.githubusercontent.com"), props(widgets, AnnotatedSbomRenderer.IDENTITY + "issuer"));
        Component axios = component(bom, "pkg:npm/axios@1.14.1");
        assertEquals(null, axios.getGroup());
        assertEquals("axios", axios.getName());
        assertEquals(ReportSamples.mixed().packages().size(), bom.getComponents().size());
        assertTrue(bom.getSerialNumber().startsWith("urn:uuid:"), bom.getSerialNumber());
        assertEquals(bom.getSerialNumber(), parse(AnnotatedSbomRenderer.standalone().render(ReportSamples.mixed(3))).getSerialNumber(),
                "a serial from content: the same run, the same serial");
    }

    @Test
    void anSbomComponentWithoutAPurlIsFoundByGroupNameAndVersionAtAnyDepth() throws Exception {
        String sbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
                + "{\"type\":\"library\",\"name\":\"app\",\"version\":\"1.0.0\",\"components\":["
                + "{\"type\":\"library\",\"group\":\"@acme\",\"name\":\"widgets\",\"version\":\"2.0.0\"}]},"
                + "{\"type\":\"library\",\"name\":\"axios\",\"version\":\"1.14.1\"}]}";
        Bom bom = parse(AnnotatedSbomRenderer.forSbom(sbom.getBytes(StandardCharsets.UTF_8)).render(ReportSamples.mixed()));
        Component nested = bom.getComponents().get(0).getComponents().get(0);
        assertEquals(List.of("VERIFIED"), props(nested, AnnotatedSbomRenderer.STATUS));
        Component axios = bom.getComponents().get(1);
        assertEquals("axios", axios.getName());
        assertEquals(List.of("NO_PROVENANCE"), props(axios, AnnotatedSbomRenderer.STATUS));
        assertEquals(List.of(), props(bom.getComponents().get(0), AnnotatedSbomRenderer.STATUS));
        // Verdicts with no component of their own are added, not dropped: 2 found, 5 added.
        assertEquals(2 + ReportSamples.mixed().packages().size() - 2, bom.getComponents().size());
        // Without a serial number there is no document to revise: this one gets a serial of its own.
        assertTrue(bom.getSerialNumber().startsWith("urn:uuid:"), bom.getSerialNumber());
        assertEquals(1, bom.getVersion());
    }

    @Test
    void deterministicWhateverTheInputOrder() {
        AnnotatedSbomRenderer r = AnnotatedSbomRenderer.forGraph(graph(), "0.1.0");
        assertEquals(r.render(ReportSamples.mixed()), r.render(ReportSamples.mixed(5)));
    }
}
