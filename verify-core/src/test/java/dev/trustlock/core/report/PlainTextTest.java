package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** What a hostile publisher name, dependency or message can do to a terminal once printed: nothing. */
class PlainTextTest {

    private static final String R = String.valueOf(PlainText.REPLACEMENT);

    @Test
    void escapeSequencesShowInsteadOfActing() {
        // Clear the screen and paint red; move up and erase the line above; an OSC 8 hyperlink; a bell.
        assertEquals("evil" + R + "[2J" + R + "[31mFAKE" + R, PlainText.oneLine("evil\u001b[2J\u001b[31mFAKE\u0007"));
        assertEquals("x" + R + "[1A" + R + "[K", PlainText.oneLine("x\u001b[1A\u001b[K"));
        assertEquals(R + "]8;;https://evil.example" + R + "here", PlainText.oneLine("\u001b]8;;https://evil.example\u0007here"));
        // C1 controls: U+009B is CSI on its own, and DEL.
        assertEquals(R + "2J" + R, PlainText.oneLine("\u009b2J\u007f"));
        assertEquals("a" + R + "b", PlainText.oneLine("a\u0000b"));
    }

    @Test
    void lineBreaksCannotForgeALine() {
        assertEquals("dep PASS: nothing to report", PlainText.oneLine("dep\nPASS: nothing to report"));
        assertEquals("a  b c d e f", PlainText.oneLine("a\r\nb\tc\u0085d\u2028e\u2029f"));
    }

    @Test
    void invisibleFormatCharactersShow() {
        // "Trojan Source": a right-to-left override shows "evil.js" as something else.
        assertEquals("good" + R + "sj.live", PlainText.oneLine("good\u202esj.live"));
        assertEquals(R + "x" + R, PlainText.oneLine("\u2066x\u2069"));
        assertEquals("pay" + R + "pal", PlainText.oneLine("pay\u200bpal"), "a zero-width space hides in a name");
        assertEquals(R + "bom", PlainText.oneLine("\ufeffbom"));
        assertEquals("lone" + R, PlainText.oneLine("lone\ud800"), "an unpaired surrogate");
    }

    @Test
    void ordinaryTextIsUntouched() {
        String s = "@scope/päckage 1.0.0-beta.1 \u4e2d\u6587 \ud83d\udce6 <dev@example.org> ^1.2.3 || ~2";
        assertSame(s, PlainText.oneLine(s), "nothing to replace: the same string, not a copy");
        assertEquals("", PlainText.oneLine(""));
    }
}
