package dev.trustlock.core.verify;

import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Suppressed;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one {@code trustlock verify} run, the single input of every report renderer.
 *
 * @param tool        tool name and version, e.g. {@code trustlock 0.1.0}
 * @param generatedAt when the run started (renderers print it; tests pass a fixed instant)
 * @param source      the lockfile or SBOM that was verified, as given (relative paths stay relative)
 * @param packages    one verdict per registry package, sorted by name then version
 * @param findings    EVERY finding of the run, sorted: the packages' findings plus run-level ones
 *                    (e.g. an unreadable part of the graph) whose package may be the project itself
 * @param summary     counts over packages and findings
 * @param skipped     SBOM components that are not npm packages and so were not verified (purl or
 *                    name), sorted; every renderer says how many, the JSON lists them
 */
public record VerifyReport(String tool, Instant generatedAt, String source, List<PackageVerdict> packages,
        List<Finding> findings, Summary summary, List<String> skipped) {

    public VerifyReport {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(summary, "summary");
        packages = List.copyOf(packages.stream().sorted(PackageVerdict.ORDER).toList());
        findings = List.copyOf(findings.stream().sorted().toList());
        skipped = skipped.stream().distinct().sorted().toList();
    }

    /** Every finding a policy exception suppressed, with the exception, sorted. */
    public List<Suppressed> suppressed() {
        return packages.stream().flatMap(p -> p.suppressed().stream()).sorted().toList();
    }

    /** A report whose findings are the packages' plus {@code runFindings}, with the summary counted from them. */
    public static VerifyReport of(String tool, Instant generatedAt, String source, List<PackageVerdict> packages,
            List<Finding> runFindings) {
        return of(tool, generatedAt, source, packages, runFindings, List.of());
    }

    /** As {@link #of(String, Instant, String, List, List)}, with the SBOM components that were skipped. */
    public static VerifyReport of(String tool, Instant generatedAt, String source, List<PackageVerdict> packages,
            List<Finding> runFindings, List<String> skipped) {
        List<Finding> all = new java.util.ArrayList<>(runFindings);
        packages.forEach(p -> all.addAll(p.findings()));
        return new VerifyReport(tool, generatedAt, source, packages, all, Summary.of(packages, all), skipped);
    }
}
