package dev.trustlock.core.report;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.sbom.CycloneDxDocuments;
import dev.trustlock.core.sbom.Integrity;
import dev.trustlock.core.sbom.SbomBuilder;
import dev.trustlock.core.sbom.SbomOptions;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.Summary;
import dev.trustlock.core.verify.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

/**
 * The project's CycloneDX SBOM with each verified component annotated: verification status,
 * reason, evidence level, publish identity (only once VERIFIED: an unverified identity is a claim
 * anyone can make) and findings, as {@code properties} in the {@code trustlock:} namespace. The
 * metadata carries the run's summary. Properties from an earlier annotation are replaced, so
 * annotating an annotated SBOM does not pile up stale results.
 *
 * <p>Components are matched to verdicts by purl, else by name and version. A verdict with no
 * component (an SBOM that lists fewer packages than were verified) is added as a component, so
 * no result is dropped. Components that were not verified (workspaces, git or local packages)
 * are left as they are.
 */
public final class AnnotatedSbomRenderer implements ReportRenderer {

    public static final String NS = "trustlock:";
    static final String STATUS = NS + "verification:status";
    static final String CODE = NS + "verification:code";
    static final String REASON = NS + "verification:reason";
    static final String EVIDENCE = NS + "evidence";
    static final String FINDING = NS + "finding";
    static final String IDENTITY = NS + "identity:";

    private final Supplier<Bom> base;
    /** The spec version written: the input SBOM's own, so its consumers read the annotated one too. */
    private final String specVersion;
    /** An existing SBOM: the annotated one is its next version (same serial number, version + 1). */
    private final boolean revision;

    private AnnotatedSbomRenderer(Supplier<Bom> base, String specVersion, boolean revision) {
        this.base = base;
        this.specVersion = specVersion;
        this.revision = revision;
    }

    /** Annotates the SBOM trustlock builds for {@code graph} (the same as {@code trustlock sbom}). */
    public static AnnotatedSbomRenderer forGraph(DependencyGraph graph, String toolVersion) {
        SbomOptions options = new SbomOptions(SbomOptions.SpecVersion.V1_6, SbomOptions.OutputFormat.JSON, Set.of(),
                Optional.empty());
        return new AnnotatedSbomRenderer(() -> new SbomBuilder(toolVersion).build(graph, options), "1.6", false);
    }

    /**
     * Annotates an existing CycloneDX SBOM, JSON or XML (the one verify was given; the bytes are
     * copied), as the next version of the same document: its serial number, its spec version
     * (1.2, which has no properties, becomes 1.3), its {@code version} plus one. Written as JSON.
     */
    public static AnnotatedSbomRenderer forSbom(byte[] cycloneDx) {
        byte[] copy = cycloneDx.clone();
        return new AnnotatedSbomRenderer(() -> {
            try {
                return CycloneDxDocuments.parse(copy);
            } catch (ParseException e) {
                throw new IllegalArgumentException("the SBOM cannot be parsed as CycloneDX: " + e.getMessage(), e);
            }
        }, CycloneDxDocuments.specVersion(copy), true);
    }

    /** No SBOM to start from: one component per verdict. */
    public static AnnotatedSbomRenderer standalone() {
        return new AnnotatedSbomRenderer(() -> {
            Bom bom = new Bom();
            bom.setMetadata(new Metadata());
            bom.setComponents(new ArrayList<>());
            return bom;
        }, "1.6", false);
    }

    @Override
    public String render(VerifyReport report) {
        return CycloneDxDocuments.toJson(annotate(report), specVersion);
    }

