package dev.trustlock.core.history;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a semver 2.0 version that release lines need; build metadata is ignored. */
public record Semver(long major, long minor, long patch, List<String> prerelease) implements Comparable<Semver> {

    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9]\\d{0,15})\\.(0|[1-9]\\d{0,15})\\.(0|[1-9]\\d{0,15})"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    public Semver {
        prerelease = List.copyOf(prerelease);
    }

    /**
     * Version strings in precedence order: those that parse as semver first, by precedence, then
     * the others; the text breaks ties. A total order, as sorting needs: comparing by precedence
     * where both parse and as text otherwise is not transitive (10.0.0 > 2.0.0 > "1x" > 10.0.0),
     * and List.sort may then throw on a list an attacker wrote.
     */
    public static final Comparator<String> VERSION_ORDER = (a, b) -> {
        Optional<Semver> x = parse(a);
        Optional<Semver> y = parse(b);
        if (x.isPresent() != y.isPresent()) {
            return x.isPresent() ? -1 : 1;
        }
        int c = x.isPresent() ? x.get().compareTo(y.get()) : 0;
        return c != 0 ? c : a.compareTo(b);
    };

    public static Optional<Semver> parse(String version) {
        if (version == null || version.length() > 256) {
            return Optional.empty();
        }
        Matcher m = SEMVER.matcher(version.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return Optional.of(new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), pre));
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /** Semver precedence (section 11). */
    @Override
    public int compareTo(Semver o) {
        int c = Long.compare(major, o.major);
        if (c == 0) {
            c = Long.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
        }
        for (int i = 0; i < Math.min(prerelease.size(), o.prerelease.size()); i++) {
            c = comparePart(prerelease.get(i), o.prerelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(prerelease.size(), o.prerelease.size());
    }

    private static int comparePart(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
