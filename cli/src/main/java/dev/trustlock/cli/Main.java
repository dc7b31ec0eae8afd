package dev.trustlock.cli;

import dev.trustlock.core.report.PlainText;
import java.io.PrintStream;
import java.util.function.IntSupplier;

/** Entry point: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(guarded(() -> run(args), System.err));
    }

    /** Runs without exiting the JVM, for tests and the AppCDS training run. */
    public static int run(String... args) {
        return TrustlockCommand.commandLine(args.length > 0 ? args[0] : null).execute(args);
    }

    /**
     * {@code run}'s exit code, or one line and exit 2 when an Error escapes it. picocli turns
     * exceptions into one line and an exit code, but not Errors; left to the JVM, an
     * OutOfMemoryError printed a stack trace and exited 1, which a pipeline reads as a policy
     * violation found, not as a run that did not finish.
     */
    static int guarded(IntSupplier run, PrintStream err) {
        try {
            return run.getAsInt();
        } catch (OutOfMemoryError e) {
            err.println("trustlock: out of memory (" + PlainText.oneLine(String.valueOf(e.getMessage()))
                    + "); the run did not finish. Give the JVM more, e.g. TRUSTLOCK_JAVA_OPTS=-Xmx4g");
        } catch (Error e) {
            err.println("trustlock: internal error: " + PlainText.oneLine(e.toString())
                    + "; the run did not finish (please report it)");
        }
        err.flush();
        return ExitCodes.USAGE;
    }
}
