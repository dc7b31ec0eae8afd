package dev.trustlock.core.lockfile.pnpm;

import dev.trustlock.core.lockfile.Specifiers;
import java.util.Optional;

/**
 * pnpm's "dependency paths": the keys of {@code packages} / {@code snapshots} and the
 * references that point at them. Mirrors pnpm's own {@code refToRelative} for each lockfile
 * generation so that a reference finds the same entry pnpm would install.
 */
final class PnpmDepPaths {

    private PnpmDepPaths() {
    }

    /**
     * What a key says about its package.
     *
     * @param name         real package name
     * @param version      version with any peer suffix removed; for non-registry keys the raw
     *                     specifier (to be replaced by the entry's own {@code version} when it has one)
     * @param semver       true when {@code version} is a registry version rather than a specifier
     */
    record Parsed(String name, String version, boolean semver) {
    }

    /** Parses a packages/snapshots key; empty when the key names no package (5.x/6.x non-registry keys). */
    static Optional<Parsed> parse(String key, PnpmLockfileVersion v) {
        if (v.slashVersions()) {
            return parseSlash(key);
        }
        String k = key.startsWith("/") ? key.substring(1) : key;
        if (!v.snapshotsFormat() && !key.startsWith("/")) {
            // 6.x writes non-registry packages as github.com/..., file:..., @host/...: the entry has name/version.
            return Optional.empty();
        }
        String[] nameAndRest = Specifiers.splitNameAndRest(k);
        String name = nameAndRest[0];
        String rest = stripPeers(nameAndRest[1]);
        if (name.isEmpty() || rest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(name, rest, looksLikeVersion(rest)));
    }

    /** 5.x: {@code /name/1.0.0}, {@code /@scope/name/1.0.0_peer@1.0.0}. */
    private static Optional<Parsed> parseSlash(String key) {
        if (!key.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = key.substring(1).split("/", -1);
        int nameParts = parts[0].startsWith("@") ? 2 : 1;
        if (parts.length != nameParts + 1) {
            return Optional.empty();
        }
        String name = nameParts == 2 ? parts[0] + "/" + parts[1] : parts[0];
        String version = stripPeers(parts[nameParts]);
        if (name.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(name, version, looksLikeVersion(version)));
    }

    /**
     * Removes the peer suffix: {@code (peer@1)(other@2)} (6.x, 9.x) or {@code _peer@1} / a
     * {@code _hash} (5.x, long 6.x suffixes). Safe on versions because semver has no '_' or '('.
     */
    static String stripPeers(String version) {
        int cut = version.length();
        int paren = version.indexOf('(');
        if (paren >= 0) {
            cut = paren;
        }
        if (looksLikeVersion(version.substring(0, cut))) {
            int underscore = version.indexOf('_');
            if (underscore >= 0 && underscore < cut) {
                cut = underscore;
            }
        }
        return version.substring(0, cut);
    }

    /** A registry version rather than a URL/path specifier (which always has ':' or '/'). */
    static boolean looksLikeVersion(String s) {
        return !s.isEmpty() && Character.isDigit(s.charAt(0)) && s.indexOf(':') < 0 && s.indexOf('/') < 0;
    }

    /** The packages key a 9.x snapshot key shares its metadata with: the key without peers. */
    static String snapshotBase(String key) {
        int paren = key.indexOf('(');
        return paren >= 0 ? key.substring(0, paren) : key;
    }

    /**
     * The packages/snapshots key a dependency reference points at, or empty for {@code link:}
     * references (those point at a directory, usually another importer).
     */
    static Optional<String> keyOfReference(String depName, String ref, PnpmLockfileVersion v) {
        if (ref.startsWith("link:")) {
            return Optional.empty();
        }
        if (v.snapshotsFormat()) {
            if (ref.startsWith("@")) {
                return Optional.of(ref); // alias to a scoped package: @scope/real@1.0.0
            }
            int at = ref.indexOf('@');
            if (at < 0) {
                return Optional.of(depName + "@" + ref);
            }
            int colon = ref.indexOf(':');
            int paren = ref.indexOf('(');
            boolean alias = (colon < 0 || at < colon) && (paren < 0 || at < paren);
            return Optional.of(alias ? ref : depName + "@" + ref);
        }
        if (ref.startsWith("file:") || ref.startsWith("/")) {
            return Optional.of(ref);
        }
        int paren = ref.indexOf('(');
        String head = paren >= 0 ? ref.substring(0, paren) : ref;
        if (head.contains("/")) {
            return Optional.of(ref); // non-registry key such as github.com/owner/repo/sha
        }
        return Optional.of("/" + depName + (v.slashVersions() ? "/" : "@") + ref);
    }
}
