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

    @Test
    void lineBreaksJoinAsTheRegularExpressionDidWithoutItsBacktracking() {
        assertEquals("a b c", BoundedText.joinLines("a \r\n\t b\nc"));
        assertEquals("a  \t b", BoundedText.joinLines("a  \t b"), "whitespace without a break stays");
        String plain = "nothing to join";
        assertSame(plain, BoundedText.joinLines(plain));
        // The same answer as replaceAll on random mixes of every whitespace \\s knows and letters.
        java.util.Random random = new java.util.Random(3);
        String alphabet = " \t\n\u000B\f\rab";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = s.toString();
            assertEquals(text.replaceAll("\\s*[\\r\\n]+\\s*", " "), BoundedText.joinLines(text), "'" + text + "'");
        }
        // 40,000 spaces without a break took the regular expression 4 s (it retries the run from
        // each of its spaces); this is one pass.
        String spaces = "x" + " ".repeat(40_000) + "y";
        assertSame(spaces, BoundedText.joinLines(spaces));
        assertEquals("x y", BoundedText.joinLines("x" + " ".repeat(40_000) + "\n" + " ".repeat(40_000) + "y"));
    }
}
