package dev.trustlock.core.lockfile;

import java.util.Objects;
import java.util.Optional;

/**
 * One distinct package as a lockfile records it.
 *
 * @param key        real name and version (an alias {@code foo: npm:bar@1} yields name {@code bar})
 * @param source     where the contents come from
 * @param resolved   the URL or specifier the package manager fetched, when the lockfile records it
 * @param integrity  SRI string(s) ({@code sha512-... } or {@code sha1-...}), only when it is the
 *                   integrity of the npm tarball itself (never yarn berry's cache checksum)
 * @param license    SPDX expression or licence name, when the lockfile records it
 * @param aliases    names under which dependents refer to this package when they differ from the
 *                   real name (from {@code npm:} aliases); sorted
 * @param path       where the package lives for ROOT / WORKSPACE / LOCAL sources (relative to
 *                   the lockfile's directory), otherwise empty
 * @param bundled    true when the package ships inside another package's tarball
 */
public record PackageNode(
        PackageKey key,
        SourceType source,
        Optional<String> resolved,
        Optional<String> integrity,
        Optional<String> license,
        java.util.SortedSet<String> aliases,
        Optional<String> path,
        boolean bundled) {

    public PackageNode {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(license, "license");
        aliases = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(aliases));
        Objects.requireNonNull(path, "path");
    }

    public String name() {
        return key.name();
    }

    public String version() {
        return key.version();
    }

    /** A registry package with no optional facts; a starting point for readers and tests. */
    public static PackageNode registry(String name, String version) {
        return new PackageNode(PackageKey.of(name, version), SourceType.REGISTRY, Optional.empty(),
                Optional.empty(), Optional.empty(), java.util.Collections.emptySortedSet(),
                Optional.empty(), false);
    }
}
