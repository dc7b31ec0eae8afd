package dev.trustlock.core.lockfile;

/** Why one package depends on another, as declared in its manifest. */
public enum DependencyKind {
    PROD,
    DEV,
    OPTIONAL,
    PEER
}
