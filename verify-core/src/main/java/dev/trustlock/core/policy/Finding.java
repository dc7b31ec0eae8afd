package dev.trustlock.core.policy;

import dev.trustlock.core.io.BoundedText;
import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One thing a rule found about one package version. {@code ruleId} is a stable machine code
 * (policies' exceptions and report formats refer to it); {@code message} is one sentence for a
 * person; {@code evidence} holds the facts behind it (sorted, so output is deterministic).
 */
public record Finding(String ruleId, Severity severity, String packageName, String version, String message,
        SortedMap<String, String> evidence) implements Comparable<Finding> {

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::packageName)
            .thenComparing(Finding::version)
            .thenComparing(Finding::severity)
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::message)
            .thenComparing(f -> f.evidence().toString());

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(message, "message");
        message = bounded(message);
        evidence = Collections.unmodifiableSortedMap(new TreeMap<>(evidence));
    }

    /**
     * Characters of a message, which quotes what a release wrote (an install script, a dependency
     * range: up to megabytes). Every report prints the message; a malicious release must not make
     * a terminal scroll for minutes or a SARIF file too large for code scanning to accept.
     * The rules keep what they quote whole in the evidence (command, range), for the JSON report.
     */
    public static final int MAX_MESSAGE = 1_000;

    private static String bounded(String message) {
        return BoundedText.cut(message, MAX_MESSAGE, "");
    }

    @Override
    public int compareTo(Finding o) {
        return ORDER.compare(this, o);
    }
}
