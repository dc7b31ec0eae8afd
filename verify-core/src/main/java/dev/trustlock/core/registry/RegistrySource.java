package dev.trustlock.core.registry;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where registry documents come from: the network ({@link RegistryClient}), the on-disk cache
 * only (offline mode) or an auditor's snapshot ({@link SnapshotRegistry}). Implementations never
 * throw for registry trouble; every outcome is a {@link RegistryResult}. The one exception is a
 * snapshot that contradicts itself, which is bad input ({@link SnapshotException}).
 */
public interface RegistrySource {

    /** The full packument ({@code Accept: application/json}; the abbreviated form lacks _npmUser). */
    RegistryResult packument(String name);

    /**
     * The body of {@code /-/npm/v1/attestations/<name>@<version>}. {@code advertisedUrl} is the
     * packument's {@code dist.attestations.url}, if any: it must be on the registry's own origin,
     * otherwise the result is {@link RegistryResult.Reason#FOREIGN_ORIGIN} and nothing is fetched.
     */
    RegistryResult attestations(String name, String version, Optional<String> advertisedUrl);

    /**
     * {@link #packument} as a future, for a caller that wants many at once without a thread
     * each. A source that can only block (a snapshot, a test double) blocks on {@code blocking};
     * the network client only reads its cache there. Registry trouble is a result, as above; a
     * future completes exceptionally only where the blocking call would have thrown.
     */
    default CompletableFuture<RegistryResult> packumentAsync(String name, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> packument(name), blocking);
    }

    /** {@link #attestations(String, String, Optional)} as a future (see {@link #packumentAsync}). */
    default CompletableFuture<RegistryResult> attestationsAsync(String name, String version,
            Optional<String> advertisedUrl, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> attestations(name, version, advertisedUrl), blocking);
    }

    /** {@link #keys(URI)} as a future (see {@link #packumentAsync}). */
    default CompletableFuture<RegistryResult> keysAsync(URI registry, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> keys(registry), blocking);
    }

    default RegistryResult attestations(String name, String version) {
        return attestations(name, version, Optional.empty());
    }

    /** The default registry's signing keys ({@code /-/npm/v1/keys}). */
    RegistryResult keys();

    /** The signing keys of {@code registry}, one of the registries this source answers for. */
    RegistryResult keys(URI registry);

    /** The registry {@code name} is fetched from: its scope's registry, else the default one. */
    URI registryFor(String name);

    /**
     * Every registry this source answers for (the default one and the scopes'), each ending in
     * "/": tarball URLs under any of them come from a registry.
     */
    java.util.Set<URI> registries();

    /**
     * Registries given up during this run because they stopped answering, origin to one line
     * saying so; empty for sources that never go down (a snapshot, the cache).
     */
    default java.util.SortedMap<String, String> outages() {
        return java.util.Collections.emptySortedMap();
    }

    /**
     * What this source has transferred so far.
     *
     * @param requests    HTTP requests sent (each attempt and redirect hop)
     * @param notModified of those, answered 304: the cached copy was still current (a cache hit)
     * @param cacheHits   documents served from the cache without a request (immutable ones)
     * @param wireBytes   response body bytes as received, before gzip is undone
     */
    record Transfers(long requests, long notModified, long cacheHits, long wireBytes) {
        public static final Transfers NONE = new Transfers(0, 0, 0, 0);

        /** Documents answered from the cache: immutable ones, and those a 304 confirmed. */
        public long hits() {
            return notModified + cacheHits;
        }
    }

    default Transfers transfers() {
        return Transfers.NONE;
    }
}
