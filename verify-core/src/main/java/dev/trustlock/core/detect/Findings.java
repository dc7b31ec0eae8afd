package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import java.util.Map;
import java.util.TreeMap;

/** Building findings about the package version a rule is looking at. */
final class Findings {

    private Findings() {
    }

    static Finding of(String ruleId, Severity severity, CheckTarget target, String message, Map<String, String> evidence) {
        return new Finding(ruleId, severity, target.name(), target.version(), message, new TreeMap<>(evidence));
    }
}
