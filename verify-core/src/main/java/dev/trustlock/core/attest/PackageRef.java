package dev.trustlock.core.attest;

import java.util.Objects;

/**
 * The package whose provenance is checked: npm name (scoped names as {@code @scope/name}),
 * exact version, and the SRI integrity recorded independently of the attestation (lockfile or
 * registry), e.g. {@code sha512-<base64>}. Several space-separated SRI values are allowed; the
 * sha512 one is what the in-toto subject must match.
 */
public record PackageRef(String name, String version, String integrity) {

    public PackageRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(integrity, "integrity");
    }

    /** {@code name@version}, as npm prints it. */
    public String coordinates() {
        return name + "@" + version;
    }
}
