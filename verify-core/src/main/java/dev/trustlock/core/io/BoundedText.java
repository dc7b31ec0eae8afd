package dev.trustlock.core.io;

/**
 * Text an attacker wrote (an install script, a publisher name, a dependency range), cut before
 * a report prints it: by code points, so no surrogate pair is split, and saying how much is left
 * out. The one place every report's length limits are applied; and where its line breaks are
 * joined, for a message that must stay on one line.
 */
public final class BoundedText {

    private BoundedText() {
    }

    /**
     * {@code text} when it has at most {@code max} code points; else its first {@code max}
     * followed by " … (N more characters{where})", N counted in code points.
     */
    public static String cut(String text, int max, String where) {
        if (text.length() <= max) {
            return text; // at most max chars, so at most max code points: the common case, no counting
        }
        int total = text.codePointCount(0, text.length());
        if (total <= max) {
            return text;
        }
        int left = total - max;
        return text.substring(0, text.offsetByCodePoints(0, max)) + " … (" + left
                + (left == 1 ? " more character" : " more characters") + where + ")";
    }

    /**
     * {@code text} with every run of whitespace that holds a line break made one space, as
     * {@code replaceAll("\\s*[\\r\\n]+\\s*", " ")} would, but in linear time: that expression
     * backtracks through each run of spaces, and took 4 s on 40,000 of them in an attacker's text.
     */
    public static String joinLines(String text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            if (!isSpace(text.charAt(i))) {
                if (out != null) {
                    out.append(text.charAt(i));
                }
                i++;
                continue;
            }
            int end = i;
            boolean breaks = false;
            while (end < text.length() && isSpace(text.charAt(end))) {
                breaks |= text.charAt(end) == '\n' || text.charAt(end) == '\r';
                end++;
            }
            if (breaks && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (breaks) {
                    out.append(' ');
                } else {
                    out.append(text, i, end);
                }
            }
            i = end;
        }
        return out == null ? text : out.toString();
    }

    /** What {@code \s} matches in a regular expression. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
