package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Registry text an attacker writes (names, messages, scripts) stays text in the XML and HTML reports. */
class MarkupTest {

    @Test
    void markupCharactersAreEscapedInTextAndAttributes() {
        String hostile = "<img src=x onerror=\"alert(1)\">&amp;'";
        assertEquals("&lt;img src=x onerror=\"alert(1)\"&gt;&amp;amp;'", Markup.text(hostile));
        assertEquals("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;'", Markup.attribute(hostile));
    }

    @Test
    void whitespaceSurvivesAnAttributeAsCharacterReferences() {
        assertEquals("a\nb\tc&#13;d", Markup.text("a\nb\tc\rd"));
        assertEquals("a&#10;b&#9;c&#13;d", Markup.attribute("a\nb\tc\rd"));
    }

    @Test
    void onlyWhatXmlCanCarryIsKeptAtEachEdgeOfItsCharacterRanges() {
        // Allowed: #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF (plus tab, newline, return above).
        String kept = "\u0020\uD7FF\uE000\uFFFD" + new String(Character.toChars(0x10000)) + new String(Character.toChars(0x10FFFF));
        assertEquals(kept, Markup.text(kept));
        assertEquals(kept, Markup.attribute(kept));
        // Not: other controls, a lone surrogate, U+FFFE/U+FFFF.
        // Nor what XML carries but a page would act on rather than show: DEL and C1 controls, bidi
        // overrides and isolates, zero-width characters.
        for (String bad : new String[] {"\u0000", "\u0008", "\u001F", "\uD800", "\uDFFF", "\uFFFE", "\uFFFF",
            "\u007F", "\u009B", "\u202E", "\u2066", "\u200B", "\uFEFF"}) {
            assertEquals("x\uFFFDy", Markup.text("x" + bad + "y"), Integer.toHexString(bad.charAt(0)));
            assertEquals("x\uFFFDy", Markup.attribute("x" + bad + "y"), Integer.toHexString(bad.charAt(0)));
        }
    }
}
