package dev.trustlock.core.registry;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A counting semaphore whose acquire is a future instead of a wait: requests beyond the limit
 * queue up (first come, first served) without holding a thread each.
 */
public final class AsyncPermits {

    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int free;

    public AsyncPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one permit");
        }
        this.free = permits;
    }

    /** Completes once a permit is held; the holder must {@link #release} it exactly once. */
    public synchronized CompletableFuture<Void> acquire() {
        if (free > 0) {
            free--;
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> turn = new CompletableFuture<>();
        waiting.add(turn);
        return turn;
    }

    /**
     * Hands the permit to the longest waiter, else returns it. The waiter is completed outside the
     * lock (its continuation runs here); one cancelled meanwhile is skipped, so no permit leaks.
     */
    public void release() {
        while (true) {
            CompletableFuture<Void> next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    free++;
                    return;
                }
            }
            if (next.complete(null)) {
                return;
            }
        }
    }

    synchronized int available() {
        return free;
    }
}
