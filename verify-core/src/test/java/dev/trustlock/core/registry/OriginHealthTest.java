package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-origin circuit breaker and retry budget that keep a dead registry from costing minutes. */
class OriginHealthTest {

    private static final URI A = URI.create("https://a.example/npm/pkg");
    private static final URI A_OTHER_PATH = URI.create("https://A.example:443/npm/-/npm/v1/keys");
    private static final URI B = URI.create("https://b.example/pkg");

    @Test
    void theBreakerTripsAfterExactlyTripAfterFailuresInARowAndOnlyForThatOrigin() {
        OriginHealth h = new OriginHealth();
        for (int i = 1; i < OriginHealth.TRIP_AFTER; i++) {
            h.failed(i % 2 == 0 ? A : A_OTHER_PATH, "timeout " + i);
            assertTrue(h.outage(A).isEmpty(), "tripped after " + i);
        }
        h.failed(A, "connection reset");
        String why = h.outage(A_OTHER_PATH).orElseThrow();
        assertTrue(why.startsWith("registry https://a.example/ stopped answering"), why);
        assertTrue(why.contains(OriginHealth.TRIP_AFTER + " timeouts or connection failures in a row"), why);
        assertTrue(why.contains("last: connection reset"), why);
        assertTrue(h.outage(B).isEmpty());

        // Said once: later failures do not rewrite the reason.
        h.failed(A, "something else");
        assertEquals(why, h.outage(A).orElseThrow());
    }

    @Test
    void anAnswerInBetweenResetsTheCount() {
        OriginHealth h = new OriginHealth();
        for (int i = 1; i < OriginHealth.TRIP_AFTER; i++) {
            h.failed(A, "timeout");
        }
        h.answered(A);
        for (int i = 1; i < OriginHealth.TRIP_AFTER; i++) {
            h.failed(A, "timeout");
        }
        assertTrue(h.outage(A).isEmpty());
        h.failed(A, "timeout");
        assertTrue(h.outage(A).isPresent());
    }

    @Test
    void retriesShareOneBudgetPerOrigin() {
        OriginHealth h = new OriginHealth();
        for (int i = 0; i < OriginHealth.RETRY_BUDGET; i++) {
            assertTrue(h.takeRetry(i % 2 == 0 ? A : A_OTHER_PATH), "retry " + i);
        }
        assertFalse(h.takeRetry(A));
        assertFalse(h.takeRetry(A_OTHER_PATH));
        assertTrue(h.takeRetry(B), "another origin has its own budget");
    }

    @Test
    void theOutagesNameTrippedOriginsAndThoseThatNeverAnswered() {
        OriginHealth h = new OriginHealth();
        assertEquals(Map.of(), h.outages());
        h.sending(B);
        h.sending(B);
        h.sending(A);
        assertEquals(Map.of("https://b.example/", "registry https://b.example/ did not answer any of the 2 requests sent to it",
                "https://a.example/", "registry https://a.example/ did not answer any of the 1 request sent to it"), h.outages());
        h.answered(A);
        assertEquals(java.util.List.of("https://b.example/"), java.util.List.copyOf(h.outages().keySet()));
        for (int i = 0; i < OriginHealth.TRIP_AFTER; i++) {
            h.failed(A, "timeout");
        }
        assertEquals(h.outage(A).orElseThrow(), h.outages().get("https://a.example/"), "a tripped origin says why");
        assertEquals(java.util.List.of("https://a.example/", "https://b.example/"), java.util.List.copyOf(h.outages().keySet()));
    }
}
