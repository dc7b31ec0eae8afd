package dev.trustlock.core.policy;

import com.google.re2j.Pattern;
import java.util.Objects;

/**
 * The git ref a publish workflow must have run for: a glob ({@code refs/tags/v*}, where
 * {@code *} also matches '/') or a regular expression matched against the whole ref. Matched
 * with RE2 (linear time, no backreferences or lookaround): the ref comes from a certificate an
 * attacker may have had issued, and no policy pattern may turn it into catastrophic backtracking.
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

    /** @throws com.google.re2j.PatternSyntaxException when the expression is invalid RE2 syntax */
    public static RefPattern regex(String expression) {
        return new RefPattern(expression, true, Pattern.compile(expression));
    }

    public boolean matches(String ref) {
        // Refs are short; the cap bounds even linear-time matching on a hostile value.
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
