package dev.trustlock.core.verify;

import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** A registry that answers like {@code base} except where a test replaces one kind of answer. */
final class RegistryDouble implements RegistrySource {

    private final RegistrySource base;
    private Function<String, RegistryResult> packuments;
    private BiFunction<String, String, RegistryResult> attestations;
    private Supplier<RegistryResult> keys;

    private RegistryDouble(RegistrySource base) {
        this.base = base;
        this.packuments = base::packument;
        this.attestations = (n, v) -> base.attestations(n, v, Optional.empty());
        this.keys = base::keys;
    }

    static RegistryDouble over(RegistrySource base) {
        return new RegistryDouble(base);
    }

    /** Every request fails with {@code reason}. */
    static RegistryDouble down(RegistrySource base, RegistryResult.Reason reason, String detail) {
        RegistryResult failed = RegistryResult.failed(reason, detail);
        return over(base).packuments(n -> failed).attestations((n, v) -> failed).keys(() -> failed);
    }

    RegistryDouble packuments(Function<String, RegistryResult> f) {
        this.packuments = f;
        return this;
    }

    RegistryDouble attestations(BiFunction<String, String, RegistryResult> f) {
        this.attestations = f;
        return this;
    }

    RegistryDouble keys(Supplier<RegistryResult> f) {
        this.keys = f;
        return this;
    }

    @Override
    public RegistryResult packument(String name) {
        return packuments.apply(name);
    }

    @Override
    public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
        return attestations.apply(name, version);
    }

    @Override
    public RegistryResult keys() {
        return keys.get();
    }

    @Override
    public RegistryResult keys(URI registry) {
        return registry.equals(base.registryFor("any")) ? keys.get() : base.keys(registry);
    }

    @Override
    public URI registryFor(String name) {
        return base.registryFor(name);
    }

    @Override
    public Set<URI> registries() {
        return base.registries();
    }
}
