package dev.trustlock.core.report;

/**
 * Escaping for the XML and HTML trustlock writes (JUnit XML, the HTML reports): text from
 * registry metadata an attacker writes must stay text. Characters XML 1.0 cannot carry at all
 * become U+FFFD rather than breaking the document, and so do those a browser or CI page would
 * act on rather than show ({@link PlainText#shows}: a bidi override would display a name reversed).
 */
final class Markup {

    private Markup() {
    }

    /** Element content. */
    static String text(String s) {
        return escape(s, false);
    }

    /** A double-quoted attribute value (also safe as element content). */
    static String attribute(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> {
                    boolean allowed = ((cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                            || (cp >= 0x10000 && cp <= 0x10FFFF)) && PlainText.shows(cp);
                    if (allowed) {
                        sb.appendCodePoint(cp);
                    } else {
                        sb.append('\uFFFD');
                    }
                }
            }
        }
        return sb.toString();
    }
}
