package dev.trustlock.core.lockfile.yarn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The root package.json {@code resolutions} field as yarn berry applies it: the lockfile keeps
 * each dependency's descriptor as declared, but the entry it resolved to is keyed by the
 * overriding descriptor. Supports {@code name}, {@code name@range}, {@code parent/name} and
 * {@code parent@range/name} patterns (and yarn 1's {@code ** /name}, read as {@code name}).
 */
final class BerryResolutions {

    private record Rule(Optional<String> parent, String name, Optional<String> range, String replacement) {
        /** Higher wins: a rule scoped to a parent and a range is the most specific. */
        int specificity() {
            return (parent.isPresent() ? 2 : 0) + (range.isPresent() ? 1 : 0);
        }
    }

    private final List<Rule> rules;

    private BerryResolutions(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static BerryResolutions none() {
        return new BerryResolutions(List.of());
    }

    static BerryResolutions of(Map<String, String> resolutions) {
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, String> e : resolutions.entrySet()) {
            String pattern = e.getKey().trim();
            while (pattern.startsWith("**/")) {
                pattern = pattern.substring(3);
            }
            int skip = pattern.startsWith("@") ? pattern.indexOf('/') + 1 : 0;
            int slash = skip > 0 || !pattern.startsWith("@") ? pattern.indexOf('/', skip) : -1;
            Optional<String> parent = Optional.empty();
            String target = pattern;
            if (slash > 0) {
                parent = Optional.of(YarnDescriptor.parse(pattern.substring(0, slash)).name());
                target = pattern.substring(slash + 1);
            }
            YarnDescriptor d = YarnDescriptor.parse(target);
            Optional<String> range = d.range().isEmpty() ? Optional.empty() : Optional.of(YarnDescriptor.berryRange(d.range()));
            rules.add(new Rule(parent, d.name(), range, YarnDescriptor.berryRange(e.getValue().trim())));
        }
        return new BerryResolutions(rules);
    }

    /**
     * The range yarn used instead of {@code range} for dependency {@code name} of a package
     * known by {@code parentNames}, or empty when no resolution applies.
     */
    Optional<String> override(Set<String> parentNames, String name, String range) {
        String normalised = YarnDescriptor.berryRange(range);
        Rule best = null;
        for (Rule r : rules) {
            if (!r.name().equals(name)) {
                continue;
            }
            if (r.range().isPresent() && !r.range().get().equals(normalised)) {
                continue;
            }
            if (r.parent().isPresent() && !parentNames.contains(r.parent().get())) {
                continue;
            }
            if (best == null || r.specificity() > best.specificity()) {
                best = r;
            }
        }
        return Optional.ofNullable(best).map(Rule::replacement);
    }
}
