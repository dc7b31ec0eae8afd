package dev.trustlock.core.registry;

import java.util.Objects;

/**
 * What asking a registry (or a cache or snapshot standing in for one) produced. Only
 * {@link Found} carries a body; {@link Failed} means nothing is known, so a caller must treat the
 * package as UNVERIFIABLE, never as passing. Details never contain credentials.
 */
public sealed interface RegistryResult {

    /**
     * Waits for an answer a source promised. An interrupted wait is {@link Reason#INTERRUPTED};
     * what the source threw instead of answering (a snapshot that contradicts itself) is thrown.
     */
    static RegistryResult await(java.util.concurrent.CompletableFuture<RegistryResult> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(Reason.INTERRUPTED, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The body as the registry sent it, byte for byte (signatures are over exact bytes). */
    record Found(byte[] body) implements RegistryResult {
        public Found {
            Objects.requireNonNull(body, "body");
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** The body's length, without the copy {@link #body()} makes. */
        public int size() {
            return body.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Found f && java.util.Arrays.equals(f.body, body);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Found[" + body.length + " bytes]";
        }
    }

    /** The registry answered 404: e.g. a version published without attestations. */
    record NotFound(String what) implements RegistryResult {
        public NotFound {
            Objects.requireNonNull(what, "what");
        }
    }

    /** No usable answer; {@code detail} is one line for a report. */
    record Failed(Reason reason, String detail) implements RegistryResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    enum Reason {
        /** No response within the per-request timeout, after retries. */
        TIMEOUT,
        /** Connection refused/reset, truncated body, or another transport error, after retries. */
        IO_ERROR,
        /** 429 or 5xx until the retries ran out. */
        SERVER_ERROR,
        /** Another status that will not change by retrying (401, 403, 400, 304 without a copy). */
        HTTP_STATUS,
        /** The body was larger than the configured limit; reading was aborted. */
        TOO_LARGE,
        /** The body is not well-formed JSON. */
        INVALID_JSON,
        /** A redirect to another origin, or too many redirects. */
        REDIRECT_REFUSED,
        /** An attestations URL that is not on the registry's own origin. */
        FOREIGN_ORIGIN,
        /** Plain http to a host that is not loopback, or another unusable URL. */
        INSECURE_URL,
        /** A package name or version that cannot be part of a registry path. */
        INVALID_REQUEST,
        /** Offline mode and nothing in the cache. */
        OFFLINE_MISS,
        /** The snapshot has no record of this request. */
        SNAPSHOT_MISS,
        /** The calling thread was interrupted. */
        INTERRUPTED,
        /** The registry stopped answering earlier in this run; it is not called again. */
        REGISTRY_DOWN
    }

    static Failed failed(Reason reason, String detail) {
        return new Failed(reason, detail);
    }

    default boolean isFound() {
        return this instanceof Found;
    }
}
