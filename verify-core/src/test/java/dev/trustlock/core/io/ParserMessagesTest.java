package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A parser's message as a user reads it: one line, no internals, bounded. */
class ParserMessagesTest {

    @Test
    void jacksonsSourceDescriptionAndLineBreaksGo() {
        assertEquals("Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
                ParserMessages.clean("Unexpected character ('}' (code 125)): was expecting double-quote to start field name\n"
                        + " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 3]"));
        assertEquals(ParserMessages.TRAILING_CONTENT, ParserMessages.clean(
                "Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`)"));
        assertEquals("unknown error", ParserMessages.clean(null));
    }

    @Test
    void aLongMessageIsCutAtThreeHundredCharacters() {
        String exact = "x".repeat(300);
        assertEquals(exact, ParserMessages.clean(exact));
        assertEquals(exact + "...", ParserMessages.clean(exact + "y"));
    }
}
