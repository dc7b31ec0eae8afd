package dev.trustlock.cli;

import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.verify.RunProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Progress of a verify run on stderr, never on stdout or in a report: on a terminal a live line
 * redrawn in place; with {@code --progress} plain lines for CI logs (the end of each pass, every
 * tenth of its packages at most once a second, and every 5 s while nothing moves); with
 * {@code --quiet}, nothing. A run waiting on a slow registry still shows it: a clock redraws the
 * line even when no package completes.
 */
final class ProgressReport implements RunProgress {

    enum Mode { OFF, LIVE, PLAIN }

    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
    private static final Duration PLAIN_AT_MOST = Duration.ofSeconds(1);
    private static final Duration LIVE_EVERY = Duration.ofMillis(100);
    private static final int LIVE_WIDTH = 100;

    /** ", 12.3 MB, lodash": bytes received so far and the package at work, for the lines above. */
    static String detail(long wireBytes, String current) {
        String bytes = wireBytes < 1024 * 1024 ? (wireBytes / 1024) + " kB"
                : String.format(Locale.ROOT, "%.1f MB", wireBytes / (1024.0 * 1024.0));
        return ", " + bytes + (current.isEmpty() ? "" : ", " + PlainText.oneLine(current));
    }

    private final PrintWriter err;
    private final Mode mode;
    private final Clock clock;
    private final Instant start;
    /** What else is worth a glance: bytes transferred, the package at work (", 3.1 MB, lodash"). */
    private final Supplier<String> detail;
    /** What the checking pass counts: "packages", or "releases" for explain (fetching counts packages). */
    private final String checkedUnit;
    private ScheduledExecutorService ticker;

    private Stage stage;
    private int done;
    private int total;
    private Instant lastLine;
    private Stage lastStage;
    private int lastTenth;
    private boolean finished;

    ProgressReport(PrintWriter err, Mode mode, Clock clock, Supplier<String> detail) {
        this(err, mode, clock, detail, "packages");
    }

    ProgressReport(PrintWriter err, Mode mode, Clock clock, Supplier<String> detail, String checkedUnit) {
        this.err = err;
        this.mode = mode;
        this.clock = clock;
        this.detail = detail;
        this.checkedUnit = checkedUnit;
        this.start = clock.instant();
        this.lastLine = start;
    }

    /** --quiet wins; --progress forces plain lines; else live on a terminal for runs worth watching. */
    static Mode mode(boolean quiet, boolean plain, boolean terminal, int packages) {
        if (quiet) {
            return Mode.OFF;
        }
        if (plain) {
            return Mode.PLAIN;
        }
        return terminal && packages > 20 ? Mode.LIVE : Mode.OFF;
    }

    /**
     * Whether stderr, where the live line goes, is a terminal. Java 17 can only ask whether stdin
     * and stdout are ({@link System#console()}), which is false for {@code trustlock verify | jq}
     * although a person is watching stderr; Linux says it of stderr itself.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Redraws every second from now on, so that a run waiting on the network still shows its clock. */
    ProgressReport start() {
        if (mode != Mode.OFF) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trustlock-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    @Override
    public synchronized void update(Stage stage, int done, int total) {
        if (finished) {
            return; // a worker counting itself late must not draw over the report written since
        }
        // Counts arrive from worker threads, so out of order: a late count of the first pass, or
        // a smaller one than already shown, would only make the line jump back.
        boolean later = this.stage == null || stage.compareTo(this.stage) > 0;
        if (later || stage == this.stage && done > this.done) {
            this.stage = stage;
            this.done = done;
            this.total = total;
            show(false);
        }
    }

    /** The clock moved and nothing else did: redraw the live line, or write a plain line every 5 s. */
    synchronized void tick() {
        if (stage != null && !finished) {
            show(true);
        }
    }

    private void show(boolean clockOnly) {
        Instant now = clock.instant();
        long seconds = Duration.between(start, now).toSeconds();
        switch (mode) {
            case LIVE -> {
                // A terminal redrawn a thousand times a second shows no more than ten times.
                boolean due = clockOnly || stage != lastStage || done == total
                        || Duration.between(lastLine, now).compareTo(LIVE_EVERY) >= 0;
                if (!due) {
                    return;
                }
                lastStage = stage;
                lastLine = now;
                int width = 30;
                int filled = total == 0 ? width : (int) ((long) done * width / total);
                String line = verb(true) + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                        + " " + seconds + "s" + detail.get();
                // Clipped and padded so a shorter line fully covers the previous one.
                line = line.length() > LIVE_WIDTH ? line.substring(0, LIVE_WIDTH) : line;
                err.print("\r" + line + " ".repeat(LIVE_WIDTH - line.length()));
                err.flush();
            }
            case PLAIN -> {
                // A pass's end is always a line; a tenth more of it is one at most once a second,
                // so a run that takes no time writes two lines, not twenty.
                int tenth = total == 0 ? 10 : (int) ((long) done * 10 / total);
                boolean newTenth = stage != lastStage ? done > 0 : tenth > lastTenth;
                boolean moved = !clockOnly && (done == total
                        || newTenth && Duration.between(lastLine, now).compareTo(PLAIN_AT_MOST) >= 0);
                if (moved || Duration.between(lastLine, now).compareTo(PLAIN_EVERY) >= 0) {
                    lastStage = stage;
                    lastTenth = tenth;
                    lastLine = now;
                    String unit = stage == Stage.CHECKING ? checkedUnit : "packages";
                    err.println("trustlock: " + verb(false) + " " + done + " of " + total + " " + unit + " (" + seconds + " s"
                            + detail.get() + ")");
                    err.flush();
                }
            }
            case OFF -> {
            }
        }
    }

    /** "fetching" / "checking" for the live line, "fetched" / "checked" for a plain line's count. */
    private String verb(boolean live) {
        return switch (stage) {
            case FETCHING -> live ? "fetching" : "fetched";
            case CHECKING -> live ? "checking" : "checked";
        };
    }

    /** Stops the clock and takes the live line away before the report or summary is written. */
    synchronized void done() {
        finished = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (mode == Mode.LIVE && stage != null) {
            err.print("\r" + " ".repeat(LIVE_WIDTH) + "\r");
            err.flush();
        }
    }
}
