package dev.trustlock.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.detect.PipelineFindings;
import dev.trustlock.core.detect.RuleCatalog;
import dev.trustlock.core.detect.RuleInfo;
import dev.trustlock.core.detect.VerificationInvalidRule;
import dev.trustlock.core.detect.VerificationUnverifiableRule;
import dev.trustlock.core.io.BoundedText;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Suppressed;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers). One run; one rule per
 * finding rule id that occurs, with help text; one result per finding, its level from the
 * severity, located in the lockfile (physical location) and at the package's purl (logical
 * location, so results of different packages in the same file stay apart).
 *
 * <p>A package whose status is INVALID or UNVERIFIABLE always gets a result, even when the run
 * recorded no verification finding for it: a scan that hides "could not check" looks like a pass.
 */
public final class SarifRenderer implements ReportRenderer {

    static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT = "trustlock/v1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Optional<String> artifact;
    private final LockfileLines lines;

    /** Results point at the report's source, as given, without lines. */
    public SarifRenderer() {
        this.artifact = Optional.empty();
        this.lines = LockfileLines.none();
    }

    /**
     * Results point at {@code artifactPath}: the lockfile or SBOM verify read, or a directory, in
     * which case the lockfile found there (as {@code verify} finds it). The file is read once, now,
     * to put each result on the line that records its package; code scanning shows results
     * without a line poorly. Relative paths stay relative (code scanning resolves them against
     * the repository root). A path that cannot be read still names the location, without lines.
     */
    public SarifRenderer(String artifactPath) {
        String path = artifactPath;
        LockfileLines found = LockfileLines.none();
        try {
            Path p = Path.of(artifactPath);
            if (Files.isDirectory(p)) {
                Path file = Lockfiles.locate(p, Optional.empty()).file();
                p = p.resolve(file.getFileName());
                path = p.toString();
            }
            if (Files.isRegularFile(p)) {
                found = LockfileLines.of(SafeParsers.readText(p));
            }
        } catch (LockfileException | InvalidPathException | UncheckedIOException e) {
            // The report still points at what the user named; it only lacks line numbers.
        }
        this.artifact = Optional.of(path);
        this.lines = found;
    }

    /** Results point at {@code artifactPath}, placed on lines with {@code lines}; reads nothing. */
    public SarifRenderer(String artifactPath, LockfileLines lines) {
        this.artifact = Optional.of(artifactPath);
        this.lines = lines;
    }

    @Override
    public String render(VerifyReport report) {
        return write(document(report));
    }

