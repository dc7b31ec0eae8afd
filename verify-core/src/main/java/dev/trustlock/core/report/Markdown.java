package dev.trustlock.core.report;

import dev.trustlock.core.io.BoundedText;

/**
 * Markdown made from text an attacker may write (registry metadata, lockfile names), for the
 * places GitHub renders it: pull-request comments and job summaries. A release engineer reads the
 * verdict there; a publisher name or install script must not end a table row, open an HTML
 * comment that swallows the rows after it, or become a link, an image or a forged heading.
 */
final class Markdown {

    /** Characters of one message in a table: an install script quoted in a finding can be megabytes long. */
    static final int MAX_MESSAGE = 500;

    private Markdown() {
    }

    /** {@code message} cut to {@link #MAX_MESSAGE} characters (code points), saying so. */
    static String shortened(String message) {
        return BoundedText.cut(message, MAX_MESSAGE, " in the JSON report");
    }

    /** A row of a findings table (severity, package, rule, message), the message cut to {@link #MAX_MESSAGE}. */
    static String findingRow(dev.trustlock.core.policy.Finding f) {
        return "| " + f.severity().id() + " | " + cell(f.packageName() + "@" + f.version()) + " | " + cell(f.ruleId())
                + " | " + cell(shortened(f.message())) + " |\n";
    }

    /**
     * A table cell of untrusted text: no pipe or line break may end it early, no HTML may hide
     * text ("name &lt;e-mail&gt;", "&lt;!--"), no Markdown may turn it into a link, an image or
     * emphasis, and nothing may act on a terminal the text is printed to ({@link PlainText#oneLine}).
     */
    static String cell(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : PlainText.oneLine(BoundedText.joinLines(s)).toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '|', '\\', '`', '*', '_', '[', ']', '(', ')', '!', '~', '#' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
