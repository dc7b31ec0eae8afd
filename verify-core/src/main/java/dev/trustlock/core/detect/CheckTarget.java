package dev.trustlock.core.detect;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One package version to check, with everything the rules may look at. When {@code check} is
 * present, {@code history} already carries {@code version}'s effective evidence, what the checks
 * proved, and so do the earlier releases whose attestations were verified for comparison
 * ({@code earlier}); without them (a rule looked at on its own) the advertised levels stand.
 *
 * @param direct  the project depends on it directly (global {@code require.direct} applies)
 * @param earlier attestations of earlier releases of the line, verified in this run, by version
 * @param run     the time ages are judged at and the lockfile's other packages
 */
public record CheckTarget(String name, String version, PackageHistory history, Optional<ReleaseCheck> check,
        boolean direct, Map<String, VerificationResult> earlier, RunContext run) {

    public CheckTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(check, "check");
        earlier = Map.copyOf(earlier);
        Objects.requireNonNull(run, "run");
    }

    /** A target with nothing verified but its own checks, judged now, alone. */
    public static CheckTarget of(String version, PackageHistory history, Optional<ReleaseCheck> check, boolean direct) {
        return of(version, history, check, direct, Map.of(), RunContext.alone(Instant.now()));
    }

    /** A target whose history reflects the checks' outcome and the earlier releases verified. */
    public static CheckTarget of(String version, PackageHistory history, Optional<ReleaseCheck> check, boolean direct,
            Map<String, VerificationResult> earlier, RunContext run) {
        PackageHistory h = check.map(c -> history.withVerification(version, c)).orElse(history);
        for (Map.Entry<String, VerificationResult> e : earlier.entrySet()) {
            h = h.withEarlierAttestations(e.getKey(), e.getValue());
        }
        return new CheckTarget(history.name(), version, h, check, direct, earlier, run);
    }

    /**
     * The verified identities of settled earlier releases of the line (published at least
     * {@link PackageHistory#SETTLED} before this one, so that an attacker's own earlier publish
     * is no baseline), most recently published first.
     */
    public List<Map.Entry<String, PublishIdentity>> earlierIdentities() {
        List<Map.Entry<String, PublishIdentity>> out = new ArrayList<>();
        List<ReleaseRecord> line = history.settledInLine(version);
        for (int i = line.size() - 1; i >= 0; i--) {
            VerificationResult r = earlier.get(line.get(i).version());
            if (r != null && r.verified() && r.identity().isPresent()) {
                out.add(Map.entry(line.get(i).version(), r.identity().get()));
            }
        }
        return out;
    }

    /**
     * This release's verified provenance certifies the same source and build (repository,
     * issuer, workflow, kind of ref, trigger, runner) as a verified earlier release of its line:
     * the project's own pipeline built it, whoever's account published it.
     */
    public boolean builtLikeEarlier() {
        Optional<PublishIdentity> current = verifiedIdentity();
        if (current.isEmpty()) {
            return false;
        }
        BuildIdentity now = BuildIdentity.of(current.get());
        return earlierIdentities().stream().map(e -> BuildIdentity.of(e.getValue()))
                .anyMatch(now::sameBuild);
    }

    /** The identity this release's verified provenance certifies, if it verified. */
    public Optional<PublishIdentity> verifiedIdentity() {
        return check.filter(ReleaseCheck::provenanceVerified).flatMap(c -> c.attestations().identity());
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
        return verification().map(v -> v.code().registryGaveNothing()).orElse(false);
    }

    public Optional<ReleaseRecord> release() {
        return history.release(version);
    }
}
