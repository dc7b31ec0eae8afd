package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same package.json locked by every package manager yields the same name@version
 * components (workspaces included) as package-lock v3, with the same scopes, except for the
 * differences documented with a reason each in {@code testdata/lockfiles/differences.json}.
 * An undocumented difference fails, and so does a documented one that no longer occurs.
 */
class CrossFormatConsistencyTest {

    static Stream<Arguments> comparisons() throws Exception {
        JsonNode doc = SbomFixtures.readJson(Fixtures.testdata("lockfiles/differences.json"));
        List<Arguments> args = new ArrayList<>();
        doc.get("comparisons").forEach(c -> args.add(Arguments.of(c.get("reference").asText(), c.get("format").asText(), c)));
        return args.stream();
    }

    @ParameterizedTest(name = "{1} vs {0}")
    @MethodSource("comparisons")
    void sameComponentsAndScopesAsReferenceOrDocumented(String reference, String format, JsonNode documented)
            throws Exception {
        Map<String, String> ref = scopes(SbomFixtures.sbom(Fixtures.testdata("lockfiles/" + reference)).bom());
        Map<String, String> other = scopes(SbomFixtures.sbom(Fixtures.testdata("lockfiles/" + format)).bom());
        assertTrue(ref.size() >= 100, "reference has " + ref.size() + " components");

        Set<String> onlyInRef = new TreeSet<>(ref.keySet());
        onlyInRef.removeAll(other.keySet());
        Set<String> onlyInOther = new TreeSet<>(other.keySet());
        onlyInOther.removeAll(ref.keySet());
        assertEquals(reasons(documented.get("onlyInReference")).keySet(), onlyInRef,
                format + ": components " + reference + " has and " + format + " lacks (document each with its reason)");
        assertEquals(reasons(documented.get("onlyInFormat")).keySet(), onlyInOther,
                format + ": components " + format + " has and " + reference + " lacks (document each with its reason)");

        Map<String, String> scopeDifferences = new TreeMap<>();
        for (Map.Entry<String, String> e : ref.entrySet()) {
            String theirs = other.get(e.getKey());
            if (theirs != null && !theirs.equals(e.getValue())) {
                scopeDifferences.put(e.getKey(), e.getValue() + " vs " + theirs);
            }
        }
        assertEquals(Map.of(), scopeDifferences, format + ": scope differs from " + reference);
    }

    /** name@version → scope (workspaces included; they have none, shown as "-"). */
    private static Map<String, String> scopes(JsonNode bom) {
        Map<String, String> result = new TreeMap<>();
        bom.get("components").forEach(c -> result.put(SbomFixtures.id(c), c.path("scope").asText("-")));
        return result;
    }

    private static Map<String, String> reasons(JsonNode node) {
        Map<String, String> result = new TreeMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> {
                assertFalse(e.getValue().asText().isBlank(), "a documented difference needs a reason: " + e.getKey());
                result.put(e.getKey(), e.getValue().asText());
            });
        }
        return result;
    }
}
