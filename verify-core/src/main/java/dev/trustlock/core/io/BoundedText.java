package dev.trustlock.core.io;

/**
 * Text an attacker wrote (an install script, a publisher name, a dependency range), cut before
 * a report prints it: by code points, so no surrogate pair is split, and saying how much is left
 * out. The one place every report's length limits are applied.
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
}
