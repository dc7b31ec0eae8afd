package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncPermitsTest {

    @Test
    void waitersAreServedInOrderOfArrival() {
        AsyncPermits permits = new AsyncPermits(1);
        CompletableFuture<Void> first = permits.acquire();
        CompletableFuture<Void> second = permits.acquire();
        CompletableFuture<Void> third = permits.acquire();
        assertTrue(first.isDone());
        assertFalse(second.isDone());
        permits.release();
        assertTrue(second.isDone());
        assertFalse(third.isDone(), "one permit, one holder");
        permits.release();
        assertTrue(third.isDone());
        permits.release();
        assertEquals(1, permits.available());
    }

    @Test
    void aWaiterCancelledMeanwhileDoesNotSwallowThePermit() {
        AsyncPermits permits = new AsyncPermits(1);
        permits.acquire();
        CompletableFuture<Void> gaveUp = permits.acquire();
        CompletableFuture<Void> patient = permits.acquire();
        gaveUp.cancel(true);
        permits.release();
        assertTrue(patient.isDone() && !patient.isCancelled());
        permits.release();
        assertEquals(1, permits.available());
    }

    @Test
    void atLeastOnePermit() {
        assertThrows(IllegalArgumentException.class, () -> new AsyncPermits(0));
    }
}
