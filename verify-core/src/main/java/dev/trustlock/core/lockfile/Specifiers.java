package dev.trustlock.core.lockfile;

import java.util.Locale;
import java.util.Optional;

/**
 * Small facts about npm dependency specifiers and resolved URLs that every reader needs, kept
 * in one place so that formats classify sources identically.
 */
public final class Specifiers {

    private Specifiers() {
    }

    /** A parsed {@code npm:real-name@range} alias specifier. */
    public record Alias(String realName, String range) {
    }

    /**
     * Parses {@code npm:name@range}, {@code npm:@scope/name@range} or {@code npm:name}.
     * Returns empty for anything that is not an npm alias.
     */
    public static Optional<Alias> alias(String spec) {
        if (spec == null || !spec.startsWith("npm:")) {
            return Optional.empty();
        }
        String rest = spec.substring(4);
        int at = rest.indexOf('@', rest.startsWith("@") ? 1 : 0);
        if (at < 0) {
            return Optional.of(new Alias(rest, "*"));
        }
        return Optional.of(new Alias(rest.substring(0, at), rest.substring(at + 1)));
    }

    /**
     * Splits {@code name@rest} where name may be scoped ({@code @scope/name@rest}). Returns
     * {@code [name, rest]}, rest being empty when there is no second {@code @}.
     */
    public static String[] splitNameAndRest(String s) {
        int at = s.indexOf('@', s.startsWith("@") ? 1 : 0);
        if (at < 0) {
            return new String[] {s, ""};
        }
        return new String[] {s.substring(0, at), s.substring(at + 1)};
    }

    /**
     * Classifies where a resolved URL or specifier points. Registry tarballs are recognised by
     * their {@code /-/name-version.tgz} path, which every npm-compatible registry uses.
     */
    public static SourceType sourceOf(String resolved) {
        if (resolved == null || resolved.isEmpty()) {
            return SourceType.REGISTRY;
        }
        String r = resolved.toLowerCase(Locale.ROOT);
        if (r.startsWith("git+") || r.startsWith("git:") || r.startsWith("git@") || r.startsWith("github:")
                || r.startsWith("gitlab:") || r.startsWith("bitbucket:") || r.startsWith("gist:")
                || r.startsWith("ssh://") || r.contains(".git#") || r.endsWith(".git")
                || r.startsWith("https://codeload.github.com/")) {
            return SourceType.GIT;
        }
        if (r.startsWith("file:") || r.startsWith("link:") || r.startsWith("portal:") || r.startsWith("workspace:")
                || r.startsWith(".") || r.startsWith("/")) {
            return SourceType.LOCAL;
        }
        if (r.startsWith("http://") || r.startsWith("https://")) {
            return r.contains("/-/") && (r.contains(".tgz") || r.contains(".tar.gz"))
                    ? SourceType.REGISTRY : SourceType.REMOTE_TARBALL;
        }
        return SourceType.REGISTRY;
    }

    /**
     * Where a manifest's dependency specifier points: a registry range, tag or {@code npm:} alias
     * ({@link SourceType#REGISTRY}), or a git repository (including GitHub's {@code owner/repo#ref}
     * shorthand), a tarball URL or a local path. In a specifier, unlike a lockfile's resolved URL,
     * any http(s) URL is a URL dependency: the registry is never named there.
     */
    public static SourceType ofSpecifier(String spec) {
        String s = spec.trim();
        if (s.startsWith("npm:")) {
            return SourceType.REGISTRY;
        }
        SourceType resolved = sourceOf(s);
        if (resolved != SourceType.REGISTRY || s.isEmpty()) {
            return resolved;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return SourceType.REMOTE_TARBALL;
        }
        if (s.startsWith("~/")) {
            return SourceType.LOCAL;
        }
        // A semver range never contains a slash; owner/repo with an optional #ref does.
        if (!s.startsWith("@") && s.matches("[A-Za-z0-9][\\w.-]*/[\\w.-]+(#\\S*)?")) {
            return SourceType.GIT;
        }
        return SourceType.REGISTRY;
    }
}
