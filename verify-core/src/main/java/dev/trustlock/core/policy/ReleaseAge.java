package dev.trustlock.core.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy's {@code minimumReleaseAge}, a cooldown as pnpm ({@code minimumReleaseAge}, in
 * minutes), yarn ({@code npmMinimalAgeGate}) and npm ({@code min-release-age}) have one: a whole
 * number of minutes, a number with a unit ({@code 90m}, {@code 72h}, {@code 3d}, {@code 1w}) or
 * an ISO-8601 duration ({@code P3D}, {@code PT12H}). Most malicious releases are found and
 * unpublished within hours; not installing anything younger than a few days avoids them.
 */
public final class ReleaseAge {

    /** A year: a longer cooldown is a typo (minutes meant as seconds, or a missing unit). */
    static final Duration MAXIMUM = Duration.ofDays(366);
    private static final Pattern WITH_UNIT = Pattern.compile("([0-9]{1,9})\\s*(m|min|h|d|w)");

    private ReleaseAge() {
    }

    /** The duration {@code text} names, or empty with nothing said when it is not one. */
    public static Optional<Duration> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d = null;
        if (t.matches("[0-9]{1,9}")) {
            d = Duration.ofMinutes(Long.parseLong(t));
        } else {
            Matcher m = WITH_UNIT.matcher(t);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            } else if (t.startsWith("p")) {
                try {
                    d = Duration.parse(t.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            }
        }
        return d == null || d.isNegative() || d.compareTo(MAXIMUM) > 0 ? Optional.empty() : Optional.of(d);
    }

    /** "3d", "12h", "2h39m", "1d4h": days, hours and minutes that are not zero, as reports print an age. */
    public static String format(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        StringBuilder out = new StringBuilder();
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (mins > 0 || out.length() == 0) {
            out.append(mins).append('m');
        }
        return out.toString();
    }
}
