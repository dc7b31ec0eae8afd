package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.verify.JsonReportRenderer;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.Summary;
import dev.trustlock.core.verify.VerifyReport;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a {@link VerifyReport} in the chosen format. SARIF, JUnit, the annotated SBOM and the
 * table come from {@code dev.trustlock.core.report}, looked up by name so that this command
 * builds and runs while those renderers are developed in parallel; a missing one is a clear
 * usage error, never a silent fallback to another format.
 */
final class ReportFormats {

    enum Format { text, json, sarif, junit, cyclonedx }

    private static final String PKG = "dev.trustlock.core.report.";

    private ReportFormats() {
    }

    /**
     * @param sbom the CycloneDX input when verify read an SBOM (annotated in place), else empty
     */
    static String render(Format format, VerifyReport report, DependencyGraph graph, Optional<byte[]> sbom,
            boolean colour) {
        return switch (format) {
            case json -> new JsonReportRenderer().render(report);
            case text -> renderer("TextTableRenderer", new Class<?>[] {boolean.class}, new Object[] {colour})
                    .map(r -> call(r, report)).orElseGet(() -> plainText(report));
            case sarif -> call(require("SarifRenderer", new Class<?>[] {String.class}, new Object[] {report.source()}),
                    report);
            case junit -> call(require("JUnitXmlRenderer", new Class<?>[0], new Object[0]), report);
            case cyclonedx -> call(sbom.isPresent()
                    ? factory("AnnotatedSbomRenderer", "forSbom", new Class<?>[] {byte[].class}, sbom.get())
                    : factory("AnnotatedSbomRenderer", "forGraph", new Class<?>[] {DependencyGraph.class, String.class},
                            graph, VersionProvider.version()), report);
        };
    }

    private static Object require(String cls, Class<?>[] types, Object[] args) {
        return renderer(cls, types, args).orElseThrow(() -> new UserError(
                "this build of trustlock has no " + cls + "; use --format json or text"));
    }

    private static Optional<Object> renderer(String cls, Class<?>[] types, Object[] args) {
        try {
            return Optional.of(Class.forName(PKG + cls).getConstructor(types).newInstance(args));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.empty();
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(cls + " cannot be created", e);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static Object factory(String cls, String method, Class<?>[] types, Object... args) {
        try {
            return Class.forName(PKG + cls).getMethod(method, types).invoke(null, args);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new UserError("this build of trustlock has no " + cls + "." + method + "; use --format json or text");
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(cls + "." + method + " is not accessible", e);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static String call(Object renderer, VerifyReport report) {
        try {
            return (String) renderer.getClass().getMethod("render", VerifyReport.class).invoke(renderer, report);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException(renderer.getClass().getSimpleName() + " has no render(VerifyReport)", e);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(InvocationTargetException e) {
        Throwable c = e.getCause();
        return c instanceof RuntimeException r ? r : new IllegalStateException(c);
    }

    /** A minimal table for builds without the report package's renderer. */
    static String plainText(VerifyReport report) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-13s %-40s %-18s %s%n", "STATUS", "PACKAGE", "EVIDENCE", "FINDINGS"));
        for (PackageVerdict p : report.packages()) {
            b.append(String.format(Locale.ROOT, "%-13s %-40s %-18s %d%n", p.status().name(),
                    p.name() + "@" + p.version(), p.evidence().id(), p.findings().size()));
        }
        for (Finding f : report.findings()) {
            b.append(f.severity().id()).append(' ').append(f.packageName()).append('@').append(f.version())
                    .append(" [").append(f.ruleId()).append("] ").append(f.message()).append('\n');
        }
        Summary s = report.summary();
        b.append(String.format(Locale.ROOT,
                "%d packages: %d verified, %d without provenance, %d invalid, %d unverifiable; %d errors, %d warnings%n",
                s.packages(), s.verified(), s.noProvenance(), s.invalid(), s.unverifiable(), s.errors(), s.warnings()));
        return b.toString();
    }
}
