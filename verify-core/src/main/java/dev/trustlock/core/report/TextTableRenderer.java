package dev.trustlock.core.report;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.policy.Suppressed;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.Summary;
import dev.trustlock.core.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The table a person reads in a terminal: one row per package (status, evidence, worst
 * finding), then the findings with their messages, then one summary line. Colour (ANSI) only
 * when asked for: the caller decides from whether stdout is a terminal, so piped output and
 * files stay plain.
 */
public final class TextTableRenderer implements ReportRenderer {

    private static final String RESET = "\u001b[0m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String DIM = "\u001b[2m";
    private static final int MAX_CELL = 60;

    private final boolean colour;

    public TextTableRenderer(boolean colour) {
        this.colour = colour;
    }

    @Override
    public String render(VerifyReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PACKAGE", "VERSION", "STATUS", "EVIDENCE", "FINDINGS"});
        for (PackageVerdict v : report.packages()) {
            rows.add(new String[] {v.name(), v.version(), v.status().name(), v.evidence().id(), findingsCell(v)});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = clip(row[i]);
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(report.tool()).append(" verify ").append(report.source()).append('\n').append('\n');
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == row.length - 1 ? row[i] : pad(row[i], widths[i]);
                if (r > 0 && i == 2) {
                    cell = paint(cell, statusColour(report.packages().get(r - 1).status()));
                } else if (r == 0) {
                    cell = paint(cell, DIM);
                }
                line.append(cell);
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            out.append(stripTrailing(line)).append('\n');
        }
        if (!report.findings().isEmpty()) {
            out.append('\n').append("Findings:\n");
            for (Finding f : report.findings()) {
                out.append("  ").append(paint(pad(f.severity().id().toUpperCase(java.util.Locale.ROOT), 7),
                                severityColour(f.severity())))
                        .append(' ').append(f.packageName()).append('@').append(f.version())
                        .append("  ").append(f.ruleId()).append(": ").append(PlainText.oneLine(f.message())).append('\n');
            }
        }
        List<PackageVerdict> staged = report.packages().stream().filter(p -> p.approver().isPresent()).toList();
        if (!staged.isEmpty()) {
            out.append('\n').append("Staged publishes (registry metadata):\n");
            for (PackageVerdict p : staged) {
                out.append("  ").append(p.name()).append('@').append(p.version()).append("  published by ")
                        .append(p.publisher().orElse("(unknown)")).append(", approved by ").append(p.approver().get())
                        .append('\n');
            }
        }
        if (!report.suppressed().isEmpty()) {
            out.append('\n').append("Suppressed by policy exceptions:\n");
            for (Suppressed x : report.suppressed()) {
                Finding f = x.finding();
                out.append("  ").append(f.packageName()).append('@').append(f.version()).append("  ").append(f.ruleId())
                        .append(" (").append(f.severity().id()).append(") by exceptions[").append(x.exemption().index())
                        .append("], expires ").append(x.exemption().expires()).append(": ")
                        .append(PlainText.oneLine(x.exemption().reason())).append('\n');
            }
        }
        if (!report.skipped().isEmpty()) {
            List<String> skipped = report.skipped();
            out.append('\n').append("Skipped ").append(skipped.size())
                    .append(skipped.size() == 1 ? " component that is not an npm package: " : " components that are not npm packages: ")
                    .append(String.join(", ", skipped.subList(0, Math.min(10, skipped.size()))))
                    .append(skipped.size() > 10 ? " and " + (skipped.size() - 10) + " more (the JSON report lists all)" : "")
                    .append('\n');
        }
        Summary s = report.summary();
        out.append('\n').append(Counts.of(s.packages(), "package")).append(": ")
                .append(s.verified()).append(" verified, ")
                .append(s.noProvenance()).append(" without provenance, ")
                .append(s.invalid()).append(" invalid, ")
                .append(s.unverifiable()).append(" unverifiable; ")
                .append(Counts.of(s.errors(), "error")).append(", ")
                .append(Counts.of(s.warnings(), "warning")).append('\n');
        return out.toString();
    }

    /** The worst finding's rule and how many more: the messages follow below the table. */
    private static String findingsCell(PackageVerdict v) {
        if (v.findings().isEmpty()) {
            return "-";
        }
        Finding worst = v.findings().get(0); // findings are sorted most severe first
        int more = v.findings().size() - 1;
        return worst.severity().id() + ": " + worst.ruleId() + (more > 0 ? " (+" + more + " more)" : "");
    }

    private String paint(String text, String code) {
        return colour && code != null ? code + text + RESET : text;
    }

    private static String statusColour(VerificationStatus status) {
        return switch (status) {
            case VERIFIED -> GREEN;
            case NO_PROVENANCE -> null;
            case INVALID -> RED;
            case UNVERIFIABLE -> YELLOW;
        };
    }

    private static String severityColour(Severity severity) {
        return switch (severity) {
            case ERROR -> RED;
            case WARNING -> YELLOW;
            case NOTE -> DIM;
        };
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String clip(String s) {
        String one = PlainText.oneLine(s);
        return one.length() <= MAX_CELL ? one : one.substring(0, MAX_CELL - 1) + "\u2026";
    }

    private static String stripTrailing(StringBuilder line) {
        return line.toString().stripTrailing();
    }
}
