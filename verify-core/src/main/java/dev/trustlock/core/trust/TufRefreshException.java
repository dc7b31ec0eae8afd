package dev.trustlock.core.trust;

import dev.trustlock.core.io.BoundedText;

/**
 * Fresh trust material could not be obtained through TUF. The message is one line that says
 * what failed and where; the caller decides what to do next, and must say so if it falls back
 * to older material.
 */
public final class TufRefreshException extends Exception {

    /** Why the refresh failed, so callers can tell "fix your set-up" from "cannot trust the mirror". */
    public enum Reason {
        /** The mirror could not be reached or did not answer properly (network, HTTP status). */
        UNREACHABLE,
        /** The mirror answered, but TUF verification refused what it served (signature, hash, expiry, rollback). */
        REJECTED,
        /** The local cache directory could not be created, locked, read or written. */
        CACHE
    }

    private final Reason reason;

    public TufRefreshException(Reason reason, String message) {
        super(oneLine(message));
        this.reason = reason;
    }

    public TufRefreshException(Reason reason, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static String oneLine(String s) {
        return s == null ? "" : BoundedText.joinLines(s).strip();
    }
}
