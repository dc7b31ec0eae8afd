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
    void devOnlyPackagesAgreeWithTheLockfileAndNpm() throws Exception {
        // Independent answer from npm's own per-entry flags: a name@version is dev-only when
        // every place the lockfile installs it says dev: true.
        JsonNode lock = SbomFixtures.readJson(dir.resolve("package-lock.json"));
        Map<String, Boolean> allDev = new HashMap<>();
        lock.get("packages").fields().forEachRemaining(e -> {
            String path = e.getKey();
            JsonNode p = e.getValue();
            if (!path.contains("node_modules/")) {
                return;
            }
            String name = p.has("name") ? p.get("name").asText() : path.substring(path.lastIndexOf("node_modules/") + 13);
            allDev.merge(name + "@" + p.get("version").asText(), p.path("dev").asBoolean(false), Boolean::logicalAnd);
        });
        Set<String> expected = new TreeSet<>();
        allDev.forEach((id, dev) -> {
            if (dev) {
                expected.add(id);
            }
        });
        Set<String> ourExcluded = new TreeSet<>();
        SbomFixtures.sbom(dir).bom().get("components").forEach(c -> {
            if ("excluded".equals(c.path("scope").asText())) {
                ourExcluded.add(SbomFixtures.id(c));
            }
        });
        assertTrue(expected.size() > 300);
        assertEquals(expected, ourExcluded);

        // npm sbom marks dev packages with cdx:npm:package:development, but it keeps the flags of
        // the first copy when a name@version is installed several times: ms@2.1.3 is dev under
        // @babel/core yet production under send (express). trustlock gets that one right.
        JsonNode npm = SbomFixtures.readJson(dir.resolve("npm-sbom.cdx.json"));
        Set<String> npmDev = new TreeSet<>();
        npm.get("components").forEach(c -> {
            if (c.path("properties").toString().contains("cdx:npm:package:development")) {
                npmDev.add(SbomFixtures.id(c));
            }
        });
        Set<String> npmOnly = new TreeSet<>(npmDev);
        npmOnly.removeAll(ourExcluded);
        assertTrue(npmDev.containsAll(ourExcluded));
        assertEquals(Set.of("ms@2.1.3"), npmOnly);
        assertFalse(allDev.get("ms@2.1.3"));
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
