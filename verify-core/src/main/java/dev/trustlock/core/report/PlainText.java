package dev.trustlock.core.report;

/**
 * Text from a lockfile or a registry, made safe to print where a person reads it: a terminal, a
 * CI log, a pull-request comment. An attacker who publishes a release writes its publisher name,
 * its dependency names and ranges, its dist-tags; a hostile registry writes anything. Printed as
 * they come, an escape sequence could clear the screen, move the cursor up over the line that says
 * trust dropped, or plant a hyperlink; a bidi override could show a name reversed; a line break
 * could forge a line of the report.
 */
public final class PlainText {

    /** What stands in for a character that would act on the terminal instead of showing. */
    public static final char REPLACEMENT = '\uFFFD';

    private PlainText() {
    }

    /**
     * {@code s} on one line: line breaks and tabs become spaces; every other control character
     * (C0, DEL, C1, so every escape sequence) and every invisible format character (bidi controls,
     * zero-width characters) becomes {@link #REPLACEMENT}, so that tampering shows rather than acts.
     */
    public static String oneLine(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp);
            int safe = safe(cp);
            if (safe != cp && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.appendCodePoint(safe);
            }
            i += width;
        }
        return out == null ? s : out.toString();
    }

    private static int safe(int cp) {
        if (cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
            return ' ';
        }
        return shows(cp) ? cp : REPLACEMENT;
    }

    /**
     * False for a character that would act on a terminal or a page instead of showing: a control
     * (C0, DEL, C1), an invisible format character (bidi controls, zero-width), a lone surrogate.
     */
    static boolean shows(int cp) {
        int type = Character.getType(cp);
        return !Character.isISOControl(cp) && type != Character.FORMAT && type != Character.SURROGATE;
    }
}
