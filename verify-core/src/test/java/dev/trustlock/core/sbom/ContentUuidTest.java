package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContentUuidTest {

    @Test
    void stableVersion8AndDistinct() {
        UUID a = ContentUuid.of("pkg:npm/a@1.0.0", "sha512-x");
        assertEquals(a, ContentUuid.of("pkg:npm/a@1.0.0", "sha512-x"));
        assertEquals(8, a.version());
        assertEquals(2, a.variant());
        assertNotEquals(a, ContentUuid.of("pkg:npm/a@1.0.1", "sha512-x"));
        assertNotEquals(ContentUuid.of("ab", "c"), ContentUuid.of("a", "bc"), "parts are separated");
        assertNotEquals(ContentUuid.of("a", "b"), ContentUuid.of("b", "a"), "order matters");
        // Near-identical inputs, many times over: no collisions.
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(ContentUuid.of("pkg:npm/base@1.0." + i, "sha512-" + (i * 7919L)));
        }
        assertEquals(100_000, seen.size());
    }

    /**
     * The serial number of an SBOM of the same lockfile must not move between trustlock builds
     * unless on purpose: pinned, so that a change to the mixing shows up here and not as a diff
     * in every user's committed SBOM.
     */
    @Test
    void theDerivationIsPinned() {
        assertEquals(UUID.fromString("ddaa2de3-ed44-8ab4-8e5b-9ebb16fe816f"), ContentUuid.of("pkg:npm/a@1.0.0", "sha512-x"));
    }
}
