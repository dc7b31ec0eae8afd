package dev.trustlock.core.lockfile;

/**
 * How a package is needed by the project, derived from the graph's edges (never from flags a
 * lockfile may carry), so that every format reports the same answer for the same install.
 */
public enum Scope {
    /** Reachable from the project or a workspace through prod / peer edges. */
    REQUIRED,
    /** Installed for production, but every path to it passes an optional edge. */
    OPTIONAL,
    /** Reachable only through a devDependencies edge of the project or a workspace. */
    DEV
}
