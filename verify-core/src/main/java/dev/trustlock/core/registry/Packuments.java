package dev.trustlock.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reading the few packument fields the registry layer itself needs. */
public final class Packuments {

    private Packuments() {
    }

    /** {@code versions[version].dist.attestations.url}, when the packument advertises one. */
    public static Optional<String> attestationsUrl(JsonNode packument, String version) {
        JsonNode url = packument.path("versions").path(version).path("dist").path("attestations").path("url");
        return url.isTextual() ? Optional.of(url.asText()) : Optional.empty();
    }
}
