package dev.trustlock.core.attest;

import java.util.Locale;

/** Repository URIs as they are compared everywhere: one spelling per repository. */
public final class RepositoryUris {

    private RepositoryUris() {
    }

    /**
     * Without the {@code git+} scheme prefix, a trailing ".git" or slashes, in lower case: GitHub
     * and GitLab owner and repository names are case-insensitive.
     */
    public static String normalize(String uri) {
        String s = uri.trim();
        if (s.startsWith("git+")) {
            s = s.substring(4);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(".git")) {
            s = s.substring(0, s.length() - 4);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
