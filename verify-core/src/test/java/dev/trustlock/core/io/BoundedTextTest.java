package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BoundedTextTest {

    private static final String SMILE = "\uD83D\uDE00"; // one character, two chars

    @Test
    void textUpToTheLimitIsKeptWholeAndOneMoreCharacterIsCut() {
        String four = "abcd";
        assertSame(four, BoundedText.cut(four, 4, ""));
        assertEquals("abc … (1 more character)", BoundedText.cut(four, 3, ""));
        assertEquals("", BoundedText.cut("", 0, ""));
        assertEquals(" … (1 more character in X)", BoundedText.cut("a", 0, " in X"));
    }

    @Test
    void charactersAreCodePointsSoNoPairIsSplitOrCountedTwice() {
        String pairs = SMILE.repeat(3); // 6 chars, 3 characters
        assertSame(pairs, BoundedText.cut(pairs, 3, ""), "longer in chars than the limit, not in characters");
        assertEquals(SMILE + " … (2 more characters)", BoundedText.cut(pairs, 1, ""));
        assertEquals("a" + SMILE + " … (1 more character)", BoundedText.cut("a" + SMILE + "b", 2, ""));
    }
}
