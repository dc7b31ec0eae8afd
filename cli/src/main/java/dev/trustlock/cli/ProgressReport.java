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

    private final PrintWriter err;
    private final Mode mode;
    private final int total;
    private final Clock clock;
    private final Instant start;
    private Instant lastLine;
    private int lastTenth;

    ProgressReport(PrintWriter err, Mode mode, int total, Clock clock) {
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
                err.print("\rverifying [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                        + " " + seconds + "s");
                err.flush();
            }
            case PLAIN -> {
                int tenth = (int) ((long) done * 10 / total);
                if (tenth > lastTenth || Duration.between(lastLine, now).compareTo(PLAIN_EVERY) >= 0 || done == total) {
                    lastTenth = tenth;
                    lastLine = now;
                    err.println("trustlock: verified " + done + " of " + total + " packages (" + seconds + " s)");
                    err.flush();
                }
            }
            case OFF -> {
            }
        }
    }

    void done() {
        if (mode == Mode.LIVE) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
    }
}
