package dev.trustlock.core.detect;

import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.ReleaseAge;
import dev.trustlock.core.policy.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How old the release was when the run judged it: at the snapshot's recorded time when verifying
 * from a snapshot, else now ({@code --at} overrides). Malicious releases are usually found and
 * unpublished within hours (axios 1.14.1 lived three), so a cooldown avoids most of them: with a
 * policy {@code minimumReleaseAge}, a younger release is an error (as pnpm's and npm's cooldowns
 * refuse it); without one, a release under a day old is a note and supporting evidence in
 * {@link CorrelatedSignals}. The publish time is the later of the registry's {@code time} entry
 * and the transparency log's signed time of verified provenance, so neither a mirror that
 * backdates {@code time} nor a missing entry makes a release look older than it is; with a
 * cooldown and no time at all, the age is unknown and that is an error too.
 */
public final class ReleaseAgeRule extends HistoryRule {

    public static final String ID = "release-age";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.NOTE, "Release younger than the cooldown",
            "This version was published shortly before the run: under the policy's minimumReleaseAge (an error), "
                    + "or with no policy under a day (a note). Most malicious releases are found and unpublished "
                    + "within hours; waiting a few days before installing a new release avoids them.",
            "5.0");
    /** Without a policy, younger than this is shown. */
    static final Duration YOUNG = Duration.ofDays(1);

    public ReleaseAgeRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        Optional<Duration> cooldown = policy.minimumReleaseAge();
        Instant at = target.run().at();
        Optional<Instant> published = publishedAt(target, self);
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("at", at.toString());
        cooldown.ifPresent(c -> evidence.put("minimumReleaseAge", ReleaseAge.format(c)));
        if (published.isEmpty()) {
            String why = target.history().timesDisbelieved()
                    .map(c -> "the registry's publish times for " + target.name() + " are not believed (" + c + "), and "
                            + target.version() + " has no verified provenance to date it")
                    .orElse("the registry records no publish time for " + target.version());
            return cooldown.isEmpty() ? List.of() : List.of(Findings.of(ID, Severity.ERROR, target,
                    why + ", so its age cannot be checked against minimumReleaseAge " + ReleaseAge.format(cooldown.get()),
                    evidence));
        }
        Duration age = Duration.between(published.get(), at);
        if (age.isNegative()) {
            age = Duration.ZERO; // published after the time judged at: it did not exist yet, as young as can be
        }
        evidence.put("published", published.get().toString());
        evidence.put("age", ReleaseAge.format(age));
        if (cooldown.isPresent() && age.compareTo(cooldown.get()) < 0) {
            return List.of(Findings.of(ID, Severity.ERROR, target,
                    "published " + ReleaseAge.format(age) + " before " + at + ", under the policy's minimumReleaseAge "
                            + ReleaseAge.format(cooldown.get()),
                    evidence));
        }
        if (cooldown.isEmpty() && age.compareTo(YOUNG) < 0) {
            return List.of(Findings.of(ID, Severity.NOTE, target,
                    "published " + ReleaseAge.format(age) + " before " + at + ", less than a day", evidence));
        }
        return List.of();
    }

    /** The later of the registry's time and the log's signed time of verified provenance. */
    static Optional<Instant> publishedAt(CheckTarget target, ReleaseRecord self) {
        Optional<Instant> logged = target.verification().filter(VerificationResult::verified)
                .flatMap(VerificationResult::loggedAt);
        if (self.publishedAt().isPresent() && logged.isPresent()) {
            return Optional.of(self.publishedAt().get().isAfter(logged.get()) ? self.publishedAt().get() : logged.get());
        }
        return self.publishedAt().or(() -> logged);
    }
}
