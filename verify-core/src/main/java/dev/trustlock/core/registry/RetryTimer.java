package dev.trustlock.core.registry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Where a retry waits: on a timer, never on a worker thread, so a registry asking for patience
 * (Retry-After, backoff) slows only the requests that wait for it. Replaceable so tests of
 * Retry-After and backoff do not really wait.
 */
@FunctionalInterface
public interface RetryTimer {

    /**
     * The JDK's shared delay scheduler. The task it runs only starts the next attempt, which does
     * not block (permits and the request itself are asynchronous), so it runs on that thread.
     */
    RetryTimer SYSTEM = wait -> CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, Runnable::run);

    /** An executor that runs what it is given once {@code wait} has passed. */
    Executor after(Duration wait);
}
