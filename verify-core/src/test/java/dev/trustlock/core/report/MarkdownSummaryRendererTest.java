package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkdownSummaryRendererTest {

    @Test
    void theVerdictTheCountsAndEveryErrorAndWarningInOneTableNotesFoldedAway() {
        List<Finding> run = new ArrayList<>(ReportSamples.runFindings());
        run.add(ReportSamples.finding("publish-burst", Severity.NOTE, "left-pad", "1.3.0",
                "2 versions of left-pad within 10 minutes (1.3.0, 1.2.9)", Map.of()));
        VerifyReport report = VerifyReport.of("trustlock 0.1.0", ReportSamples.AT, ReportSamples.SOURCE,
                ReportSamples.verdicts(), run);
        String md = new MarkdownSummaryRenderer(Gate.ERROR).render(report);
        assertTrue(md.startsWith("### trustlock verify: FAIL: 2 finding\\(s\\) at or above the gate's severity\n\n"), md);
        assertTrue(md.contains(": **" + report.packages().size() + " packages**, 1 verified, 3 without provenance, 1 invalid, "
                + "2 unverifiable; **" + report.summary().errors() + " errors**, " + report.summary().warnings() + " warnings"), md);

        List<List<String>> raised = DiffRendererTest.table(md.substring(0, md.indexOf("<details>")), "| Severity |");
        assertEquals(List.of("Severity", "Package", "Rule", "Finding"), raised.get(0));
        List<Finding> expected = report.findings().stream().filter(f -> f.severity() != Severity.NOTE).toList();
        assertEquals(expected.size(), raised.size() - 1, md);
        List<String> severities = raised.subList(1, raised.size()).stream().map(r -> r.get(0)).toList();
        assertEquals(severities.stream().sorted().toList(), severities, "errors first, then warnings");
        assertEquals("error", severities.get(0));
        assertTrue(raised.contains(List.of("error", "axios@1.14.1", "trust-downgrade",
                expected.stream().filter(f -> f.ruleId().equals("trust-downgrade")).findFirst().orElseThrow().message())), md);

        long notes = report.findings().stream().filter(f -> f.severity() == Severity.NOTE).count();
        assertEquals(1, notes);
        assertTrue(md.contains("<details><summary>" + Counts.of(notes, "note") + "</summary>"), md);
        assertEquals(notes + 1, DiffRendererTest.table(md.substring(md.indexOf("<details>")), "| Severity |").size());
        assertTrue(md.endsWith("</details>\n"), md);
    }

    @Test
    void aPassingRunSaysSoAndHasNoEmptyTable() {
        VerifyReport clean = VerifyReport.of("trustlock", ReportSamples.AT, "package-lock.json", List.of(
                ReportSamples.verdict("a", "1.0.0", VerificationStatus.VERIFIED, ReasonCode.OK,
                        EvidenceLevel.TRUSTED_PUBLISHER, Optional.empty())), List.of());
        String md = new MarkdownSummaryRenderer(Gate.ERROR).render(clean);
        assertEquals("### trustlock verify: PASS: nothing at or above the gate's severity\n\n"
                + "package-lock.json: **1 package**, 1 verified, 0 without provenance, 0 invalid, 0 unverifiable; "
                + "**0 errors**, 0 warnings\n\n", md);
    }

    /**
     * What a malicious release writes (its install script, here) must not hide the rows after it
     * behind an HTML comment, end its row, forge a heading or a verdict, or make a link.
     */
    @Test
    void aReleasesOwnTextCannotHideForgeOrLink() {
        String script = "node x.js <!-- \n### trustlock verify: PASS: nothing at or above the gate's severity\n"
                + "| error | ok | ok | ok |\n[details](https://evil.example) ![t](https://evil.example/t.png)";
        VerifyReport report = VerifyReport.of("trustlock", ReportSamples.AT, "package-lock.json", List.of(
                verdict("evil", "1.0.0", ReportSamples.finding("new-install-script", Severity.WARNING, "evil", "1.0.0",
                        "adds a postinstall script that 0.9.0 did not have: " + script, Map.of())),
                verdict("zzz-last", "1.0.0", ReportSamples.finding("trust-downgrade", Severity.ERROR, "zzz-last", "1.0.0",
                        "the finding that must stay visible", Map.of()))), List.of());
        String md = new MarkdownSummaryRenderer(Gate.ERROR).render(report);
        assertFalse(md.contains("<!--"), md);
        assertFalse(md.contains("](http"), md);
        assertEquals(1, md.lines().filter(l -> l.startsWith("#")).count(), "one heading, trustlock's:\n" + md);
        assertTrue(md.startsWith("### trustlock verify: FAIL"), md);
        List<List<String>> rows = DiffRendererTest.table(md, "| Severity |");
        assertEquals(3, rows.size(), "a header and two rows:\n" + md);
        assertEquals(List.of("error", "zzz-last@1.0.0", "trust-downgrade", "the finding that must stay visible"), rows.get(1));
        assertEquals("warning", rows.get(2).get(0));
    }

    @Test
    void longMessagesAreCutAndLongTablesEndWithACount() {
        String huge = "x".repeat(Markdown.MAX_MESSAGE) + "\uD83D\uDE00tail";
        assertEquals("x".repeat(Markdown.MAX_MESSAGE) + " … (5 more characters in the JSON report)",
                Markdown.shortened(huge));
        String exact = "y".repeat(Markdown.MAX_MESSAGE - 1) + "\uD83D\uDE00"; // a surrogate pair is one character
        assertEquals(exact, Markdown.shortened(exact));

        int n = MarkdownSummaryRenderer.MAX_ROWS + 7;
        List<PackageVerdict> many = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = String.format("p%04d", i);
            many.add(verdict(name, "1.0.0", ReportSamples.finding("publisher-change", Severity.WARNING, name, "1.0.0",
                    "published by someone new " + huge, Map.of())));
        }
        String md = new MarkdownSummaryRenderer(Gate.ERROR).render(
                VerifyReport.of("trustlock", ReportSamples.AT, "package-lock.json", many, List.of()));
        assertEquals(MarkdownSummaryRenderer.MAX_ROWS + 1, DiffRendererTest.table(md, "| Severity |").size());
        assertTrue(md.contains("\nand 7 more; the JSON and SARIF reports list every one.\n"), md);
        assertTrue(md.length() < 1024 * 1024, "GitHub's bound on a job summary: " + md.length());
        String full = new MarkdownSummaryRenderer(Gate.ERROR).render(VerifyReport.of("trustlock", ReportSamples.AT,
                "package-lock.json", many.subList(0, MarkdownSummaryRenderer.MAX_ROWS), List.of()));
        assertEquals(MarkdownSummaryRenderer.MAX_ROWS + 1, DiffRendererTest.table(full, "| Severity |").size());
        assertFalse(full.contains(" more; "), "a table of exactly the bound is whole");
    }

    private static PackageVerdict verdict(String name, String version, Finding... findings) {
        return ReportSamples.verdict(name, version, VerificationStatus.VERIFIED, ReasonCode.OK,
                EvidenceLevel.TRUSTED_PUBLISHER, Optional.empty(), findings);
    }
}
