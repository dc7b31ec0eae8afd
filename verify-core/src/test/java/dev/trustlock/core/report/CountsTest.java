package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountsTest {

    @Test
    void oneIsSingularAndEveryOtherCountPlural() {
        assertEquals("0 warnings", Counts.of(0, "warning"));
        assertEquals("1 warning", Counts.of(1, "warning"));
        assertEquals("2 warnings", Counts.of(2, "warning"));
        assertEquals("11 packages", Counts.of(11, "package"));
    }
}
