package dev.trustlock.core.attest;

/**
 * Whether a registry signs what it serves, as its {@code /-/npm/v1/keys} endpoint says. Only
 * decides what a version WITHOUT signatures means; which keys are trusted always comes from the
 * trust material, never from the registry.
 */
public enum RegistrySigning {
    /** It lists signing keys: every version it serves must carry a valid signature (as npm audit signatures holds). */
    SIGNS,
    /** It lists none (a 404 or an empty list): unsigned versions are no evidence, and no forgery either. */
    UNSIGNED,
    /** It could not be asked: an unsigned version cannot be judged. */
    UNKNOWN
}
