package dev.trustlock.core.detect;

import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Many publishes within minutes: several versions of this package, or several packages of the
 * lockfile by this release's publisher. Worms and stolen CI credentials publish like this
 * (Shai-Hulud republished every package its stolen tokens could reach; the TanStack compromise
 * pushed two versions of each of 42 packages within minutes). So do monorepo releases and quick
 * fix-ups, so a burst is never more than a note: it is supporting evidence for
 * {@link CorrelatedSignals}. A trusted publisher is one account for every project, so the
 * cross-package count is by human publisher only.
 */
public final class PublishBurstRule extends HistoryRule {

    public static final String ID = "publish-burst";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.NOTE, "Many publishes within minutes",
            "Several versions of this package, or several packages of this lockfile by the same publisher, were "
                    + "published within minutes of this one. Monorepo releases look like this; so do worms and "
                    + "stolen CI credentials. Alone it is a note; with other signals it raises a correlated finding.",
            "3.0");
    static final Duration VERSIONS_WINDOW = Duration.ofMinutes(10);
    static final int VERSIONS = 2;
    static final Duration PACKAGES_WINDOW = Duration.ofMinutes(30);
    static final int PACKAGES = 5;

    public PublishBurstRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        if (self.publishedAt().isEmpty()) {
            return List.of();
        }
        Instant t = self.publishedAt().get();
        TreeSet<String> versions = new TreeSet<>();
        for (ReleaseRecord r : target.history().releases().values()) {
            if (within(r.publishedAt(), t, VERSIONS_WINDOW)) {
                versions.add(r.version());
            }
        }
        TreeSet<String> packages = new TreeSet<>();
        Optional<String> publisher = self.trustedPublisher() ? Optional.empty() : self.publisherName().map(Accounts::key);
        if (publisher.isPresent()) {
            for (String name : target.run().locked().keySet()) {
                for (ReleaseRecord r : target.run().lockedReleases(name)) {
                    if (r.publisherName().map(Accounts::key).equals(publisher) && !r.trustedPublisher()
                            && within(r.publishedAt(), t, PACKAGES_WINDOW)) {
                        packages.add(name);
                    }
                }
            }
        }
        boolean manyVersions = versions.size() >= VERSIONS;
        boolean manyPackages = packages.size() >= PACKAGES;
        if (!manyVersions && !manyPackages) {
            return List.of();
        }
        Map<String, String> evidence = new TreeMap<>();
        List<String> what = new ArrayList<>();
        if (manyVersions) {
            evidence.put("versions", String.join(", ", versions));
            what.add(versions.size() + " versions of " + target.name() + " within " + VERSIONS_WINDOW.toMinutes()
                    + " minutes (" + String.join(", ", versions) + ")");
        }
        if (manyPackages) {
            evidence.put("publisher", self.publisherName().get());
            evidence.put("packages", String.join(", ", packages));
            what.add(packages.size() + " packages of this lockfile published by " + self.publisherName().get()
                    + " within " + PACKAGES_WINDOW.toMinutes() + " minutes");
        }
        return List.of(Findings.of(ID, Severity.NOTE, target, String.join("; ", what), evidence));
    }

    private static boolean within(Optional<Instant> when, Instant t, Duration window) {
        return when.isPresent() && Duration.between(when.get(), t).abs().compareTo(window) <= 0;
    }

}
