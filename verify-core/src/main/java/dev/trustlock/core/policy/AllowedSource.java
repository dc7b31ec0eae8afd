package dev.trustlock.core.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A package the project really installs from outside a registry, listed under the policy's
 * {@code allowSources}: a git repository, a tarball URL, or a local path. Exactly one of
 * {@code urlPrefix} (matched against the lockfile's resolved specifier as written, e.g.
 * {@code https://github.com/me/fork/archive/}, {@code git+https://github.com/me/}, {@code file:../})
 * and {@code gitHost} (a git dependency's host, e.g. {@code github.com}) is present.
 *
 * @param index the entry's position in the file, to name it in findings
 */
public record AllowedSource(int index, NamePattern pattern, Optional<String> urlPrefix, Optional<String> gitHost,
        String reason) {

    public AllowedSource {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(urlPrefix, "urlPrefix");
        Objects.requireNonNull(gitHost, "gitHost");
        Objects.requireNonNull(reason, "reason");
        if (urlPrefix.isPresent() == gitHost.isPresent()) {
            throw new IllegalArgumentException("an allowed source needs exactly one of url and gitHost");
        }
    }

    /**
     * @param resolved the lockfile's resolved specifier, if recorded
     * @param host the git host of that specifier, if it is a git dependency
     */
    public boolean allows(String name, Optional<String> resolved, Optional<String> host) {
        if (!pattern.matches(name)) {
            return false;
        }
        if (urlPrefix.isPresent()) {
            return resolved.map(r -> r.startsWith(urlPrefix.get())).orElse(false);
        }
        return host.map(h -> h.equalsIgnoreCase(gitHost.get())).orElse(false);
    }
}
