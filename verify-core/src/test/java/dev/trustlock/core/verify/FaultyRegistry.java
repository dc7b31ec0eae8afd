package dev.trustlock.core.verify;

import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A registry whose packuments fail (a timeout) for the names {@code failPackument} accepts and whose
 * attestations are absent (404) for the versions {@code noAttestations} accepts; otherwise as
 * {@code inner}. Not final: a test may add what its registry says about outages.
 */
class FaultyRegistry implements RegistrySource {
    private final RegistrySource inner;
    private final Predicate<String> failPackument;
    private final Predicate<String> noAttestations;

    FaultyRegistry(RegistrySource inner, Predicate<String> failPackument, Predicate<String> noAttestations) {
        this.inner = inner;
        this.failPackument = failPackument;
        this.noAttestations = noAttestations;
    }

    @Override
    public RegistryResult packument(String name) {
        return failPackument.test(name) ? new RegistryResult.Failed(RegistryResult.Reason.TIMEOUT, "no answer")
                : inner.packument(name);
    }

    @Override
    public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
        return noAttestations.test(version) ? new RegistryResult.NotFound(name + "@" + version)
                : inner.attestations(name, version, advertisedUrl);
    }

    @Override
    public RegistryResult keys() {
        return inner.keys();
    }

    @Override
    public RegistryResult keys(URI registry) {
        return inner.keys(registry);
    }

    @Override
    public URI registryFor(String name) {
        return inner.registryFor(name);
    }

    @Override
    public Set<URI> registries() {
        return inner.registries();
    }
}
