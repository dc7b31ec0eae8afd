package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.verify.RunProgress.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress goes to stderr only: live on a terminal, plain lines with --progress, nothing with --quiet. */
class ProgressReportTest {

    @TempDir
    Path tmp;

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private static final Stage FETCHING = Stage.FETCHING;
    private static final Stage CHECKING = Stage.CHECKING;

    @Test
    void plainLinesComeEveryTenthOfEachPassAtMostOnceASecond() {
        StringWriter out = new StringWriter();
        Manual clock = new Manual();
        ProgressReport p = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.PLAIN, clock, () -> "");
        p.update(FETCHING, 0, 100);
        for (int i = 1; i <= 25; i++) {
            p.update(FETCHING, i, 100);
        }
        assertEquals("", out.toString(), "three tenths within the first second are no line");
        clock.now.set(clock.now.get().plus(Duration.ofMillis(1500)));
        p.update(FETCHING, 26, 100);
        p.update(FETCHING, 30, 100);
        p.update(FETCHING, 40, 100);
        assertEquals(lines("trustlock: fetched 26 of 100 packages (1 s)"), out.toString(),
                "a second on, a line; the next tenths within that second, none");
        clock.now.set(clock.now.get().plus(Duration.ofSeconds(1)));
        p.update(FETCHING, 41, 100);
        p.update(FETCHING, 50, 100);
        p.update(FETCHING, 100, 100);
        p.update(CHECKING, 0, 100);
        p.update(CHECKING, 3, 100);
        p.update(CHECKING, 2, 100);
        p.update(FETCHING, 99, 100);
        p.update(CHECKING, 100, 100);
        assertEquals(lines("trustlock: fetched 26 of 100 packages (1 s)", "trustlock: fetched 41 of 100 packages (2 s)",
                "trustlock: fetched 100 of 100 packages (2 s)", "trustlock: checked 100 of 100 packages (2 s)"),
                out.toString(), "each pass's end is a line however soon; late or smaller counts are none");
    }

    @Test
    void aFastRunWritesOneLinePerPass() {
        StringWriter out = new StringWriter();
        ProgressReport p = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.PLAIN, new Manual(), () -> "");
        for (Stage stage : Stage.values()) {
            for (int i = 0; i <= 12; i++) {
                p.update(stage, i, 12);
            }
        }
        assertEquals(lines("trustlock: fetched 12 of 12 packages (0 s)", "trustlock: checked 12 of 12 packages (0 s)"),
                out.toString());
    }

    @Test
    void aRunWaitingOnTheNetworkStillWritesALineEveryFiveSeconds() {
        StringWriter out = new StringWriter();
        Manual clock = new Manual();
        ProgressReport p = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.PLAIN, clock,
                () -> ProgressReport.detail(0, ""));
        p.tick();
        assertEquals("", out.toString(), "before the run has said anything, nothing to say");
        p.update(FETCHING, 0, 150);
        for (int s = 1; s <= 11; s++) {
            clock.now.set(clock.now.get().plus(Duration.ofSeconds(1)));
            p.tick();
        }
        assertEquals(lines("trustlock: fetched 0 of 150 packages (5 s, 0 kB)", "trustlock: fetched 0 of 150 packages (10 s, 0 kB)"),
                out.toString());
    }

    @Test
    void theLiveLineIsRedrawnByTheClockAndTakenAwayAtTheEnd() {
        StringWriter out = new StringWriter();
        Manual clock = new Manual();
        ProgressReport p = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.LIVE, clock, () -> "");
        p.update(FETCHING, 0, 40);
        p.update(FETCHING, 1, 40); // within a tenth of a second of the last frame: not drawn
        clock.now.set(clock.now.get().plus(Duration.ofSeconds(3)));
        p.tick();
        p.update(CHECKING, 20, 40);
        p.done();
        String[] frames = out.toString().split("\r");
        assertTrue(frames[1].startsWith("fetching [" + " ".repeat(30) + "] 0/40 0s"), frames[1]);
        assertTrue(frames[2].startsWith("fetching [" + " ".repeat(30) + "] 1/40 3s"), frames[2]);
        assertTrue(frames[3].startsWith("checking [" + "#".repeat(15) + " ".repeat(15) + "] 20/40 3s"), frames[3]);
        assertEquals(" ".repeat(100), frames[4], "the last frame blanks the line");
        assertTrue(frames.length == 5 || frames[5].isEmpty(), out.toString());
    }

    @Test
    void aCountArrivingAfterTheEndDrawsNothing() {
        for (ProgressReport.Mode mode : List.of(ProgressReport.Mode.LIVE, ProgressReport.Mode.PLAIN)) {
            StringWriter out = new StringWriter();
            Manual clock = new Manual();
            ProgressReport p = new ProgressReport(new PrintWriter(out, true), mode, clock, () -> "");
            p.update(CHECKING, 1, 2);
            p.done();
            String atEnd = out.toString();
            clock.now.set(clock.now.get().plus(Duration.ofSeconds(10)));
            p.update(CHECKING, 2, 2); // an interrupted worker's last count
            p.tick();
            assertEquals(atEnd, out.toString(), mode.name());
        }
    }

    @Test
    void linesSayTheBytesAndThePackageAtWork() {
        assertEquals(", 0 kB", ProgressReport.detail(0, ""));
        assertEquals(", 12 kB, lodash", ProgressReport.detail(12 * 1024 + 5, "lodash"));
        assertEquals(", 3.5 MB, @babel/core", ProgressReport.detail(3_670_016, "@babel/core"));
        StringWriter out = new StringWriter();
        ProgressReport p = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.PLAIN, new Manual(),
                () -> ProgressReport.detail(2048, "axios"));
        p.update(CHECKING, 10, 10);
        assertEquals(lines("trustlock: checked 10 of 10 packages (0 s, 2 kB, axios)"), out.toString());
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void quietWinsAndATerminalGetsALiveLineOnlyForLongRuns() {
        assertEquals(ProgressReport.Mode.OFF, ProgressReport.mode(true, true, true, 500));
        assertEquals(ProgressReport.Mode.PLAIN, ProgressReport.mode(false, true, false, 3));
        assertEquals(ProgressReport.Mode.LIVE, ProgressReport.mode(false, false, true, 21));
        assertEquals(ProgressReport.Mode.OFF, ProgressReport.mode(false, false, true, 20));
        assertEquals(ProgressReport.Mode.OFF, ProgressReport.mode(false, false, false, 500));
        StringWriter out = new StringWriter();
        ProgressReport off = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.OFF, Clock.systemUTC(),
                () -> "").start();
        off.update(FETCHING, 5, 10);
        off.tick();
        off.done();
        assertEquals("", out.toString());
    }

    @Test
    void throughTheCliProgressIsOnStderrAndQuietSaysNothing() throws Exception {
        String s = Fixtures.testdata("scenarios/token-worm-2025-09/snapshot").toString();
        String project = Fixtures.testdata("scenarios/token-worm-2025-09/clean").toString();
        CliRun loud = CliRun.run("verify", project, CliRun.snapshot(s), "--format", "json", "--progress");
        assertTrue(loud.err().contains("trustlock: fetched 5 of 5 packages"), loud.err());
        assertTrue(loud.err().contains("trustlock: checked 5 of 5 packages"), loud.err());
        assertEquals(5, new ObjectMapper().readTree(loud.out()).path("packages").size(), "stdout is the report alone");
        CliRun quiet = CliRun.run("verify", project, CliRun.snapshot(s), "--quiet", "-o", tmp.resolve("r.txt").toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals("", quiet.err());
    }
}
