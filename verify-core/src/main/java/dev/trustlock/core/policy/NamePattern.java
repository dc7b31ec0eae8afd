package dev.trustlock.core.policy;

import java.util.Objects;

/**
 * A package name or glob from a policy: {@code axios}, {@code @aws-sdk/*}, {@code **}.
 * {@code *} matches within one path segment (so {@code @aws-sdk/*} never matches
 * {@code @aws-sdk-evil/x}, and {@code *} matches unscoped names only); {@code **} matches anything;
 * {@code ?} one character other than '/'. Matching is exact-case: npm names are lower case, and a
 * case-folded match would let {@code Axios} borrow axios's rules.
 */
public record NamePattern(String pattern) {

    public NamePattern {
        Objects.requireNonNull(pattern, "pattern");
    }

    public boolean isGlob() {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** How many literal characters the pattern has: the more, the more specific. */
    public int specificity() {
        return isGlob() ? pattern.replace("*", "").replace("?", "").length() : Integer.MAX_VALUE;
    }

    public boolean matches(String name) {
        return match(pattern, 0, name, 0);
    }

    // Plain backtracking over two short strings; bounded by name length (npm caps names at 214).
    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                boolean deep = pi + 1 < p.length() && p.charAt(pi + 1) == '*';
                int next = deep ? pi + 2 : pi + 1;
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, next, s, k)) {
                        return true;
                    }
                    if (k < s.length() && !deep && s.charAt(k) == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?' ? s.charAt(si) == '/' : s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
