package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

    @Test
    void plainLinesComeEveryTenthAndEveryFiveSecondsOfASlowRun() {
        StringWriter out = new StringWriter();
        Manual clock = new Manual();
        ProgressReport p = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.PLAIN, 100, clock);
        for (int i = 1; i <= 25; i++) {
            p.update(i);
        }
        assertEquals(String.join(System.lineSeparator(), "trustlock: verified 10 of 100 packages (0 s)",
                "trustlock: verified 20 of 100 packages (0 s)", ""), out.toString());
        clock.now.set(clock.now.get().plus(Duration.ofSeconds(6)));
        p.update(26);
        assertTrue(out.toString().contains("verified 26 of 100 packages (6 s)"), out.toString());
        p.update(100);
        assertTrue(out.toString().endsWith("verified 100 of 100 packages (6 s)" + System.lineSeparator()), out.toString());
    }

    @Test
    void linesSayTheBytesAndThePackageAtWork() {
        assertEquals(", 0 kB", ProgressReport.detail(0, ""));
        assertEquals(", 12 kB, lodash", ProgressReport.detail(12 * 1024 + 5, "lodash"));
        assertEquals(", 3.5 MB, @babel/core", ProgressReport.detail(3_670_016, "@babel/core"));
        StringWriter out = new StringWriter();
        ProgressReport p = new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.PLAIN, 10, new Manual(),
                () -> ProgressReport.detail(2048, "axios"));
        p.update(10);
        assertEquals("trustlock: verified 10 of 10 packages (0 s, 2 kB, axios)" + System.lineSeparator(), out.toString());
    }

    @Test
    void quietWinsAndATerminalGetsALiveLineOnlyForLongRuns() {
        assertEquals(ProgressReport.Mode.OFF, ProgressReport.mode(true, true, true, 500));
        assertEquals(ProgressReport.Mode.PLAIN, ProgressReport.mode(false, true, false, 3));
        assertEquals(ProgressReport.Mode.LIVE, ProgressReport.mode(false, false, true, 21));
        assertEquals(ProgressReport.Mode.OFF, ProgressReport.mode(false, false, true, 20));
        assertEquals(ProgressReport.Mode.OFF, ProgressReport.mode(false, false, false, 500));
        StringWriter out = new StringWriter();
        new ProgressReport(new PrintWriter(out, true), ProgressReport.Mode.OFF, 10, Clock.systemUTC()).update(5);
        assertEquals("", out.toString());
    }

    @Test
    void throughTheCliProgressIsOnStderrAndQuietSaysNothing() throws Exception {
        String s = Fixtures.testdata("scenarios/token-worm-2025-09/snapshot").toString();
        String project = Fixtures.testdata("scenarios/token-worm-2025-09/clean").toString();
        CliRun loud = CliRun.run("verify", project, CliRun.snapshot(s), "--format", "json", "--progress");
        assertTrue(loud.err().contains("trustlock: verified 5 of 5 packages"), loud.err());
        assertEquals(5, new ObjectMapper().readTree(loud.out()).path("packages").size(), "stdout is the report alone");
        CliRun quiet = CliRun.run("verify", project, CliRun.snapshot(s), "--quiet", "-o", tmp.resolve("r.txt").toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals("", quiet.err());
    }
}
