package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What reaches a pipeline when an Error, which picocli does not handle, escapes a command. */
class MainGuardTest {

    private static String[] guarded(Error thrown) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.guarded(() -> {
            throw thrown;
        }, err);
        return new String[] {String.valueOf(code), bytes.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void runningOutOfMemoryIsExit2AndOneLineNeverAViolation() {
        String[] r = guarded(new OutOfMemoryError("Java heap space"));
        assertEquals("2", r[0], "exit 1 would read as a policy violation found");
        assertEquals("trustlock: out of memory (Java heap space); the run did not finish. Give the JVM more, e.g."
                + " TRUSTLOCK_JAVA_OPTS=-Xmx4g\n", r[1]);
    }

    @Test
    void anyOtherErrorIsAnInternalErrorOnOneLine() {
        String[] r = guarded(new StackOverflowError());
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("trustlock: internal error: java.lang.StackOverflowError"), r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
    }

    @Test
    void aCommandsOwnExitCodePassesThrough() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(1, Main.guarded(() -> 1, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals(0, bytes.size());
    }
}
