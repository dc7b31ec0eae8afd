package dev.trustlock.core.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded public-good data in ../shared/fixtures/real-world and its MANIFEST. */
final class RealWorldFixtures {

    private RealWorldFixtures() {
    }

    static Path dir() {
        return Fixtures.shared("real-world/MANIFEST.json").getParent();
    }

    static JsonNode manifest() throws IOException {
        return new ObjectMapper().readTree(Files.readAllBytes(dir().resolve("MANIFEST.json")));
    }

    /** The trust material recorded with the fixtures (not the jar's default), as MANIFEST names it. */
    static TrustMaterial trust() throws Exception {
        JsonNode m = manifest().path("trust");
        return TrustMaterial.load(dir().resolve(m.path("trusted_root").path("file").asText()),
                dir().resolve(m.path("npm_keys").path("file").asText()));
    }

    /** "pkg:npm/%40scope/name@1.0.0" -> PackageRef(@scope/name, 1.0.0, integrity). */
    static PackageRef fromPurl(String purl, String integrity) {
        String rest = purl.substring("pkg:npm/".length()).replace("%40", "@");
        int at = rest.lastIndexOf('@');
        return new PackageRef(rest.substring(0, at), rest.substring(at + 1), integrity);
    }
}
