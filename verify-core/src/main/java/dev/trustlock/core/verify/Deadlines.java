package dev.trustlock.core.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A run's deadline: how work is waited for until it passes, and how it is named where it cut something short. */
final class Deadlines {

    private Deadlines() {
    }

    /**
     * {@code future}'s value, or empty when {@code until} passed first, in which case the future
     * is cancelled (its thread interrupted) so that late work stops rather than runs on unseen.
     */
    static <T> Optional<T> await(Future<T> future, Optional<Instant> until, Clock clock)
            throws InterruptedException, ExecutionException {
        if (until.isEmpty()) {
            return Optional.of(future.get());
        }
        long left = Math.max(0, Duration.between(clock.instant(), until.get()).toMillis());
        try {
            return Optional.of(future.get(left, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            return Optional.empty();
        }
    }

    /** "600 s", "300 ms"; "?" without a deadline. */
    static String shown(Optional<Duration> deadline) {
        return deadline.map(d -> d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s").orElse("?");
    }
}
