package dev.trustlock.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Suppressed;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.Summary;
import dev.trustlock.core.verify.VerifyReport;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --format json} report, described by {@code schemas/verify-report.schema.json}.
 * Keys are written in a fixed order and the report's lists are already sorted, so the same
 * report always renders to the same bytes. Absent optional values are left out, never null.
 */
public final class JsonReportRenderer {

    /** Bumped when a field changes meaning or disappears; additions keep the number. */
    public static final int SCHEMA_VERSION = 1;
    public static final String SCHEMA_ID = "https://trustlock.dev/schemas/verify-report.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(VerifyReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SCHEMA_ID);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("tool", report.tool());
        root.put("generatedAt", report.generatedAt().toString());
        root.put("source", report.source());
        Summary s = report.summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("packages", s.packages());
        summary.put("verified", s.verified());
        summary.put("noProvenance", s.noProvenance());
        summary.put("invalid", s.invalid());
        summary.put("unverifiable", s.unverifiable());
        summary.put("errors", s.errors());
        summary.put("warnings", s.warnings());
        ArrayNode packages = root.putArray("packages");
        for (PackageVerdict p : report.packages()) {
            ObjectNode n = packages.addObject();
            n.put("name", p.name());
            n.put("version", p.version());
            n.put("purl", p.purl());
            p.integrity().ifPresent(i -> n.put("integrity", i));
            n.put("status", p.status().name());
            n.put("code", p.code().name());
            n.put("reason", p.reason());
            n.put("evidence", p.evidence().id());
            p.publisher().ifPresent(w -> n.put("publisher", w));
            p.approver().ifPresent(a -> n.put("approver", a));
            p.identity().ifPresent(id -> identity(n.putObject("identity"), id));
            findings(n.putArray("findings"), p.findings());
        }
        findings(root.putArray("findings"), report.findings());
        ArrayNode skipped = root.putArray("skipped");
        report.skipped().forEach(skipped::add);
        ArrayNode suppressed = root.putArray("suppressed");
        for (Suppressed x : report.suppressed()) {
            ObjectNode n = suppressed.addObject();
            finding(n.putObject("finding"), x.finding());
            ObjectNode e = n.putObject("exception");
            e.put("index", x.exemption().index());
            e.put("reason", x.exemption().reason());
            e.put("expires", x.exemption().expires().toString());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void findings(ArrayNode array, List<Finding> findings) {
        for (Finding f : findings) {
            finding(array.addObject(), f);
        }
    }

    static void finding(ObjectNode n, Finding f) {
        n.put("ruleId", f.ruleId());
        n.put("severity", f.severity().id());
        n.put("package", f.packageName());
        n.put("version", f.version());
        n.put("message", f.message());
        ObjectNode ev = n.putObject("evidence");
        for (Map.Entry<String, String> e : f.evidence().entrySet()) {
            ev.put(e.getKey(), e.getValue());
        }
    }

    /** The identity fields a policy can pin, under the names the policy file uses where it has them. */
    static void identity(ObjectNode n, PublishIdentity id) {
        put(n, "issuer", id.issuer());
        put(n, "san", id.san());
        put(n, "sourceRepository", id.sourceRepositoryUri());
        put(n, "sourceRepositoryRef", id.sourceRepositoryRef());
        put(n, "sourceRepositoryDigest", id.sourceRepositoryDigest());
        put(n, "workflow", id.workflow());
        put(n, "ref", id.ref());
        put(n, "buildSignerUri", id.buildSignerUri());
        put(n, "runnerEnvironment", id.runnerEnvironment());
        put(n, "buildTrigger", id.buildTrigger());
        put(n, "runInvocationUri", id.runInvocationUri());
        put(n, "predicateType", id.predicateType());
    }

    private static void put(ObjectNode n, String key, Optional<String> value) {
        value.ifPresent(v -> n.put(key, v));
    }
}
