package dev.trustlock.core.policy;

import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * One package version to check, with everything the rules may look at. {@code history}
 * already carries the verified evidence level of {@code version} when {@code verification} is
 * present (see {@link #of}).
 *
 * @param direct the project depends on it directly (global {@code require.direct} applies)
 */
public record CheckTarget(String name, String version, PackageHistory history,
        Optional<VerificationResult> verification, boolean direct) {

    public CheckTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(verification, "verification");
    }

    /** A target whose history reflects the verification result, if any. */
    public static CheckTarget of(String version, PackageHistory history, Optional<VerificationResult> verification,
            boolean direct) {
        PackageHistory h = verification.map(v -> history.withVerification(version, v)).orElse(history);
        return new CheckTarget(history.name(), version, h, verification, direct);
    }

    public Optional<ReleaseRecord> release() {
        return history.release(version);
    }
}
