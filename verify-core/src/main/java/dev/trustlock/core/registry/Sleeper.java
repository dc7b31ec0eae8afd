package dev.trustlock.core.registry;

import java.time.Duration;

/** Waiting between retries, replaceable so tests of Retry-After and backoff do not really wait. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
