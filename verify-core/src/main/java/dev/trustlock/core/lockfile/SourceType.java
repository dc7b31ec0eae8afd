package dev.trustlock.core.lockfile;

/** Where a package's contents come from; decides how its purl is qualified. */
public enum SourceType {
    /** The project itself (the lockfile's root package.json). */
    ROOT,
    /** A workspace member of the project, linked rather than downloaded. */
    WORKSPACE,
    /** A tarball from an npm-compatible registry. */
    REGISTRY,
    /** A git repository (git+https, github:, ...). */
    GIT,
    /** A tarball at a URL outside any registry. */
    REMOTE_TARBALL,
    /** A directory or tarball on the local disk (file:, link:, portal:). */
    LOCAL
}
