package dev.trustlock.core.registry;

import dev.trustlock.core.io.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timing for {@link RegistryClient}. Defaults suit the public registry from CI:
 * 16 requests in flight, 30 s per request, 4 retries, Retry-After honoured up to 60 s.
 *
 * @param maxConcurrency     requests in flight at once
 * @param requestTimeout     per attempt, from sending to the last body byte
 * @param maxRetries         extra attempts after a 429, 5xx, timeout or transport error
 * @param backoffBase        first backoff; doubled each retry, plus up to half again as jitter
 * @param backoffMax         ceiling on one computed backoff
 * @param retryAfterCap      ceiling on a server's Retry-After
 * @param maxPackumentBytes  body limit for packuments ({@link Limits#PACKUMENT_BYTES} by default)
 * @param maxDocumentBytes   body limit for attestations and keys
 * @param maxRedirects       same-origin redirects followed per request
 * @param offline            cache only: never touch the network
 * @param clock              for Retry-After dates
 * @param retryTimer         where an attempt waits for its retry (never a worker thread)
 */
public record RegistryClientOptions(int maxConcurrency, Duration requestTimeout, int maxRetries, Duration backoffBase,
        Duration backoffMax, Duration retryAfterCap, long maxPackumentBytes, long maxDocumentBytes, int maxRedirects,
        boolean offline, Clock clock, RetryTimer retryTimer) {

    public RegistryClientOptions {
        if (maxConcurrency < 1 || maxRetries < 0 || maxRedirects < 0 || maxPackumentBytes < 1 || maxDocumentBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(retryAfterCap, "retryAfterCap");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retryTimer, "retryTimer");
    }

    public static RegistryClientOptions defaults() {
        return new RegistryClientOptions(16, Duration.ofSeconds(30), 4, Duration.ofMillis(500), Duration.ofSeconds(20),
                Duration.ofSeconds(60), Limits.PACKUMENT_BYTES, Limits.DOCUMENT_BYTES, 5, false, Clock.systemUTC(),
                RetryTimer.SYSTEM);
    }

    public RegistryClientOptions withMaxConcurrency(int n) {
        return new RegistryClientOptions(n, requestTimeout, maxRetries, backoffBase, backoffMax, retryAfterCap,
                maxPackumentBytes, maxDocumentBytes, maxRedirects, offline, clock, retryTimer);
    }

    public RegistryClientOptions withRequestTimeout(Duration d) {
        return new RegistryClientOptions(maxConcurrency, d, maxRetries, backoffBase, backoffMax, retryAfterCap,
                maxPackumentBytes, maxDocumentBytes, maxRedirects, offline, clock, retryTimer);
    }

    public RegistryClientOptions withRetries(int n, Duration base, Duration max) {
        return new RegistryClientOptions(maxConcurrency, requestTimeout, n, base, max, retryAfterCap,
                maxPackumentBytes, maxDocumentBytes, maxRedirects, offline, clock, retryTimer);
    }

    public RegistryClientOptions withRetryAfterCap(Duration d) {
        return new RegistryClientOptions(maxConcurrency, requestTimeout, maxRetries, backoffBase, backoffMax, d,
                maxPackumentBytes, maxDocumentBytes, maxRedirects, offline, clock, retryTimer);
    }

    public RegistryClientOptions withMaxBytes(long packument, long document) {
        return new RegistryClientOptions(maxConcurrency, requestTimeout, maxRetries, backoffBase, backoffMax, retryAfterCap,
                packument, document, maxRedirects, offline, clock, retryTimer);
    }

    public RegistryClientOptions withOffline(boolean off) {
        return new RegistryClientOptions(maxConcurrency, requestTimeout, maxRetries, backoffBase, backoffMax, retryAfterCap,
                maxPackumentBytes, maxDocumentBytes, maxRedirects, off, clock, retryTimer);
    }

    public RegistryClientOptions withTime(Clock c, RetryTimer t) {
        return new RegistryClientOptions(maxConcurrency, requestTimeout, maxRetries, backoffBase, backoffMax, retryAfterCap,
                maxPackumentBytes, maxDocumentBytes, maxRedirects, offline, c, t);
    }
}
