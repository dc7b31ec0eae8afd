package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** minimumReleaseAge: the forms pnpm, yarn and npm users write, and the typos refused. */
class ReleaseAgeTest {

    @Test
    void minutesUnitsAndIsoDurationsRead() {
        assertEquals(Optional.of(Duration.ofMinutes(1440)), ReleaseAge.parse("1440"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), ReleaseAge.parse("90m"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), ReleaseAge.parse("90 min"));
        assertEquals(Optional.of(Duration.ofHours(72)), ReleaseAge.parse(" 72H "));
        assertEquals(Optional.of(Duration.ofDays(3)), ReleaseAge.parse("3d"));
        assertEquals(Optional.of(Duration.ofDays(14)), ReleaseAge.parse("2w"));
        assertEquals(Optional.of(Duration.ofDays(3)), ReleaseAge.parse("P3D"));
        assertEquals(Optional.of(Duration.ofHours(12)), ReleaseAge.parse("pt12h"));
        assertEquals(Optional.of(Duration.ZERO), ReleaseAge.parse("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3 days", "-1", "1y", "PT-5H", "367d", "9999999999", "P", "3d4h", "abc"})
    void anythingElseIsRefused(String text) {
        assertEquals(Optional.empty(), ReleaseAge.parse(text));
    }

    @Test
    void agesPrintShortAndExact() {
        assertEquals("3d", ReleaseAge.format(Duration.ofDays(3)));
        assertEquals("2h39m", ReleaseAge.format(Duration.ofMinutes(159)));
        assertEquals("1d4h", ReleaseAge.format(Duration.ofHours(28)));
        assertEquals("0m", ReleaseAge.format(Duration.ofSeconds(30)));
        assertEquals("0m", ReleaseAge.format(Duration.ofMinutes(-5)));
    }
}
