package dev.trustlock.cli;

import picocli.CommandLine;

/** Entry point: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs without exiting the JVM, for tests and the AppCDS training run. */
    public static int run(String... args) {
        return TrustlockCommand.commandLine(args.length > 0 ? args[0] : null).execute(args);
    }
}
