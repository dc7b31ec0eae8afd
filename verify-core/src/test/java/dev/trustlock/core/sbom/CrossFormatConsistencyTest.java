package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * components as package-lock v3, except for the differences documented, each with its reason,
 * in {@code testdata/lockfiles/differences.json}. An undocumented difference fails, and so does
 * a documented one that no longer occurs (stale documentation).
 */
class CrossFormatConsistencyTest {

    static Stream<Arguments> formats() throws Exception {
        JsonNode doc = SbomFixtures.readJson(Fixtures.testdata("lockfiles/differences.json"));
        return Stream.of(doc.get("reference").asText()).flatMap(ref -> {
            java.util.List<Arguments> args = new java.util.ArrayList<>();
            doc.get("formats").fields().forEachRemaining(e -> args.add(Arguments.of(ref, e.getKey(), e.getValue())));
            return args.stream();
        });
    }

    @ParameterizedTest(name = "{1} vs {0}")
    @MethodSource("formats")
    void sameComponentsAsReferenceOrDocumented(String reference, String folder, JsonNode documented) throws Exception {
        Set<String> ref = SbomFixtures.componentIds(SbomFixtures.sbom(Fixtures.testdata("lockfiles/" + reference)).bom(), false);
        Path dir = Fixtures.testdata("lockfiles/" + folder);
        assertTrue(Files.isDirectory(dir));
        Set<String> other = SbomFixtures.componentIds(SbomFixtures.sbom(dir).bom(), false);
        assertTrue(ref.size() >= 400, "reference has " + ref.size() + " packages");

        Set<String> onlyInRef = new TreeSet<>(ref);
        onlyInRef.removeAll(other);
        Set<String> onlyInOther = new TreeSet<>(other);
        onlyInOther.removeAll(ref);

        assertEquals(reasons(documented.get("onlyInReference")).keySet(), onlyInRef,
                folder + ": packages npm v3 has and " + folder + " lacks (document each with its reason)");
        assertEquals(reasons(documented.get("onlyInFormat")).keySet(), onlyInOther,
                folder + ": packages " + folder + " has and npm v3 lacks (document each with its reason)");
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
