package dev.trustlock.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.LockfileDiff.Change;
import dev.trustlock.core.verify.LockfileDiff.Kind;
import dev.trustlock.core.verify.LockfileDiff.TrustState;
import dev.trustlock.core.verify.LockfileDiff;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code trustlock diff} for people (text), programs (JSON), pull-request comments (Markdown) and
 * code scanning (SARIF: the findings the change introduces, placed on the new lockfile's lines,
 * with every package's trust change in the run's properties). All four say the same things: what
 * was added, removed and changed, how each package's publishing changed, and what the change
 * would bring that fails the gate.
 */
public final class DiffRenderer {

    public static final String SCHEMA_ID = "https://trustlock.dev/schemas/diff-report.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Gate gate;

    /** @param gate what fails the run, so that the verdict line matches the exit code */
    public DiffRenderer(Gate gate) {
        this.gate = gate;
    }

    /** For a person; whatever a lockfile or registry wrote is {@link PlainText#oneLine one line of plain text}. */
    public String text(LockfileDiff d) {
        StringBuilder out = new StringBuilder();
        out.append("trustlock diff ").append(PlainText.oneLine(d.oldSource())).append(" -> ")
                .append(PlainText.oneLine(d.newSource())).append("\n");
        out.append(counts(d)).append("\n");
        for (Change c : d.changes()) {
            out.append('\n').append(c.kind().name()).append(' ').append(PlainText.oneLine(c.name())).append(' ')
                    .append(PlainText.oneLine(versions(c)));
            evidence(c).ifPresent(e -> out.append("  (").append(e).append(')'));
            out.append('\n');
            c.trustChanges().forEach(s -> out.append("  - ").append(PlainText.oneLine(s)).append('\n'));
            c.broughtIn().forEach(p -> out.append("  - brings in ").append(PlainText.oneLine(p)).append('\n'));
            if (c.moreBroughtIn()) {
                out.append("  - ").append(MORE_BROUGHT_IN).append('\n');
            }
            for (Finding f : c.findings()) {
                out.append("  ").append(String.format("%-8s", f.severity().name())).append(f.ruleId()).append(": ")
                        .append(PlainText.oneLine(f.message())).append('\n');
            }
        }
        List<Finding> runFindings = runFindings(d);
        if (!runFindings.isEmpty()) {
            out.append('\n');
            runFindings.forEach(f -> out.append(String.format("%-8s", f.severity().name())).append(f.ruleId()).append(": ")
                    .append(PlainText.oneLine(f.message())).append('\n'));
        }
        out.append('\n').append(verdict(d)).append('\n');
        return out.toString();
    }

