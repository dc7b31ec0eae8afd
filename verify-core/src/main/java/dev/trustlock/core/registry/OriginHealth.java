package dev.trustlock.core.registry;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one run has learnt about each registry origin, so that a registry that stopped answering
 * costs seconds, not a timeout per package times its retries (150 packages against a registry
 * that accepts connections and never answers took 26 minutes before this):
 * <ul>
 * <li>a circuit breaker: after {@link #TRIP_AFTER} timeouts or transport failures in a row, the
 *     origin is not called again this run, and the outage is reported once;</li>
 * <li>one retry budget per origin shared by every request, so that retries cannot multiply a
 *     slow registry's cost by the number of packages.</li>
 * </ul>
 * Thread-safe.
 */
final class OriginHealth {

    /** Consecutive timeouts or transport failures after which an origin is given up for the run. */
    static final int TRIP_AFTER = 5;
    /** Retries one origin may use in a run, over all its requests. */
    static final int RETRY_BUDGET = 32;

    private static final class State {
        int requests;
        int answers;
        int consecutiveFailures;
        int retriesLeft = RETRY_BUDGET;
        String lastFailure = "";
        Optional<String> outage = Optional.empty();
    }

    private final Map<String, State> origins = new ConcurrentHashMap<>();

    private State state(URI url) {
        return origins.computeIfAbsent(RegistryUrls.origin(url), k -> new State());
    }

    /** Why the origin of {@code url} is given up, if it is. */
    Optional<String> outage(URI url) {
        State s = state(url);
        synchronized (s) {
            return s.outage;
        }
    }

    /** A request to the origin is about to be sent. */
    void sending(URI url) {
        State s = state(url);
        synchronized (s) {
            s.requests++;
        }
    }

    /** An answer came (any status): the origin is alive. */
    void answered(URI url) {
        State s = state(url);
        synchronized (s) {
            s.answers++;
            s.consecutiveFailures = 0;
        }
    }

    /** A timeout or transport failure; may trip the breaker. */
    void failed(URI url, String detail) {
        State s = state(url);
        synchronized (s) {
            s.consecutiveFailures++;
            s.lastFailure = detail;
            if (s.outage.isEmpty() && s.consecutiveFailures >= TRIP_AFTER) {
                s.outage = Optional.of("registry " + RegistryUrls.origin(url) + " stopped answering (" + TRIP_AFTER
                        + " timeouts or connection failures in a row; last: " + detail + "); not asked again this run");
            }
        }
    }

    /** Takes one retry from the origin's budget; false when it is spent. */
    boolean takeRetry(URI url) {
        State s = state(url);
        synchronized (s) {
            if (s.retriesLeft <= 0) {
                return false;
            }
            s.retriesLeft--;
            return true;
        }
    }

    /**
     * Every origin given up in this run, with why, sorted by origin; also one that has not
     * answered a single request yet (a run cut short by its deadline before the breaker tripped).
     */
    SortedMap<String, String> outages() {
        SortedMap<String, String> out = new TreeMap<>();
        origins.forEach((origin, s) -> {
            synchronized (s) {
                if (s.outage.isPresent()) {
                    out.put(origin, s.outage.get());
                } else if (s.requests > 0 && s.answers == 0) {
                    out.put(origin, "registry " + origin + " did not answer any of the " + s.requests
                            + (s.requests == 1 ? " request" : " requests") + " sent to it");
                }
            }
        });
        return out;
    }
}
