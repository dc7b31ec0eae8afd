package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.report.AnnotatedSbomRenderer;
import dev.trustlock.core.report.HtmlReport;
import dev.trustlock.core.report.JUnitXmlRenderer;
import dev.trustlock.core.report.JsonReportRenderer;
import dev.trustlock.core.report.MarkdownSummaryRenderer;
import dev.trustlock.core.report.SarifRenderer;
import dev.trustlock.core.report.TextTableRenderer;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.TrustTimeline;
import dev.trustlock.core.verify.VerifyReport;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link VerifyReport} in the format {@code --format} chose. */
final class ReportFormats {

    enum Format { text, json, sarif, junit, cyclonedx, html, markdown }

    private ReportFormats() {
    }

    /**
     * @param file   the lockfile or SBOM read, which SARIF results point at
     * @param sbom   the CycloneDX input when verify read an SBOM (annotated in place), else empty
     * @param colour ANSI colour in the text table: only when stdout is a terminal
     * @param gate   what fails the run, so that JUnit's pass and fail match the exit code
     * @param timelines each package's trust timeline by name@version, for html (empty for the others)
     */
    static String render(Format format, VerifyReport report, String file, DependencyGraph graph, Optional<byte[]> sbom,
            boolean colour, Gate gate, Map<String, TrustTimeline> timelines) {
        return switch (format) {
            case json -> new JsonReportRenderer().render(report);
            case text -> new TextTableRenderer(colour).render(report);
            case sarif -> new SarifRenderer(file).render(report);
            case junit -> new JUnitXmlRenderer(gate).render(report);
            case html -> HtmlReport.verify(report, timelines, gate);
            case markdown -> new MarkdownSummaryRenderer(gate).render(report);
            case cyclonedx -> (sbom.isPresent() ? AnnotatedSbomRenderer.forSbom(sbom.get())
                    : AnnotatedSbomRenderer.forGraph(graph, VersionProvider.version())).render(report);
        };
    }
}
