package dev.trustlock.core.trust;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A key's or CA's validity window from trust material; an absent end means still valid. */
public record Validity(Optional<Instant> start, Optional<Instant> end) {

    public static final Validity ALWAYS = new Validity(Optional.empty(), Optional.empty());

    public Validity {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** Inclusive at both ends, as Sigstore clients treat validFor. */
    public boolean contains(Instant t) {
        return start.map(s -> !t.isBefore(s)).orElse(true) && end.map(e -> !t.isAfter(e)).orElse(true);
    }

    @Override
    public String toString() {
        return start.map(Instant::toString).orElse("-infinity") + " .. " + end.map(Instant::toString).orElse("open");
    }
}
