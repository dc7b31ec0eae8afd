package dev.trustlock.core.policy;

import java.util.List;

/** The outcome of checking one or more package versions: findings that stand, and those waived. */
public record Evaluation(List<Finding> findings, List<Suppressed> suppressed) {

    public Evaluation {
        findings = List.copyOf(findings.stream().sorted().toList());
        suppressed = List.copyOf(suppressed.stream().sorted().toList());
    }
}
