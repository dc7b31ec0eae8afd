package dev.trustlock.core.report;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.Gate.Outcome;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.Summary;
import dev.trustlock.core.verify.VerifyReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JUnit XML in the shape Maven Surefire writes (surefire-test-report-3.0.xsd), which CI test
 * tabs (Jenkins, GitLab, Azure, GitHub test reporters) all read: one testsuite, one testcase per
 * package, judged by the same {@link Gate} as the exit code. A package whose findings fail the
 * run under {@code --fail-on} has a {@code <failure>} (warnings too under {@code --fail-on
 * warning}); one that could not be verified either way has an {@code <error>}, since the run
 * could not check it (exit 3), which is never "skipped"; otherwise it passes, and its other
 * findings go to its system-out so they are visible without failing the build. Findings that
 * belong to no package (run-level ones) get a testcase of their own.
 */
public final class JUnitXmlRenderer implements ReportRenderer {

    static final String SUITE = "trustlock verify";
    static final String CLASSNAME = "trustlock.npm";

    private final Gate gate;

    /** Judged as the default --fail-on error. */
    public JUnitXmlRenderer() {
        this(Gate.ERROR);
    }

    public JUnitXmlRenderer(Gate gate) {
        this.gate = gate;
    }

    @Override
    public String render(VerifyReport report) {
        ReportIndex index = new ReportIndex(report);
        StringBuilder cases = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        for (PackageVerdict v : report.packages()) {
            Outcome o = gate.outcome(v);
            tests++;
            failures += o == Outcome.FAIL ? 1 : 0;
            errors += o == Outcome.UNVERIFIABLE ? 1 : 0;
            testcase(cases, v.name() + "@" + v.version(), o, v.findings(), Optional.of(v));
        }
        for (Map.Entry<String, List<Finding>> e : index.findingsWithoutVerdict().entrySet()) {
            Outcome o = e.getValue().stream().anyMatch(gate::fails) ? Outcome.FAIL : Outcome.PASS;
            tests++;
            failures += o == Outcome.FAIL ? 1 : 0;
            testcase(cases, e.getKey(), o, e.getValue(), Optional.empty());
        }

        StringBuilder xml = new StringBuilder(cases.length() + 1024);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"").append(attr(SUITE)).append('"')
                .append(" tests=\"").append(tests).append('"')
                .append(" failures=\"").append(failures).append('"')
                .append(" errors=\"").append(errors).append('"')
                .append(" skipped=\"0\"")
                .append(" time=\"0\">\n");
        xml.append("  <properties>\n");
        property(xml, "trustlock.tool", report.tool());
        property(xml, "trustlock.source", report.source());
        property(xml, "trustlock.generatedAt", report.generatedAt().toString());
        Summary s = report.summary();
        property(xml, "trustlock.summary", "packages=" + s.packages() + " verified=" + s.verified()
                + " noProvenance=" + s.noProvenance() + " invalid=" + s.invalid() + " unverifiable=" + s.unverifiable()
                + " errors=" + s.errors() + " warnings=" + s.warnings());
        xml.append("  </properties>\n");
        xml.append(cases);
        xml.append("</testsuite>\n");
        return xml.toString();
    }

    private void testcase(StringBuilder out, String name, Outcome outcome, List<Finding> findings,
            Optional<PackageVerdict> verdict) {
        out.append("  <testcase name=\"").append(attr(name)).append("\" classname=\"").append(CLASSNAME)
                .append("\" time=\"0\">\n");
        List<Finding> errors = gate.failing(findings);
        switch (outcome) {
            case FAIL -> {
                // One failure element: report parsers keep only one per testcase; the body lists them all.
                String type;
                String message;
                if (!errors.isEmpty()) {
                    type = errors.get(0).ruleId();
                    message = errors.size() == 1 ? errors.get(0).message()
                            : errors.get(0).message() + " (and " + (errors.size() - 1) + " more)";
                } else {
                    type = "verification-" + verdict.map(v -> v.status().name().toLowerCase(java.util.Locale.ROOT))
                            .orElse("failed");
                    message = verdict.map(PackageVerdict::reason).orElse("verification failed");
                }
                StringBuilder body = new StringBuilder();
                verdict.filter(v -> v.status() == VerificationStatus.INVALID)
                        .ifPresent(v -> body.append(v.status()).append(' ').append(v.code()).append(": ")
                                .append(v.reason()).append('\n'));
                for (Finding f : errors) {
                    line(body, f);
                }
                out.append("    <failure message=\"").append(attr(message)).append("\" type=\"").append(attr(type))
                        .append("\">").append(text(body.toString())).append("</failure>\n");
            }
            case UNVERIFIABLE -> out.append("    <error message=\"")
                    .append(attr("could not verify: " + verdict.map(PackageVerdict::reason).orElse("unknown reason")))
                    .append("\" type=\"").append(attr(verdict.map(v -> v.code().name()).orElse("UNVERIFIABLE")))
                    .append("\"/>\n");
            case PASS -> {
            }
        }
        StringBuilder others = new StringBuilder();
        verdict.ifPresent(v -> others.append("status ").append(v.status()).append(" (").append(v.code())
                .append("), evidence ").append(v.evidence().id()).append('\n'));
        findings.stream().filter(f -> !errors.contains(f)).forEach(f -> line(others, f));
        if (!others.isEmpty()) {
            out.append("    <system-out>").append(text(others.toString())).append("</system-out>\n");
        }
        out.append("  </testcase>\n");
    }

    private static void line(StringBuilder out, Finding f) {
        out.append(f.severity().id()).append(' ').append(f.ruleId()).append(": ").append(f.message());
        if (!f.evidence().isEmpty()) {
            out.append(' ').append(f.evidence());
        }
        out.append('\n');
    }

    private static void property(StringBuilder out, String name, String value) {
        out.append("    <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    static String text(String s) {
        return Markup.text(s);
    }

    static String attr(String s) {
        return Markup.attribute(s);
    }
}
