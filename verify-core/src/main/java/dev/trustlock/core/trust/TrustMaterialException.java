package dev.trustlock.core.trust;

/** Trust material that cannot be used: unreadable, malformed or without the keys it must hold. One-line message. */
public final class TrustMaterialException extends Exception {

    public TrustMaterialException(String message) {
        super(message);
    }

    public TrustMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
