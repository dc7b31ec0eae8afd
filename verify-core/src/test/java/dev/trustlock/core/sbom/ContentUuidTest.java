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
        UUID a = ContentUuid.of("pkg:npm/a@1.0.0 sha512-x\n");
        assertEquals(a, ContentUuid.of("pkg:npm/a@1.0.0 sha512-x\n"));
        assertEquals(8, a.version());
        assertEquals(2, a.variant());
        assertNotEquals(a, ContentUuid.of("pkg:npm/a@1.0.1 sha512-x\n"));
        // One character apart, many times over: no collisions.
        Set<UUID> seen = new HashSet<>();
        StringBuilder sb = new StringBuilder("pkg:npm/base@1.0.0\n");
        for (int i = 0; i < 100_000; i++) {
            sb.setCharAt(i % sb.length(), (char) ('a' + (i % 26)));
            seen.add(ContentUuid.of(sb.toString() + i));
        }
        assertEquals(100_000, seen.size());
    }
}
