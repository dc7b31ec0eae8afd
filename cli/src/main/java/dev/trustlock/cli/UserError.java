package dev.trustlock.cli;

/** A problem the user can fix (bad option value, unwritable output); printed as one line. */
public final class UserError extends RuntimeException {

    private final int exitCode;

    public UserError(String message) {
        this(message, ExitCodes.USAGE);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
