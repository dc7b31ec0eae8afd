package dev.trustlock.core.policy;

import java.util.Objects;

/** A finding that an active exception suppressed; kept so reports can show what was waived and why. */
public record Suppressed(Finding finding, Exemption exemption) implements Comparable<Suppressed> {

    public Suppressed {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(exemption, "exemption");
    }

    @Override
    public int compareTo(Suppressed o) {
        int c = finding.compareTo(o.finding);
        return c != 0 ? c : Integer.compare(exemption.index(), o.exemption.index());
    }
}
