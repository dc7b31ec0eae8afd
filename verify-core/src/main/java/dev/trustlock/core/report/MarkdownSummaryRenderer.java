package dev.trustlock.core.report;

import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.Summary;
import dev.trustlock.core.verify.VerifyReport;
import java.util.Comparator;
import java.util.List;

/**
 * A verify report as a CI job summary (GitHub's {@code $GITHUB_STEP_SUMMARY}): the gate's verdict,
 * the counts, the errors and warnings in a table and the notes folded away. Every finding's text
 * passes through {@link Markdown#cell}, since a malicious release writes some of it: rendered raw,
 * its install script could open an HTML comment and hide every row below it from the person
 * deciding whether to deploy.
 */
public final class MarkdownSummaryRenderer implements ReportRenderer {

    /**
     * Rows per table. GitHub refuses a job summary over 1 MiB whole; a project with thousands of
     * notes must still get its verdict and its errors shown.
     */
    static final int MAX_ROWS = 300;

    private final Gate gate;

    public MarkdownSummaryRenderer(Gate gate) {
        this.gate = gate;
    }

    @Override
    public String render(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        out.append("### trustlock verify: ").append(Markdown.cell(GateVerdict.of(gate, report, "", "package(s)").line()))
                .append("\n\n");
        Summary s = report.summary();
        out.append(Markdown.cell(report.source())).append(": **").append(Counts.of(s.packages(), "package")).append("**, ")
                .append(s.verified()).append(" verified, ").append(s.noProvenance()).append(" without provenance, ")
                .append(s.invalid()).append(" invalid, ").append(s.unverifiable()).append(" unverifiable; **")
                .append(Counts.of(s.errors(), "error")).append("**, ").append(Counts.of(s.warnings(), "warning"))
                .append("\n\n");
        List<Finding> raised = report.findings().stream().filter(f -> f.severity() != Severity.NOTE)
                .sorted(Comparator.comparing(Finding::severity).thenComparing(Comparator.naturalOrder())).toList();
        List<Finding> notes = report.findings().stream().filter(f -> f.severity() == Severity.NOTE).toList();
        table(out, raised);
        if (!notes.isEmpty()) {
            out.append("<details><summary>").append(Counts.of(notes.size(), "note")).append("</summary>\n\n");
            table(out, notes);
            out.append("</details>\n");
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        out.append("| Severity | Package | Rule | Finding |\n|---|---|---|---|\n");
        findings.subList(0, Math.min(MAX_ROWS, findings.size())).forEach(f -> out.append(Markdown.findingRow(f)));
        if (findings.size() > MAX_ROWS) {
            out.append("\nand ").append(findings.size() - MAX_ROWS).append(" more; the JSON and SARIF reports list every one.\n");
        }
        out.append('\n');
    }
}
