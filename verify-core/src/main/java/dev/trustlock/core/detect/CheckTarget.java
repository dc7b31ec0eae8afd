package dev.trustlock.core.detect;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * One package version to check, with everything the rules may look at. When {@code check} is
 * present, {@code history} already carries {@code version}'s effective evidence, what the checks
 * proved (see {@link #of}); without it (a rule looked at on its own) the advertised level stands.
 *
 * @param direct the project depends on it directly (global {@code require.direct} applies)
 */
public record CheckTarget(String name, String version, PackageHistory history, Optional<ReleaseCheck> check,
        boolean direct) {

    public CheckTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(check, "check");
    }

    /** A target whose history reflects the checks' outcome, if any. */
    public static CheckTarget of(String version, PackageHistory history, Optional<ReleaseCheck> check, boolean direct) {
        PackageHistory h = check.map(c -> history.withVerification(version, c)).orElse(history);
        return new CheckTarget(history.name(), version, h, check, direct);
    }

    /** The package's verdict, if it was checked. */
    public Optional<VerificationResult> verification() {
        return check.map(ReleaseCheck::overall);
    }

    /**
     * True when the registry did not answer for this version's attestations (a timeout, a 5xx, a
     * cut body): no material was presented, so nothing can be said about its evidence either
     * way. Rules that compare evidence levels stay silent then; the package is UNVERIFIABLE and
     * the verification rule says so. Material that was presented and failed is not this case:
     * it counts as no evidence.
     */
    public boolean evidenceUndecided() {
        return verification().map(v -> v.code() == ReasonCode.REGISTRY_UNAVAILABLE).orElse(false);
    }

    public Optional<ReleaseRecord> release() {
        return history.release(version);
    }
}
