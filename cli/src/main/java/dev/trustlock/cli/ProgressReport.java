package dev.trustlock.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a verify run on stderr, never on stdout or in a report: on a terminal a live line
 * redrawn in place; with {@code --progress} plain lines for CI logs (every tenth of the packages,
 * and at least every 5 s of a slow run); with {@code --quiet}, nothing.
 */
final class ProgressReport {

    enum Mode { OFF, LIVE, PLAIN }

    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
    private static final int LIVE_WIDTH = 100;

    /** ", 12.3 MB, lodash": bytes received so far and the package at work, for the lines above. */
    static String detail(long wireBytes, String current) {
        String bytes = wireBytes < 1024 * 1024 ? (wireBytes / 1024) + " kB"
                : String.format(java.util.Locale.ROOT, "%.1f MB", wireBytes / (1024.0 * 1024.0));
        return ", " + bytes + (current.isEmpty() ? "" : ", " + current);
    }

    private final PrintWriter err;
    private final Mode mode;
    private final int total;
    private final Clock clock;
    private final Instant start;
    private Instant lastLine;
    private int lastTenth;
    /** What else is worth a glance: bytes transferred, the package at work (", 3.1 MB, lodash"). */
    private final java.util.function.Supplier<String> detail;

    ProgressReport(PrintWriter err, Mode mode, int total, Clock clock) {
        this(err, mode, total, clock, () -> "");
    }

    ProgressReport(PrintWriter err, Mode mode, int total, Clock clock, java.util.function.Supplier<String> detail) {
        this.detail = detail;
        this.err = err;
        this.mode = total > 0 ? mode : Mode.OFF;
        this.total = total;
        this.clock = clock;
        this.start = clock.instant();
        this.lastLine = start;
    }

    /** --quiet wins; --progress forces plain lines; else live on a terminal for runs worth watching. */
    static Mode mode(boolean quiet, boolean plain, boolean terminal, int names) {
        if (quiet) {
            return Mode.OFF;
        }
        if (plain) {
            return Mode.PLAIN;
        }
        return terminal && names > 20 ? Mode.LIVE : Mode.OFF;
    }

    synchronized void update(int done) {
        Instant now = clock.instant();
        long seconds = Duration.between(start, now).toSeconds();
        switch (mode) {
            case LIVE -> {
                int width = 30;
                int filled = (int) ((long) done * width / total);
                String line = "verifying [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                        + " " + seconds + "s" + detail.get();
                // Clipped and padded so a shorter line fully covers the previous one.
                line = line.length() > LIVE_WIDTH ? line.substring(0, LIVE_WIDTH) : line;
                err.print("\r" + line + " ".repeat(LIVE_WIDTH - line.length()));
                err.flush();
            }
            case PLAIN -> {
                int tenth = (int) ((long) done * 10 / total);
                if (tenth > lastTenth || Duration.between(lastLine, now).compareTo(PLAIN_EVERY) >= 0 || done == total) {
                    lastTenth = tenth;
                    lastLine = now;
                    err.println("trustlock: verified " + done + " of " + total + " packages (" + seconds + " s"
                            + detail.get() + ")");
                    err.flush();
                }
            }
            case OFF -> {
            }
        }
    }

    void done() {
        if (mode == Mode.LIVE) {
            err.print("\r" + " ".repeat(LIVE_WIDTH) + "\r");
            err.flush();
        }
    }
}
