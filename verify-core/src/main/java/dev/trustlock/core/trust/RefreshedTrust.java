package dev.trustlock.core.trust;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of a successful TUF refresh: the parsed trust material, the two verified targets
 * it was built from, and the versions of the signed metadata that vouched for them.
 * {@code expires} is the earliest expiry among the root, timestamp, snapshot and targets
 * metadata: after it, this material is no longer vouched for by the repository.
 */
public record RefreshedTrust(TrustMaterial material, URI mirror, TufTarget trustedRoot, TufTarget npmKeys,
        int rootVersion, int targetsVersion, int snapshotVersion, int timestampVersion, Instant expires) {

    public RefreshedTrust {
        Objects.requireNonNull(material, "material");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(trustedRoot, "trustedRoot");
        Objects.requireNonNull(npmKeys, "npmKeys");
        Objects.requireNonNull(expires, "expires");
    }
}
