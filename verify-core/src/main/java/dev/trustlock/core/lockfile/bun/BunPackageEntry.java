package dev.trustlock.core.lockfile.bun;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.lockfile.Specifiers;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One value of bun.lock's {@code packages}: a tuple whose first element is
 * {@code name@resolution} and whose shape depends on the kind of resolution.
 * <pre>
 * npm        ["name@1.2.3", "registry-url-or-empty", {meta}, "sha512-..."]
 * workspace  ["name@workspace:packages/a"]
 * folder     ["name@file:vendor/x", {meta}]
 * link       ["name@link:../x", {meta}]
 * tarball    ["name@https://host/x.tgz" or "name@./x.tgz", {meta}, "sha512-..."]
 * git        ["name@git+https://host/o/r.git#sha" or "name@github:o/r#sha", {meta}, "bun-tag"]
 * </pre>
 *
 * @param installPath the key: where bun installs it ({@code foo}, {@code parent/foo}, {@code @s/p/foo})
 * @param name        real package name
 * @param spec        everything after {@code name@}
 * @param kind        which of the shapes above
 * @param meta        the object of dependencies, peers, bin... ({@code {}} when absent)
 * @param integrity   SRI of the tarball, when the tuple has one
 * @param registry    the tuple's registry URL, when not empty
 */
record BunPackageEntry(String installPath, String name, String spec, Kind kind, JsonNode meta,
                       Optional<String> integrity, Optional<String> registry) {

    enum Kind { NPM, WORKSPACE, FOLDER, LINK, TARBALL, GIT, ROOT }

    private static final Pattern SRI = Pattern.compile("^(sha1|sha256|sha384|sha512)-[A-Za-z0-9+/=]+( (sha1|sha256|sha384|sha512)-[A-Za-z0-9+/=]+)*$");

    static BunPackageEntry parse(Path file, String key, JsonNode tuple) throws LockfileException {
        if (tuple == null || !tuple.isArray() || tuple.isEmpty() || !tuple.get(0).isTextual()) {
            throw new LockfileException(file, "packages entry '" + key + "' is not a [\"name@version\", ...] array");
        }
        String[] nameAndSpec = Specifiers.splitNameAndRest(tuple.get(0).asText());
        if (nameAndSpec[0].isEmpty() || nameAndSpec[1].isEmpty()) {
            throw new LockfileException(file, "packages entry '" + key + "' does not start with name@version: '"
                    + tuple.get(0).asText() + "'");
        }
        String spec = nameAndSpec[1];
        Kind kind = kindOf(spec);
        JsonNode meta = null;
        Optional<String> integrity = Optional.empty();
        Optional<String> registry = Optional.empty();
        for (int i = 1; i < tuple.size(); i++) {
            JsonNode el = tuple.get(i);
            if (el.isObject() && meta == null) {
                meta = el;
            } else if (el.isTextual() && SRI.matcher(el.asText()).matches()) {
                integrity = Optional.of(el.asText());
            } else if (i == 1 && kind == Kind.NPM && el.isTextual() && !el.asText().isBlank()) {
                registry = Optional.of(el.asText());
            }
        }
        return new BunPackageEntry(key, nameAndSpec[0], spec, kind,
                meta == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : meta,
                integrity, registry);
    }

    private static Kind kindOf(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        if (s.startsWith("workspace:")) {
            return Kind.WORKSPACE;
        }
        if (s.startsWith("root:")) {
            return Kind.ROOT;
        }
        if (s.startsWith("link:")) {
            return Kind.LINK;
        }
        if (s.startsWith("file:")) {
            return s.endsWith(".tgz") || s.endsWith(".tar.gz") ? Kind.TARBALL : Kind.FOLDER;
        }
        if (Specifiers.sourceOf(spec) == SourceType.GIT) {
            return Kind.GIT;
        }
        if (s.startsWith("http://") || s.startsWith("https://") || s.endsWith(".tgz") || s.endsWith(".tar.gz")) {
            return Kind.TARBALL;
        }
        return Kind.NPM;
    }

    /** The last name in the install path: what dependents call it (differs from name for aliases). */
    String installedAs() {
        String[] segments = BunInstallPaths.segments(installPath);
        return segments.length == 0 ? installPath : segments[segments.length - 1];
    }

    /** The path after {@code file:}, {@code link:} or {@code workspace:}. */
    String localPath() {
        int colon = spec.indexOf(':');
        return colon >= 0 ? spec.substring(colon + 1) : spec;
    }

    /** A version from the entry alone: npm's own, the meta's, or a registry-shaped tarball's file name. */
    Optional<String> version() {
        if (kind == Kind.NPM) {
            return Optional.of(spec);
        }
        JsonNode v = meta.get("version");
        if (v != null && v.isTextual() && !v.asText().isBlank()) {
            return Optional.of(v.asText());
        }
        if (kind == Kind.TARBALL) {
            // Registries serve name@version at .../-/<name without scope>-<version>.tgz.
            String base = name.substring(name.lastIndexOf('/') + 1);
            String marker = "/-/" + base + "-";
            int at = spec.lastIndexOf(marker);
            String ext = spec.endsWith(".tgz") ? ".tgz" : spec.endsWith(".tar.gz") ? ".tar.gz" : "";
            if (at >= 0 && !ext.isEmpty() && at + marker.length() < spec.length() - ext.length()) {
                return Optional.of(spec.substring(at + marker.length(), spec.length() - ext.length()));
            }
        }
        return Optional.empty();
    }
}
