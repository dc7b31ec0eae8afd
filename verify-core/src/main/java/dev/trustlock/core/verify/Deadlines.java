package dev.trustlock.core.verify;

import java.time.Duration;
import java.util.Optional;

/** How a run's deadline is named where something it cut short says so: "600 s", "300 ms". */
final class Deadlines {

    private Deadlines() {
    }

    static String shown(Optional<Duration> deadline) {
        return deadline.map(d -> d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s").orElse("?");
    }
}