    public String json(LockfileDiff d) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SCHEMA_ID);
        root.put("schemaVersion", 1);
        root.put("tool", d.introduced().tool());
        root.put("generatedAt", d.introduced().generatedAt().toString());
        root.put("old", d.oldSource());
        root.put("new", d.newSource());
        ObjectNode summary = root.putObject("summary");
        summary.put("added", count(d, Kind.ADDED));
        summary.put("removed", count(d, Kind.REMOVED));
        summary.put("changed", count(d, Kind.CHANGED));
        summary.put("unchanged", d.unchanged());
        summary.put("errors", d.introduced().summary().errors());
        summary.put("warnings", d.introduced().summary().warnings());
        summary.put("unverifiable", d.introduced().summary().unverifiable());
        summary.put("exitCode", gate.exitCode(d.introduced()));
        changes(root.putArray("changes"), d);
        ArrayNode findings = root.putArray("findings");
        d.introduced().findings().forEach(f -> JsonReportRenderer.finding(findings.addObject(), f));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SARIF over the new lockfile {@code artifact}: results are the introduced findings. */
    public String sarif(LockfileDiff d, SarifRenderer renderer) {
        ObjectNode log = renderer.document(d.introduced());
        ObjectNode properties = (ObjectNode) log.withArray("runs").get(0).get("properties");
        properties.put("old", d.oldSource());
        changes(properties.putArray("changes"), d);
        return SarifRenderer.write(log);
    }

    /**
     * GitHub refuses a comment longer than 65,536 characters; this leaves room for whatever a
     * workflow puts around the comment.
     */
    static final int MAX_COMMENT_CHARS = 60_000;

    /**
     * A pull-request comment: a verdict line, one table row per package, the findings folded away
     * below. A change too large for one comment keeps its verdict and counts, then the rows that say
     * something (trust changes, findings, new packages brought in) before plain version moves, and
     * says how many rows it left out.
     */
    public String markdown(LockfileDiff d) {
        String head = "### trustlock: " + Markdown.cell(verdict(d)) + "\n\n" + Markdown.cell(d.oldSource()) + " → "
                + Markdown.cell(d.newSource()) + ": " + counts(d) + "\n\n";
        List<String> rows = new ArrayList<>();
        List<Boolean> notable = new ArrayList<>();
        for (Change c : d.changes()) {
            rows.add(changeRow(c));
            notable.add(!c.trustChanges().isEmpty() || !c.broughtIn().isEmpty() || !c.findings().isEmpty());
        }
        List<Finding> all = d.introduced().findings();
        List<Finding> bySeverity = all.stream().sorted(java.util.Comparator.comparing(Finding::severity)
                .thenComparing(java.util.Comparator.naturalOrder())).toList();
        List<String> findingRows = bySeverity.stream().map(Markdown::findingRow).toList();

        // What a reviewer needs first: rows that say something, then the findings, then plain moves.
        int budget = MAX_COMMENT_CHARS - head.length() - CHANGES_HEADER.length() - FINDINGS_HEADER.length() - 400;
        java.util.SortedSet<Integer> shownRows = new java.util.TreeSet<>();
        java.util.SortedSet<Integer> shownFindings = new java.util.TreeSet<>();
        budget = take(rows, notable::get, budget, shownRows);
        budget = take(findingRows, i -> true, budget, shownFindings);
        take(rows, i -> !notable.get(i), budget, shownRows);

        StringBuilder out = new StringBuilder(head);
        if (!rows.isEmpty()) {
            out.append(CHANGES_HEADER);
            shownRows.forEach(i -> out.append(rows.get(i)));
            out.append('\n');
        }
        if (!all.isEmpty()) {
            out.append("<details><summary>").append(Counts.of(all.size(), "finding"))
                    .append(" only the new lockfile has</summary>\n\n").append(FINDINGS_HEADER);
            shownFindings.forEach(i -> out.append(findingRows.get(i)));
            out.append("\n</details>\n");
        }
        int leftRows = rows.size() - shownRows.size();
        int leftFindings = findingRows.size() - shownFindings.size();
        if (leftRows > 0 || leftFindings > 0) {
            out.append("\nNot shown, to fit one comment: ").append(Counts.of(leftRows, "package row"))
                    .append(" and ").append(Counts.of(leftFindings, "finding"))
                    .append("; `trustlock diff --format json` lists every one.\n");
        }
        return out.toString();
    }

    private static final String MORE_BROUGHT_IN = "and more new packages than the " + LockfileDiff.BROUGHT_IN_LISTED
            + " nearest listed";

    private static final String CHANGES_HEADER = "| Package | Change | Version | Evidence | Trust changes | New findings |\n"
            + "|---|---|---|---|---|---|\n";
    private static final String FINDINGS_HEADER = "| Severity | Package | Rule | Message |\n|---|---|---|---|\n";

    private static String changeRow(Change c) {
        List<String> said = new ArrayList<>(c.trustChanges());
        c.broughtIn().forEach(p -> said.add("brings in " + p));
        if (c.moreBroughtIn()) {
            said.add(MORE_BROUGHT_IN);
        }
        List<String> found = c.findings().stream().map(f -> "**" + f.severity().id() + "** " + f.ruleId()).toList();
        return "| **" + Markdown.cell(c.name()) + "** | " + c.kind().id() + " | " + Markdown.cell(versions(c)) + " | "
                + Markdown.cell(evidence(c).orElse("")) + " | " + lines(said) + " | " + String.join("<br>", found) + " |\n";
    }

    /**
     * Adds to {@code shown} the indices of the {@code rows} that {@code wanted} selects, in order,
     * each that still fits in {@code budget} characters; returns what is left of the budget.
     */
    private static int take(List<String> rows, java.util.function.IntPredicate wanted, int budget,
            java.util.SortedSet<Integer> shown) {
        int left = budget;
        for (int i = 0; i < rows.size(); i++) {
            if (wanted.test(i) && rows.get(i).length() <= left) {
                shown.add(i);
                left -= rows.get(i).length();
            }
        }
        return left;
    }

    private static void changes(ArrayNode array, LockfileDiff d) {
        for (Change c : d.changes()) {
            ObjectNode n = array.addObject();
            n.put("kind", c.kind().id());
            n.put("name", c.name());
            c.fromVersion().ifPresent(v -> n.put("from", v));
            c.toVersion().ifPresent(v -> n.put("to", v));
            c.from().ifPresent(s -> state(n.putObject("before"), s));
            c.to().ifPresent(s -> state(n.putObject("after"), s));
            ArrayNode said = n.putArray("trustChanges");
            c.trustChanges().forEach(said::add);
            ArrayNode brought = n.putArray("broughtIn");
            c.broughtIn().forEach(brought::add);
            if (c.moreBroughtIn()) {
                n.put("moreBroughtIn", true);
            }
            ArrayNode findings = n.putArray("findings");
            c.findings().forEach(f -> JsonReportRenderer.finding(findings.addObject(), f));
        }
    }

    private static void state(ObjectNode n, TrustState s) {
        n.put("version", s.version());
        n.put("status", s.status().name());
        n.put("reason", s.reason());
        n.put("evidence", s.evidence().id());
        s.publisher().ifPresent(p -> n.put("publisher", p));
        s.trustedPublisher().ifPresent(p -> n.put("trustedPublisher", p));
        s.identity().ifPresent(id -> JsonReportRenderer.identity(n.putObject("identity"), id));
        ObjectNode install = n.putObject("installScripts");
        s.installVectors().forEach(install::put);
        ObjectNode deps = n.putObject("dependencies");
        s.dependencies().forEach(deps::put);
    }

    private static String versions(Change c) {
        return switch (c.kind()) {
            case ADDED -> c.toVersion().orElseThrow();
            case REMOVED -> c.fromVersion().orElseThrow();
            case CHANGED -> c.fromVersion().orElseThrow() + " → " + c.toVersion().orElseThrow();
        };
    }

    /** "trusted-publisher → registry-signature"; "?" stands for a version that could not be checked. */
    private static Optional<String> evidence(Change c) {
        Optional<String> to = c.to().map(DiffRenderer::level);
        if (c.kind() == Kind.CHANGED) {
            String from = c.from().map(DiffRenderer::level).orElse("?");
            return to.map(t -> from.equals(t) ? t : from + " → " + t);
        }
        return to;
    }

    private static String level(TrustState s) {
        return s.status() == VerificationStatus.UNVERIFIABLE ? "? (not checked)" : s.evidence().id();
    }

    private static long count(LockfileDiff d, Kind kind) {
        return d.changes().stream().filter(c -> c.kind() == kind).count();
    }

    private static String counts(LockfileDiff d) {
        var s = d.introduced().summary();
        return count(d, Kind.ADDED) + " added, " + count(d, Kind.REMOVED) + " removed, " + count(d, Kind.CHANGED)
                + " changed, " + d.unchanged() + " unchanged; the change brings " + Counts.of(s.errors(), "error")
                + ", " + Counts.of(s.warnings(), "warning")
                + (s.unverifiable() == 0 ? "" : ", " + s.unverifiable() + " unverifiable");
    }

    private String verdict(LockfileDiff d) {
        return GateVerdict.of(gate, d.introduced(), "the change brings ", "added or changed package(s)").line();
    }

    /** The run's own findings (about the project, such as a registry that was down). */
    private static List<Finding> runFindings(LockfileDiff d) {
        Set<Finding> inChanges = d.changes().stream().flatMap(c -> c.findings().stream()).collect(Collectors.toSet());
        return d.introduced().findings().stream().filter(f -> !inChanges.contains(f)).toList();
    }

    private static String lines(List<String> items) {
        return String.join("<br>", items.stream().map(i -> Markdown.cell(Markdown.shortened(i))).toList());
    }
}
