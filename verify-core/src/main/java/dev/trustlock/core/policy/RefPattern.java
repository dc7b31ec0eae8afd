package dev.trustlock.core.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The git ref a publish workflow must have run for: a glob ({@code refs/tags/v*}, where
 * {@code *} also matches '/') or a regular expression matched against the whole ref.
 */
public final class RefPattern {

    private final String source;
    private final boolean regex;
    private final Pattern compiled;

    private RefPattern(String source, boolean regex, Pattern compiled) {
        this.source = source;
        this.regex = regex;
        this.compiled = compiled;
    }

    public static RefPattern glob(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new RefPattern(glob, false, Pattern.compile(sb.toString(), Pattern.DOTALL));
    }

    /** @throws java.util.regex.PatternSyntaxException when the expression is invalid */
    public static RefPattern regex(String expression) {
        return new RefPattern(expression, true, Pattern.compile(expression));
    }

    public boolean matches(String ref) {
        // Refs are short; the cap keeps a pathological expression from running long on a hostile value.
        return ref.length() <= 1024 && compiled.matcher(ref).matches();
    }

    public boolean isRegex() {
        return regex;
    }

    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefPattern r && r.regex == regex && r.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, regex);
    }

    @Override
    public String toString() {
        return regex ? "regex " + source : source;
    }
}
