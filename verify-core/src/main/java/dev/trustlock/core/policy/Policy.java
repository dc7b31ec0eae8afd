package dev.trustlock.core.policy;

import dev.trustlock.core.history.EvidenceLevel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code trustlock.yaml}.
 *
 * @param packages        per-package expectations, in file order
 * @param requireDirect   minimum evidence for direct dependencies of the project
 * @param requireAll      minimum evidence for every package
 * @param unverifiable    severity of a finding for a package whose signatures could not be checked
 * @param exceptions      accepted risks, in file order
 * @param allowSources    packages allowed to come from outside a registry, in file order
 * @param minimumReleaseAge releases younger than this at the time of the run are errors (release-age)
 */
public record Policy(List<PackagePolicy> packages, Optional<EvidenceLevel> requireDirect,
        Optional<EvidenceLevel> requireAll, Severity unverifiable, List<Exemption> exceptions,
        List<AllowedSource> allowSources, Optional<Duration> minimumReleaseAge) {

    /** With no policy file: no expectations, and unverifiable packages are warnings. */
    public static final Policy EMPTY = new Policy(List.of(), Optional.empty(), Optional.empty(), Severity.WARNING, List.of());

    public Policy {
        packages = List.copyOf(packages);
        Objects.requireNonNull(requireDirect, "requireDirect");
        Objects.requireNonNull(requireAll, "requireAll");
        Objects.requireNonNull(unverifiable, "unverifiable");
        exceptions = List.copyOf(exceptions);
        allowSources = List.copyOf(allowSources);
        Objects.requireNonNull(minimumReleaseAge, "minimumReleaseAge");
    }

    /** A policy without a release-age cooldown. */
    public Policy(List<PackagePolicy> packages, Optional<EvidenceLevel> requireDirect,
            Optional<EvidenceLevel> requireAll, Severity unverifiable, List<Exemption> exceptions,
            List<AllowedSource> allowSources) {
        this(packages, requireDirect, requireAll, unverifiable, exceptions, allowSources, Optional.empty());
    }

    /** This policy with a release-age cooldown. */
    public Policy withMinimumReleaseAge(Duration age) {
        return new Policy(packages, requireDirect, requireAll, unverifiable, exceptions, allowSources, Optional.of(age));
    }

    /** A policy that allows no source outside a registry. */
    public Policy(List<PackagePolicy> packages, Optional<EvidenceLevel> requireDirect,
            Optional<EvidenceLevel> requireAll, Severity unverifiable, List<Exemption> exceptions) {
        this(packages, requireDirect, requireAll, unverifiable, exceptions, List.of());
    }

    /** The first allowSources entry that lets {@code name} come from {@code resolved}. */
    public Optional<AllowedSource> allowedSource(String name, Optional<String> resolved, Optional<String> gitHost) {
        return allowSources.stream().filter(a -> a.allows(name, resolved, gitHost)).findFirst();
    }

    /**
     * The entry for {@code name}: an exact name wins over globs, then the glob with the most
     * literal characters, then the earlier entry in the file. Entries are not merged, so what
     * applies to a package can be read off one entry.
     */
    public Optional<PackagePolicy> forPackage(String name) {
        PackagePolicy best = null;
        for (PackagePolicy p : packages) {
            // Strictly greater: on a tie the earlier entry stays.
            if (p.pattern().matches(name) && (best == null || p.pattern().specificity() > best.pattern().specificity())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The weakest evidence accepted for {@code name} given whether it is a direct dependency. */
    public EvidenceLevel minimumFor(String name, boolean direct) {
        EvidenceLevel min = requireAll.orElse(EvidenceLevel.NONE);
        if (direct && requireDirect.isPresent() && min.weakerThan(requireDirect.get())) {
            min = requireDirect.get();
        }
        Optional<PackagePolicy> p = forPackage(name);
        if (p.isPresent() && min.weakerThan(p.get().minimum())) {
            min = p.get().minimum();
        }
        return min;
    }
}
