package dev.trustlock.core.registry;

import dev.trustlock.core.registry.SnapshotIndex.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link RegistrySource} that passes every question to another source and writes each
 * definite answer (found, or attestations not found) into a {@link SnapshotWriter}: what
 * {@code trustlock fetch} uses to build a snapshot while it asks the registry.
 */
public final class SnapshotRecorder implements RegistrySource {

    private final RegistrySource delegate;
    private final SnapshotWriter writer;

    public SnapshotRecorder(RegistrySource delegate, SnapshotWriter writer) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** @throws UncheckedIOException when the snapshot cannot be written: a silent gap would mislead an audit */
    @Override
    public RegistryResult packument(String name) {
        return keep(Kind.PACKUMENT, name, "", delegate.packument(name));
    }

    @Override
    public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
        return keep(Kind.ATTESTATIONS, name, version, delegate.attestations(name, version, advertisedUrl));
    }

    @Override
    public RegistryResult keys() {
        return keep(Kind.KEYS, "", "", delegate.keys());
    }

    /** Only the default registry's keys have a place in a snapshot; others are passed through. */
    @Override
    public RegistryResult keys(URI registry) {
        return registry.equals(writer.registry()) ? keys() : delegate.keys(registry);
    }

    /** The answer recorded once it is there, on {@code blocking} (a disk write), holding no thread meanwhile. */
    @Override
    public CompletableFuture<RegistryResult> packumentAsync(String name, Executor blocking) {
        return delegate.packumentAsync(name, blocking).thenApplyAsync(r -> keep(Kind.PACKUMENT, name, "", r), blocking);
    }

    @Override
    public CompletableFuture<RegistryResult> attestationsAsync(String name, String version,
            Optional<String> advertisedUrl, Executor blocking) {
        return delegate.attestationsAsync(name, version, advertisedUrl, blocking)
                .thenApplyAsync(r -> keep(Kind.ATTESTATIONS, name, version, r), blocking);
    }

    @Override
    public CompletableFuture<RegistryResult> keysAsync(URI registry, Executor blocking) {
        if (!registry.equals(writer.registry())) {
            return delegate.keysAsync(registry, blocking);
        }
        return delegate.keysAsync(registry, blocking).thenApplyAsync(r -> keep(Kind.KEYS, "", "", r), blocking);
    }

    /** Whether the default registry's keys (or its answer that it has none) are recorded already. */
    public boolean keysRecorded() {
        return writer.hasKeys();
    }

    @Override
    public java.util.SortedMap<String, String> outages() {
        return delegate.outages();
    }

    @Override
    public Transfers transfers() {
        return delegate.transfers();
    }

    @Override
    public URI registryFor(String name) {
        return delegate.registryFor(name);
    }

    @Override
    public java.util.Set<URI> registries() {
        return delegate.registries();
    }

    private RegistryResult keep(Kind kind, String name, String version, RegistryResult r) {
        try {
            writer.record(kind, name, version, r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot in " + writer.directory(), e);
        }
        return r;
    }
}
