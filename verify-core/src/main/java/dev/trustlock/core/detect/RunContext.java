package dev.trustlock.core.detect;

import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the rules may know beyond the release they look at: the moment the run judges ages at
 * (the snapshot's recorded time, {@code --at}, or now), and the other packages the lockfile
 * installs, with their histories, for signals that span packages (a young new dependency, a
 * burst of publishes by one account, an account's e-mails across packages).
 */
public final class RunContext {

    private final Instant at;
    private final SortedMap<String, PackageHistory> packages;
    private final SortedMap<String, List<String>> locked;
    /** Account name (lower case) to e-mail (lower case) to the first time it published with it, any package. */
    private final Map<String, Map<String, Instant>> accounts = new HashMap<>();

    /**
     * @param at       the time release ages are measured at
     * @param packages every package name of the lockfile the registry told about, to its history
     * @param locked   every package name to the versions the lockfile installs
     */
    public RunContext(Instant at, Map<String, PackageHistory> packages, Map<String, List<String>> locked) {
        this.at = Objects.requireNonNull(at, "at");
        this.packages = Collections.unmodifiableSortedMap(new TreeMap<>(packages));
        SortedMap<String, List<String>> copy = new TreeMap<>();
        locked.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.locked = Collections.unmodifiableSortedMap(copy);
        for (PackageHistory h : this.packages.values()) {
            for (ReleaseRecord r : h.releases().values()) {
                if (r.publisherName().isPresent() && r.publishedAt().isPresent()) {
                    accounts.computeIfAbsent(Accounts.key(r.publisherName().get()), k -> new HashMap<>())
                            .merge(r.publisherEmail().map(Accounts::key).orElse(""), r.publishedAt().get(),
                                    (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
    }

    /** No other packages known: rules judge the release by its own history only. */
    public static RunContext alone(Instant at) {
        return new RunContext(at, Map.of(), Map.of());
    }

    public Instant at() {
        return at;
    }

    public SortedMap<String, PackageHistory> packages() {
        return packages;
    }

    public SortedMap<String, List<String>> locked() {
        return locked;
    }

    public Optional<PackageHistory> history(String name) {
        return Optional.ofNullable(packages.get(name));
    }

    /** The releases of {@code name} the lockfile installs, as the registry records them. */
    public List<ReleaseRecord> lockedReleases(String name) {
        PackageHistory h = packages.get(name);
        if (h == null) {
            return List.of();
        }
        return locked.getOrDefault(name, List.of()).stream().map(h::release).flatMap(Optional::stream).toList();
    }

    /**
     * The account published another package of this lockfile before {@code t}, or within the
     * hour after it: a maintainer's release train across a monorepo's packages counts, in
     * whatever order the registry received them.
     */
    public boolean publishesOtherPackages(String account, String besides, Instant t) {
        Instant until = t.plus(Duration.ofHours(1));
        for (Map.Entry<String, PackageHistory> e : packages.entrySet()) {
            if (e.getKey().equals(besides)) {
                continue;
            }
            for (ReleaseRecord r : e.getValue().releases().values()) {
                if (r.publisherName().map(n -> Accounts.key(n).equals(Accounts.key(account))).orElse(false)
                        && r.publishedAt().map(p -> p.isBefore(until)).orElse(false)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The account published some package of this lockfile from {@code email} before {@code t}. */
    public boolean usedEmailBefore(String account, String email, Instant t) {
        Instant first = accounts.getOrDefault(Accounts.key(account), Map.of()).get(Accounts.key(email));
        return first != null && first.isBefore(t);
    }

}
