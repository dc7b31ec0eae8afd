package dev.trustlock.core.registry;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry source whose attestations and keys can be asked for ahead of need, many at once
 * and without a thread each (see {@link RegistrySource#attestationsAsync}); a later blocking call
 * for the same document gets that answer. This lets a run fetch everything it knows it will need
 * while packuments arrive, and then verify on as many threads as there are cores, none of them
 * waiting for the network. What was not asked for ahead goes to the underlying source as usual.
 */
public final class PrefetchingRegistry implements RegistrySource {

    /**
     * Bytes of fetched documents kept for later at most. Real attestation responses are tens of
     * kilobytes; a registry serving each at the 8 MB limit must not make a run hold them all. A
     * document beyond the budget is not kept: the later call fetches it again.
     */
    static final long KEPT_BYTES = 256L * 1024 * 1024;

    private final RegistrySource inner;
    private final long budget;
    private final AtomicLong kept = new AtomicLong();
    /** Answers by document; a null answer was not kept (over the budget). */
    private final Map<String, CompletableFuture<RegistryResult>> ahead = new ConcurrentHashMap<>();
    /** Why attestations were not given, by "name@version": a run folds a local copy's gaps into one line. */
    private final Map<String, RegistryResult.Reason> attestationFailures = new ConcurrentHashMap<>();

    public PrefetchingRegistry(RegistrySource inner) {
        this(inner, KEPT_BYTES);
    }

    PrefetchingRegistry(RegistrySource inner, long budget) {
        this.inner = inner;
        this.budget = budget;
    }

    /** Starts fetching these attestations (once per run, however often asked); blocking work goes to {@code blocking}. */
    public CompletableFuture<RegistryResult> prefetchAttestations(String name, String version,
            Optional<String> advertisedUrl, Executor blocking) {
        return ahead.computeIfAbsent(attestationsKey(name, version, advertisedUrl),
                k -> inner.attestationsAsync(name, version, advertisedUrl, blocking)
                        .thenApply(r -> noted(name, version, r)).thenApply(this::keptOrNull));
    }

    private RegistryResult noted(String name, String version, RegistryResult r) {
        if (r instanceof RegistryResult.Failed failed) {
            attestationFailures.put(name + "@" + version, failed.reason());
        }
        return r;
    }

    /** Why the attestations of {@code name@version} could not be had, if this run asked and they could not. */
    public Optional<RegistryResult.Reason> attestationsFailure(String name, String version) {
        return Optional.ofNullable(attestationFailures.get(name + "@" + version));
    }

    private RegistryResult keptOrNull(RegistryResult r) {
        long size = r instanceof RegistryResult.Found found ? found.size() : 0;
        return kept.addAndGet(size) <= budget ? r : null;
    }

    /** Starts fetching a registry's signing keys (once per run). */
    public CompletableFuture<RegistryResult> prefetchKeys(URI registry, Executor blocking) {
        return ahead.computeIfAbsent("keys " + registry, k -> inner.keysAsync(registry, blocking));
    }

    @Override
    public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
        CompletableFuture<RegistryResult> f = ahead.get(attestationsKey(name, version, advertisedUrl));
        RegistryResult r = f == null ? null : RegistryResult.await(f);
        return r != null ? r : noted(name, version, inner.attestations(name, version, advertisedUrl));
    }

    @Override
    public RegistryResult keys(URI registry) {
        CompletableFuture<RegistryResult> f = ahead.get("keys " + registry);
        return f == null ? inner.keys(registry) : RegistryResult.await(f);
    }

    @Override
    public RegistryResult keys() {
        return inner.keys();
    }

    private static String attestationsKey(String name, String version, Optional<String> advertisedUrl) {
        return "attestations " + name + "@" + version + " " + advertisedUrl.orElse("");
    }

    @Override
    public RegistryResult packument(String name) {
        return inner.packument(name);
    }

    @Override
    public CompletableFuture<RegistryResult> packumentAsync(String name, Executor blocking) {
        return inner.packumentAsync(name, blocking);
    }

    @Override
    public URI registryFor(String name) {
        return inner.registryFor(name);
    }

    @Override
    public Set<URI> registries() {
        return inner.registries();
    }

    @Override
    public SortedMap<String, String> outages() {
        return inner.outages();
    }

    @Override
    public Transfers transfers() {
        return inner.transfers();
    }
}
