package dev.trustlock.core.detect;

import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import java.time.Instant;
import java.util.Collections;
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
 * burst of publishes by one account).
 *
 * @param at       the time release ages are measured at
 * @param packages every package name of the lockfile the registry told about, to its history
 * @param locked   every package name to the versions the lockfile installs
 */
public record RunContext(Instant at, Map<String, PackageHistory> packages, Map<String, List<String>> locked) {

    public RunContext {
        Objects.requireNonNull(at, "at");
        packages = Collections.unmodifiableMap(new TreeMap<>(packages));
        SortedMap<String, List<String>> copy = new TreeMap<>();
        locked.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        locked = Collections.unmodifiableSortedMap(copy);
    }

    /** No other packages known: rules judge the release by its own history only. */
    public static RunContext alone(Instant at) {
        return new RunContext(at, Map.of(), Map.of());
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
}
