package dev.trustlock.core.policy;

import java.util.List;

/** The outcome of checking one or more package versions: findings that stand, and those waived. */
public record Evaluation(List<Finding> findings, List<Suppressed> suppressed) {

    public Evaluation {
        findings = List.copyOf(findings.stream().sorted().toList());
        suppressed = List.copyOf(suppressed.stream().sorted().toList());
    }

    public boolean hasAtLeast(Severity severity) {
        return findings.stream().anyMatch(f -> f.severity().compareTo(severity) <= 0);
    }

    public Evaluation plus(Evaluation other) {
        List<Finding> f = new java.util.ArrayList<>(findings);
        f.addAll(other.findings);
        List<Suppressed> s = new java.util.ArrayList<>(suppressed);
        s.addAll(other.suppressed);
        return new Evaluation(f, s);
    }
}
