package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.attest.RegistrySigning;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each registry signs, asked once per registry per run ({@code /-/npm/v1/keys}). The
 * answer only says whether an unsigned version is a forgery; the keys that verify signatures
 * always come from the trust material.
 */
final class RegistrySigningLookup {

    private final RegistrySource registry;
    private final Map<URI, RegistrySigning> known = new ConcurrentHashMap<>();

    RegistrySigningLookup(RegistrySource registry) {
        this.registry = registry;
    }

    RegistrySigning forPackage(String name) {
        return known.computeIfAbsent(registry.registryFor(name), uri -> of(registry.keys(uri)));
    }

    static RegistrySigning of(RegistryResult keys) {
        if (keys instanceof RegistryResult.NotFound) {
            return RegistrySigning.UNSIGNED;
        }
        if (!(keys instanceof RegistryResult.Found found)) {
            return RegistrySigning.UNKNOWN;
        }
        try {
            JsonNode list = dev.trustlock.core.io.JsonTrees.parseRegistryDocument(found.body()).path("keys");
            if (!list.isArray()) {
                return RegistrySigning.UNKNOWN;
            }
            return list.isEmpty() ? RegistrySigning.UNSIGNED : RegistrySigning.SIGNS;
        } catch (IOException e) {
            return RegistrySigning.UNKNOWN;
        }
    }
}
