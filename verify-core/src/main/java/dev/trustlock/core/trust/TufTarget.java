package dev.trustlock.core.trust;

import java.util.Arrays;
import java.util.Objects;

/**
 * One TUF target as downloaded and verified: its name in the targets metadata, its exact
 * bytes, and the length and SHA-256 the signed targets metadata promised for it.
 */
public record TufTarget(String name, byte[] bytes, String sha256Hex) {

    public TufTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        bytes = bytes.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TufTarget t && t.name.equals(name) && Arrays.equals(t.bytes, bytes)
                && t.sha256Hex.equals(sha256Hex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(bytes), sha256Hex);
    }

    @Override
    public String toString() {
        return name + " (" + bytes.length + " bytes, sha256 " + sha256Hex + ")";
    }
}
