package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The line and column that errors found on a JSON tree (schema, policy, snapshot) point users to. */
class JsonLocatorTest {

    private static final byte[] DOC = String.join("\n",
            "{",
            "  \"name\": \"x\",",
            "  \"list\": [10, {\"deep\": true}, 30],",
            "  \"obj\": {\"x\": 1},",
            "  \"x\": 2,",
            "  \"0\": \"zero\"",
            "}").getBytes(StandardCharsets.UTF_8);

    private static int[] at(Object... path) {
        return JsonLocator.locate(DOC, List.of(path)).orElseThrow();
    }

    @Test
    void pointsAtTheValueAtAPath() {
        assertArrayEquals(new int[] {1, 1}, at());
        assertArrayEquals(new int[] {2, 11}, at("name"));
        assertArrayEquals(new int[] {3, 11}, at("list"));
        assertArrayEquals(new int[] {3, 12}, at("list", 0));
        assertArrayEquals(new int[] {3, 16}, at("list", 1));
        assertArrayEquals(new int[] {3, 25}, at("list", 1, "deep"));
        assertArrayEquals(new int[] {3, 32}, at("list", 2));
        assertArrayEquals(new int[] {4, 16}, at("obj", "x"));
        assertArrayEquals(new int[] {6, 8}, at(0), "an integer names an object's key as text");
    }

    @Test
    void aKeyInASkippedSiblingIsNotTheOneAskedFor() {
        assertArrayEquals(new int[] {5, 8}, at("x"), "the top-level x, not obj.x");
    }

    @Test
    void whatDoesNotExistPointsAtItsNearestAncestor() {
        assertArrayEquals(new int[] {3, 11}, at("list", 3));
        assertArrayEquals(new int[] {3, 11}, at("list", "0"), "a text key on an array");
        assertArrayEquals(new int[] {4, 10}, at("obj", "missing"));
        assertArrayEquals(new int[] {2, 11}, at("name", "below a string"));
        assertArrayEquals(new int[] {1, 1}, at("missing", "deeper"));
    }

    @Test
    void nothingToLocateInEmptyOrBrokenText() {
        assertEquals(Optional.empty(), JsonLocator.locate(new byte[0], List.of()).map(int[]::clone));
        assertEquals(Optional.empty(), JsonLocator.locate("{\"a\": [1, 2".getBytes(StandardCharsets.UTF_8), List.of("a", 5)));
        assertArrayEquals(new int[] {1, 3}, JsonLocator.locate("  [1]".getBytes(StandardCharsets.UTF_8), List.of()).orElseThrow());
    }
}
