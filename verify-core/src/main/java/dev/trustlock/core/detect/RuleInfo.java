package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Severity;
import java.util.Objects;

/**
 * What the catalogue says about one finding id: the one place its title, help, default severity
 * and code-scanning rank are written, read by the SARIF renderer, the rules document and the
 * policy schema's list of ids an exception may name.
 *
 * @param securitySeverity GitHub code scanning's {@code security-severity}, a CVSS-like 0.0 to
 *                         10.0 that ranks alerts: forged material critical, axios-style signals
 *                         high, could-not-check medium, bookkeeping low
 */
public record RuleInfo(String id, Severity defaultSeverity, String title, String help, String securitySeverity) {

    public RuleInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(defaultSeverity, "defaultSeverity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(help, "help");
        double rank = Double.parseDouble(securitySeverity);
        if (rank < 0 || rank > 10) {
            throw new IllegalArgumentException("security-severity must lie in 0.0 .. 10.0");
        }
    }
}
