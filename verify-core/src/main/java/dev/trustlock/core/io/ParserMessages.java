package dev.trustlock.core.io;

import java.util.regex.Pattern;

/**
 * Parser messages fit for a user: Jackson appends its own location ({@code at [Source: REDACTED
 * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 5]}), which is
 * internal detail; callers give the position themselves, in {@code FILE:LINE:COLUMN} form.
 */
public final class ParserMessages {

    private static final Pattern SOURCE = Pattern.compile(
            "\\s*(?:\\(start marker at \\[Source:[^\\]]*\\]\\)|at \\[Source:[^\\]]*\\]|\\[Source:[^\\]]*\\])");

    /** What follows a complete JSON value, said once for our own readers and Jackson's. */
    public static final String TRAILING_CONTENT = "trailing content after the JSON value";

    private ParserMessages() {
    }

    /** The message on one line, without Jackson's source descriptions. */
    public static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        if (message.startsWith("Trailing token")) {
            // Jackson's wording names its own classes and settings ("bound as `...JsonNode`",
            // "DeserializationFeature.FAIL_ON_TRAILING_TOKENS"), which say nothing to a user.
            return TRAILING_CONTENT;
        }
        String s = SOURCE.matcher(message).replaceAll("").replaceAll("\\s+", " ").trim();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
