package dev.trustlock.core.policy;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An accepted risk from the policy's {@code exceptions} list: findings for matching packages
 * (and, when given, version and rule) are suppressed until the end of {@code expires} (UTC).
 * An exception always expires, so that accepted risks are looked at again.
 *
 * @param index the entry's position in the file, to name it in findings
 */
public record Exemption(int index, NamePattern pattern, Optional<String> version, Optional<String> ruleId,
        String reason, LocalDate expires) {

    public Exemption {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
    }

    /** Still in force on {@code today}: the expiry day itself is included. */
    public boolean activeOn(LocalDate today) {
        return !today.isAfter(expires);
    }

    public boolean appliesTo(String name, String packageVersion) {
        return pattern.matches(name) && version.map(v -> v.equals(packageVersion)).orElse(true);
    }

    public boolean covers(Finding f) {
        return appliesTo(f.packageName(), f.version()) && ruleId.map(r -> r.equals(f.ruleId())).orElse(true);
    }
}
