package dev.trustlock.cli;

/** Exit codes shared by every command; documented in README and --help. */
public final class ExitCodes {
    /** Success; for verification commands, everything verified / passed. */
    public static final int OK = 0;
    /** A verification or policy failure: a package is INVALID or lacks required provenance. */
    public static final int FAILED = 1;
    /** Bad usage or bad input (unreadable lockfile, unknown option). Nothing was written. */
    public static final int USAGE = 2;
    /** Trust could not be established (missing key, unknown CA, network): not a pass. */
    public static final int UNVERIFIABLE = 3;

    private ExitCodes() {
    }
}
