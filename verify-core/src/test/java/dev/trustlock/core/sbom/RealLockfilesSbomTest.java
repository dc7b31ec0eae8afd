package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.Scope;
import dev.trustlock.core.testing.Fixtures;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every real project's lockfile in {@code ../shared/fixtures/lockfiles-real} yields a valid
 * CycloneDX 1.6 SBOM holding each distinct name@version the lockfile installs, with exactly the
 * dev-only packages (from the lockfile's own graph) in scope {@code excluded}. The readers'
 * own tests check the graphs against independent readings of the raw files.
 */
class RealLockfilesSbomTest {

    @ParameterizedTest
    @ValueSource(strings = {"npm-v1-videojs", "npm-v3-addons-linter", "npm-v3-appium", "yarn-classic-webpack",
        "yarn-berry-jest", "pnpm-v9-vuecore", "bun-hono"})
    void sbomHoldsEveryPackageWithGraphScopes(String project) throws Exception {
        SbomFixtures.Result r = SbomFixtures.sbom(Fixtures.shared("lockfiles-real/" + project));
        Set<String> components = SbomFixtures.componentIds(r.bom(), false);
        assertEquals(SbomFixtures.ids(r.graph()), components);
        assertTrue(components.size() > 100, project + " has " + components.size() + " packages");

        Set<String> excluded = new TreeSet<>();
        Set<String> refs = new HashSet<>();
        for (JsonNode c : r.bom().get("components")) {
            assertTrue(refs.add(c.get("bom-ref").asText()), "duplicate bom-ref " + c.get("bom-ref"));
            if ("excluded".equals(c.path("scope").asText())) {
                excluded.add(SbomFixtures.id(c));
            }
        }
        Set<String> devOnly = new TreeSet<>();
        for (Map.Entry<PackageKey, Scope> e : r.graph().scopes().entrySet()) {
            if (e.getValue() == Scope.DEV) {
                devOnly.add(e.getKey().toString());
            }
        }
        assertEquals(devOnly, excluded);
        // Every dependency ref points at a component or the root.
        Set<String> known = new HashSet<>(refs);
        known.add(r.bom().get("metadata").get("component").get("bom-ref").asText());
        for (JsonNode d : r.bom().get("dependencies")) {
            assertTrue(known.contains(d.get("ref").asText()), d.get("ref").asText());
            d.path("dependsOn").forEach(t -> assertTrue(known.contains(t.asText()), t.asText()));
        }
    }

    @Test
    void honoIsAllDev() throws Exception {
        SbomFixtures.Result r = SbomFixtures.sbom(Fixtures.shared("lockfiles-real/bun-hono"));
        for (JsonNode c : r.bom().get("components")) {
            if (!c.path("properties").toString().contains("trustlock:npm:workspace")) {
                assertEquals("excluded", c.path("scope").asText(), SbomFixtures.id(c));
            }
        }
    }
}