    /** The annotated model, for callers that serialise it themselves (e.g. as XML). */
    public Bom annotate(VerifyReport report) {
        Bom bom = base.get();
        Map<String, PackageVerdict> byPurl = new TreeMap<>();
        Map<String, PackageVerdict> byName = new TreeMap<>();
        for (PackageVerdict v : report.packages()) {
            byPurl.putIfAbsent(v.purl(), v);
            byName.putIfAbsent(ReportIndex.key(v.name(), v.version()), v);
        }
        Set<PackageVerdict> placed = new HashSet<>();
        List<Component> components = bom.getComponents() == null ? new ArrayList<>() : new ArrayList<>(bom.getComponents());
        annotateAll(components, byPurl, byName, placed);
        for (PackageVerdict v : report.packages()) {
            if (!placed.contains(v)) {
                Component c = componentFor(v);
                setTrustlockProperties(c, v);
                components.add(c);
                placed.add(v);
            }
        }
        bom.setComponents(components);

        Metadata metadata = bom.getMetadata() == null ? new Metadata() : bom.getMetadata();
        metadata.setTimestamp(Date.from(report.generatedAt()));
        List<Component> findable = new ArrayList<>(components);
        if (metadata.getComponent() != null) {
            findable.add(metadata.getComponent());
        }
        annotateRunFindings(findable, new ReportIndex(report).findingsWithoutVerdict());
        List<Property> props = withoutTrustlock(metadata.getProperties());
        props.add(property(NS + "verify:tool", report.tool()));
        props.add(property(NS + "verify:source", report.source()));
        Summary s = report.summary();
        props.add(property(NS + "verify:summary:packages", Integer.toString(s.packages())));
        props.add(property(NS + "verify:summary:verified", Integer.toString(s.verified())));
        props.add(property(NS + "verify:summary:noProvenance", Integer.toString(s.noProvenance())));
        props.add(property(NS + "verify:summary:invalid", Integer.toString(s.invalid())));
        props.add(property(NS + "verify:summary:unverifiable", Integer.toString(s.unverifiable())));
        props.add(property(NS + "verify:summary:errors", Integer.toString(s.errors())));
        props.add(property(NS + "verify:summary:warnings", Integer.toString(s.warnings())));
        props.add(property(NS + "verify:summary:skipped", Integer.toString(report.skipped().size())));
        metadata.setProperties(props);
        bom.setMetadata(metadata);
        if (revision && bom.getSerialNumber() != null) {
            // The same BOM, one revision on (CycloneDX: same serialNumber, version incremented).
            bom.setVersion(Math.max(1, bom.getVersion()) + 1);
        } else {
            // A document of its own (no input SBOM, or one without a serial): a serial from content.
            bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(
                    (Optional.ofNullable(bom.getSerialNumber()).orElse("") + "\n" + report.generatedAt() + "\n"
                            + report.packages() + "\n" + report.findings()).getBytes(StandardCharsets.UTF_8)));
        }
        return bom;
    }

    private static void annotateAll(List<Component> components, Map<String, PackageVerdict> byPurl,
            Map<String, PackageVerdict> byName, Set<PackageVerdict> placed) {
        for (Component c : components) {
            PackageVerdict v = c.getPurl() != null ? byPurl.get(c.getPurl()) : null;
            if (v == null && c.getName() != null && c.getVersion() != null) {
                String name = c.getGroup() != null && !c.getGroup().isEmpty() ? c.getGroup() + "/" + c.getName() : c.getName();
                v = byName.get(ReportIndex.key(name, c.getVersion()));
            }
            if (v != null) {
                setTrustlockProperties(c, v);
                placed.add(v);
            }
            if (c.getComponents() != null) {
                annotateAll(c.getComponents(), byPurl, byName, placed);
            }
        }
    }

    /**
     * Findings about packages that were not verified (a git dependency's note, a problem with the
     * project itself) go on the component of that name and version, or the project's metadata
     * component, so the SBOM carries every finding of the run.
     */
    private static void annotateRunFindings(List<Component> components, Map<String, List<Finding>> findings) {
        if (findings.isEmpty()) {
            return;
        }
        for (Component c : components) {
            if (c.getName() == null || c.getVersion() == null) {
                continue;
            }
            String name = c.getGroup() != null && !c.getGroup().isEmpty() ? c.getGroup() + "/" + c.getName() : c.getName();
            List<Finding> mine = findings.get(ReportIndex.key(name, c.getVersion()));
            if (mine != null && props(c).stream().noneMatch(p -> STATUS.equals(p.getName()))) {
                List<Property> props = withoutTrustlock(c.getProperties());
                for (Finding f : mine) {
                    props.add(property(FINDING, f.severity().id() + " " + f.ruleId() + ": " + f.message()));
                }
                c.setProperties(props);
            }
        }
    }

    private static List<Property> props(Component c) {
        return c.getProperties() == null ? List.of() : c.getProperties();
    }

    private static void setTrustlockProperties(Component c, PackageVerdict v) {
        List<Property> props = withoutTrustlock(c.getProperties());
        props.add(property(STATUS, v.status().name()));
        props.add(property(CODE, v.code().name()));
        props.add(property(REASON, v.reason()));
        props.add(property(EVIDENCE, v.evidence().id()));
        if (v.status() == VerificationStatus.VERIFIED) {
            v.identity().ifPresent(id -> identity(props, id));
        }
        for (Finding f : v.findings()) {
            props.add(property(FINDING, f.severity().id() + " " + f.ruleId() + ": " + f.message()));
        }
        c.setProperties(props);
    }

    private static void identity(List<Property> props, PublishIdentity id) {
        id.issuer().ifPresent(x -> props.add(property(IDENTITY + "issuer", x)));
        id.san().ifPresent(x -> props.add(property(IDENTITY + "san", x)));
        id.sourceRepositoryUri().ifPresent(x -> props.add(property(IDENTITY + "repository", x)));
        id.workflow().ifPresent(x -> props.add(property(IDENTITY + "workflow", x)));
        id.ref().ifPresent(x -> props.add(property(IDENTITY + "ref", x)));
        id.sourceRepositoryDigest().ifPresent(x -> props.add(property(IDENTITY + "commit", x)));
        id.runnerEnvironment().ifPresent(x -> props.add(property(IDENTITY + "runnerEnvironment", x)));
        id.runInvocationUri().ifPresent(x -> props.add(property(IDENTITY + "runInvocation", x)));
    }

    private static Component componentFor(PackageVerdict v) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        if (v.name().startsWith("@") && v.name().indexOf('/') > 0) {
            c.setGroup(v.name().substring(0, v.name().indexOf('/')));
            c.setName(v.name().substring(v.name().indexOf('/') + 1));
        } else {
            c.setName(v.name());
        }
        c.setVersion(v.version());
        c.setPurl(v.purl());
        c.setBomRef(v.purl());
        v.integrity().ifPresent(sri -> {
            List<Hash> hashes = new ArrayList<>();
            Integrity.decode(sri).forEach(d -> hashes.add(new Hash(d.algorithm(), d.hex())));
            if (!hashes.isEmpty()) {
                c.setHashes(hashes);
            }
        });
        return c;
    }

    private static List<Property> withoutTrustlock(List<Property> existing) {
        List<Property> kept = new ArrayList<>();
        if (existing != null) {
            for (Property p : existing) {
                if (p.getName() == null || !p.getName().startsWith(NS) || p.getName().startsWith("trustlock:npm:")) {
                    kept.add(p);
                }
            }
        }
        return kept;
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }
}
