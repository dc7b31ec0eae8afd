package dev.trustlock.core.registry;

import java.util.Objects;

/**
 * An auth token. Held apart from plain strings so that printing, logging or formatting it into
 * an exception shows a placeholder: the only way to the value is {@link #reveal()}, called
 * where the Authorization header is built.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty token");
        }
        return new Secret(value);
    }

    /** The token itself; call only to put it on the wire. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "***";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
