package dev.trustlock.cli;

import java.time.Instant;
import java.util.Optional;

/** The time stamped into machine-readable output: SOURCE_DATE_EPOCH when set, else now. */
final class Timestamps {

    private Timestamps() {
    }

    static Optional<Instant> fromEnvironment() {
        return parse(System.getenv("SOURCE_DATE_EPOCH"));
    }

    static Optional<Instant> parse(String epoch) {
        if (epoch == null || epoch.isBlank()) {
            return Optional.of(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(epoch.trim())));
        } catch (NumberFormatException e) {
            throw new UserError("SOURCE_DATE_EPOCH must be whole seconds since 1970, got '" + epoch + "'");
        }
    }
}
