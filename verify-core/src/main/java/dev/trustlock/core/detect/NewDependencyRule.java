package dev.trustlock.core.detect;

import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.lockfile.Specifiers;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A dependency (regular or optional) that the previous release did not declare. Projects add
 * dependencies all the time, so that alone is a note. It is a warning when the dependency is
 * what attackers add: a package first published shortly before the release by accounts that never
 * published this one (axios's {@code plain-crypto-js}, published the day before), or one whose
 * installed release runs something at install. What the lockfile installs is what is judged;
 * a dependency it does not install (an optional one for another platform) stays a note. Git,
 * URL and file dependencies are {@link ExoticDependencyRule}'s. Compared as
 * {@link NewInstallScriptRule} does.
 */
public final class NewDependencyRule extends HistoryRule {

    public static final String ID = "new-dependency";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "New dependency",
            "This version depends on a package the previous release did not. That is a note, unless the new "
                    + "package was first published shortly before this release by someone who never published this "
                    + "one, or runs something at install: then a warning, as attackers add dependencies like these "
                    + "to deliver a payload without touching the package's own code.",
            "6.0");
    /** A dependency first published this shortly before the release is young. */
    static final Duration YOUNG = Duration.ofDays(30);

    public NewDependencyRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        Optional<ReleaseRecord> previous = target.history().baseline(target.version());
        if (previous.isEmpty()) {
            return List.of();
        }
        Instant released = self.publishedAt().orElse(target.run().at());
        Set<String> ownPublishers = publishers(target.history());
        List<Finding> out = new ArrayList<>();
        self.dependencies().forEach((dep, range) -> {
            if (previous.get().dependencies().containsKey(dep) || Specifiers.ofSpecifier(range) != SourceType.REGISTRY) {
                return;
            }
            Map<String, String> evidence = new TreeMap<>();
            evidence.put("dependency", dep);
            evidence.put("range", range);
            evidence.put("previousVersion", previous.get().version());
            List<String> why = new ArrayList<>();
            Optional<PackageHistory> depHistory = target.run().history(dep);
            depHistory.flatMap(PackageHistory::firstPublished).ifPresent(first -> {
                evidence.put("dependencyFirstPublished", first.toString());
                if (first.isAfter(released.minus(YOUNG))) {
                    Set<String> shared = publishers(depHistory.get());
                    shared.retainAll(ownPublishers);
                    if (shared.isEmpty()) {
                        why.add("first published " + age(first, released) + " by " + describe(depHistory.get()));
                    } else {
                        evidence.put("sharedPublishers", String.join(", ", shared));
                    }
                }
            });
            for (ReleaseRecord locked : target.run().lockedReleases(dep)) {
                if (!locked.installVectors().isEmpty()) {
                    evidence.put("dependencyInstallVectors", dep + "@" + locked.version() + ": "
                            + String.join(", ", locked.installVectors().keySet()));
                    why.add(dep + "@" + locked.version() + " runs " + String.join(" and ", locked.installVectors().keySet())
                            + " at install");
                    break;
                }
            }
            String message = "adds dependency " + dep + "@" + range + " that " + previous.get().version() + " did not have";
            if (why.isEmpty()) {
                out.add(Findings.of(ID, Severity.NOTE, target, message, evidence));
            } else {
                evidence.put("why", String.join("; ", why));
                out.add(Findings.of(ID, Severity.WARNING, target, message + ": " + String.join("; ", why), evidence));
            }
        });
        return out;
    }

    /** Every account name that published a release of {@code history}, lower-cased. */
    static Set<String> publishers(PackageHistory history) {
        return history.releases().values().stream().map(ReleaseRecord::publisherName).flatMap(Optional::stream)
                .map(Accounts::key).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String describe(PackageHistory h) {
        Set<String> by = publishers(h);
        return by.isEmpty() ? "an unknown publisher" : String.join(", ", by);
    }

    /** "3 hours before the release", "2 days after it". */
    static String age(Instant first, Instant released) {
        Duration d = Duration.between(first, released);
        String when = d.isNegative() ? " after the release" : " before the release";
        Duration a = d.abs();
        String amount = a.toDays() >= 2 ? a.toDays() + " days" : a.toHours() >= 2 ? a.toHours() + " hours"
                : Math.max(1, a.toMinutes()) + " minutes";
        return amount + when;
    }
}
