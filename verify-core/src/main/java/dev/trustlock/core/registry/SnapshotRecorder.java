package dev.trustlock.core.registry;

import dev.trustlock.core.registry.SnapshotIndex.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

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