    /** The SARIF log as a tree, for a caller that adds run properties of its own ({@code diff}). */
    public ObjectNode document(VerifyReport report) {
        ReportIndex index = new ReportIndex(report);
        List<Finding> findings = withStatusFindings(report, index);
        String uri = uriReference(artifact.orElse(report.source()));

        TreeMap<String, Integer> ruleIndex = new TreeMap<>();
        findings.forEach(f -> ruleIndex.putIfAbsent(f.ruleId(), 0));
        report.suppressed().forEach(x -> ruleIndex.putIfAbsent(x.finding().ruleId(), 0));
        int i = 0;
        for (Map.Entry<String, Integer> e : ruleIndex.entrySet()) {
            e.setValue(i++);
        }

        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SCHEMA_URI);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", toolName(report.tool()));
        toolVersion(report.tool()).ifPresent(v -> driver.put("version", v));
        ArrayNode rules = driver.putArray("rules");
        for (String id : ruleIndex.keySet()) {
            rules.add(rule(RuleCatalog.of(id)));
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", true);
        invocation.put("startTimeUtc", report.generatedAt().toString());
        run.putArray("artifacts").addObject().putObject("location").put("uri", uri);
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            results.add(result(f, index.purlOf(f), uri, ruleIndex.get(f.ruleId()), lines.lineOf(f.packageName(), f.version())));
        }
        // Waived findings stay results, marked as suppressed with the exception's reason and expiry,
        // so code scanning shows them as dismissed by policy rather than as gone.
        for (Suppressed x : report.suppressed()) {
            Finding f = x.finding();
            ObjectNode r = result(f, index.purlOf(f), uri, ruleIndex.get(f.ruleId()), lines.lineOf(f.packageName(),
                    f.version()));
            ObjectNode suppression = r.putArray("suppressions").addObject();
            suppression.put("kind", "external");
            suppression.put("status", "accepted");
            suppression.put("justification", x.exemption().reason() + " (policy exceptions[" + x.exemption().index()
                    + "], expires " + x.exemption().expires() + ")");
            suppression.putObject("properties").put("exception", "exceptions[" + x.exemption().index() + "]")
                    .put("expires", x.exemption().expires().toString());
            results.add(r);
        }
        ObjectNode runProperties = run.putObject("properties");
        ObjectNode summary = runProperties.putObject("summary");
        summary.put("packages", report.summary().packages());
        summary.put("verified", report.summary().verified());
        summary.put("noProvenance", report.summary().noProvenance());
        summary.put("invalid", report.summary().invalid());
        summary.put("unverifiable", report.summary().unverifiable());
        summary.put("errors", report.summary().errors());
        summary.put("warnings", report.summary().warnings());
        if (!report.skipped().isEmpty()) {
            // Not results: nothing is wrong with them, trustlock just cannot verify them.
            report.skipped().forEach(runProperties.putArray("skipped")::add);
        }
        return root;
    }

    /** A SARIF log tree as its file's text. */
    public static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing SARIF to memory failed", e);
        }
    }

    /** SARIF level for a severity: the three share their meaning. */
    static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "note";
        };
    }

    private static List<Finding> withStatusFindings(VerifyReport report, ReportIndex index) {
        List<Finding> all = new ArrayList<>(report.findings());
        for (PackageVerdict v : report.packages()) {
            String ruleId = switch (v.status()) {
                case INVALID -> VerificationInvalidRule.ID;
                case UNVERIFIABLE -> VerificationUnverifiableRule.ID;
                case VERIFIED, NO_PROVENANCE -> null;
            };
            if (ruleId == null || v.findings().stream().anyMatch(f -> f.ruleId().equals(ruleId)
                    || f.ruleId().equals(PipelineFindings.REGISTRY_UNAVAILABLE))) {
                continue;
            }
            Map<String, String> evidence = new TreeMap<>();
            evidence.put("status", v.status().name());
            evidence.put("code", v.code().name());
            all.add(new Finding(ruleId, v.status() == VerificationStatus.INVALID ? Severity.ERROR : Severity.WARNING,
                    v.name(), v.version(), v.reason(), new TreeMap<>(evidence)));
        }
        return all.stream().sorted().toList();
    }

    private static ObjectNode rule(RuleInfo entry) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", entry.id());
        r.put("name", pascal(entry.id()));
        r.putObject("shortDescription").put("text", entry.title());
        r.putObject("fullDescription").put("text", entry.help());
        r.putObject("help").put("text", entry.help());
        ObjectNode props = r.putObject("properties");
        ArrayNode tags = props.putArray("tags");
        tags.add("security");
        tags.add("supply-chain");
        props.put("security-severity", entry.securitySeverity());
        return r;
    }

    /**
     * A SARIF plain-text message of text a release may have written: SARIF viewers (GitHub code
     * scanning among them) turn "[text](target)" into a link (SARIF 2.1.0, 3.11.6), so literal
     * brackets, and the backslash that escapes them, are escaped; one line, nothing that acts on
     * a terminal ({@link PlainText#oneLine}).
     */
    static String plainMessage(String text) {
        return PlainText.oneLine(text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    /**
     * Characters of one evidence value in SARIF. Code scanning refuses a SARIF file over 10 MB
     * compressed, and a release can quote megabytes (an install script, a range) into a finding's
     * evidence: one such package must not keep every alert of the run from showing. The JSON
     * report keeps the evidence whole.
     */
    static final int MAX_EVIDENCE = 4_096;

    static String evidenceValue(String v) {
        return BoundedText.cut(v, MAX_EVIDENCE, " in the JSON report");
    }

    private static ObjectNode result(Finding f, String purl, String uri, int ruleIndex, OptionalInt line) {
        ObjectNode r = JSON.createObjectNode();
        r.put("ruleId", f.ruleId());
        r.put("ruleIndex", ruleIndex);
        r.put("level", level(f.severity()));
        r.putObject("message").put("text", plainMessage(f.packageName() + "@" + f.version() + ": " + f.message()));
        ObjectNode location = r.putArray("locations").addObject();
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri).put("index", 0);
        line.ifPresent(n -> physical.putObject("region").put("startLine", n));
        ObjectNode logical = location.putArray("logicalLocations").addObject();
        logical.put("name", f.packageName() + "@" + f.version());
        logical.put("fullyQualifiedName", purl);
        logical.put("kind", "package");
        r.putObject("partialFingerprints").put(FINGERPRINT, fingerprint(f, purl));
        ObjectNode props = r.putObject("properties");
        props.put("package", f.packageName());
        props.put("version", f.version());
        props.put("purl", purl);
        if (!f.evidence().isEmpty()) {
            ObjectNode evidence = props.putObject("evidence");
            f.evidence().forEach((k, v) -> evidence.put(k, evidenceValue(v)));
        }
        return r;
    }

    /** Stable across runs for the same problem, so code scanning tracks one alert, not a new one each run. */
    private static String fingerprint(Finding f, String purl) {
        byte[] d = Digests.sha256((f.ruleId() + "\n" + purl + "\n" + f.message()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    private static String pascal(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.length() == 0 ? "Rule" : sb.toString();
    }

    /**
     * A path as a URI: relative paths stay relative references (forward slashes, unsafe characters
     * percent-encoded), which code scanning resolves against the checkout; absolute ones become
     * {@code file:} URIs, which upload tools relativise against the checkout path.
     */
    static String uriReference(String path) {
        String p = path.replace('\\', '/');
        try {
            if (p.startsWith("/")) {
                return Path.of(path).toUri().toASCIIString();
            }
            return new URI(null, null, p, null).toASCIIString();
        } catch (URISyntaxException | InvalidPathException e) {
            return p.replace(" ", "%20");
        }
    }

    static String toolName(String tool) {
        int space = tool.indexOf(' ');
        return space > 0 ? tool.substring(0, space) : tool;
    }

    static Optional<String> toolVersion(String tool) {
        int space = tool.indexOf(' ');
        return space > 0 && space < tool.length() - 1 ? Optional.of(tool.substring(space + 1).trim()) : Optional.empty();
    }
}
