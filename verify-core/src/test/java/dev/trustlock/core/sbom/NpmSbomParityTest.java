package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * On the package-lock v3 fixture, trustlock's component set equals what
 * {@code npm sbom --package-lock-only --sbom-format cyclonedx} reported (recorded beside it),
 * and every hash equals the lockfile's own integrity.
 */
class NpmSbomParityTest {

    private final Path dir = Fixtures.testdata("lockfiles/npm-v3");

    @Test
    void componentSetEqualsNpmSbom() throws Exception {
        JsonNode npm = SbomFixtures.readJson(dir.resolve("npm-sbom.cdx.json"));
        Set<String> npmPurls = new TreeSet<>();
        npm.get("components").forEach(c -> npmPurls.add(c.get("purl").asText()));
        JsonNode ours = SbomFixtures.sbom(dir).bom();
        Set<String> ourPurls = new TreeSet<>();
        ours.get("components").forEach(c -> ourPurls.add(c.get("purl").asText()));
        assertTrue(npmPurls.size() > 400, "fixture has " + npmPurls.size() + " components");
        assertEquals(npmPurls, ourPurls);
    }

    @Test
    void devFlagsAgreeWithNpm() throws Exception {
        // npm marks dev packages with cdx:npm:package:development (it maps them to scope
        // "optional"; trustlock uses "excluded", as CycloneDX defines it for build-time-only parts).
        JsonNode npm = SbomFixtures.readJson(dir.resolve("npm-sbom.cdx.json"));
        Set<String> npmDev = new TreeSet<>();
        npm.get("components").forEach(c -> {
            if (c.path("properties").toString().contains("cdx:npm:package:development")) {
                npmDev.add(c.get("purl").asText());
            }
        });
        Set<String> ourExcluded = new TreeSet<>();
        SbomFixtures.sbom(dir).bom().get("components").forEach(c -> {
            if ("excluded".equals(c.path("scope").asText())) {
                ourExcluded.add(c.get("purl").asText());
            }
        });
        assertFalse(npmDev.isEmpty());
        assertEquals(npmDev, ourExcluded);
    }

    @Test
    void everyHashEqualsTheLockfileIntegrity() throws Exception {
        JsonNode lock = SbomFixtures.readJson(dir.resolve("package-lock.json"));
        Map<String, String> integrityById = new HashMap<>();
        lock.get("packages").fields().forEachRemaining(e -> {
            String path = e.getKey();
            JsonNode p = e.getValue();
            if (!path.contains("node_modules/") || !p.has("integrity")) {
                return;
            }
            String name = p.has("name") ? p.get("name").asText() : path.substring(path.lastIndexOf("node_modules/") + 13);
            integrityById.put(name + "@" + p.get("version").asText(), p.get("integrity").asText());
        });
        int checked = 0;
        for (JsonNode c : SbomFixtures.sbom(dir).bom().get("components")) {
            String sri = integrityById.get(SbomFixtures.id(c));
            assertTrue(sri != null && sri.startsWith("sha512-"), "integrity for " + SbomFixtures.id(c));
            String expected = HexFormat.of().formatHex(Base64.getDecoder().decode(sri.substring(7)));
            assertEquals(1, c.get("hashes").size());
            assertEquals("SHA-512", c.get("hashes").get(0).get("alg").asText());
            assertEquals(expected, c.get("hashes").get(0).get("content").asText(), SbomFixtures.id(c));
            checked++;
        }
        assertEquals(integrityById.size(), checked, "every lockfile package checked");
    }
}
