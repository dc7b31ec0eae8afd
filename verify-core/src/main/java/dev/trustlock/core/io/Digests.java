package dev.trustlock.core.io;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.HexFormat;

/**
 * Hashes of whole byte arrays, natively when {@link NativeCrypto} loaded: content keys of the
 * registry cache and of verified results, transparency-log hashes, the digests ECDSA signs.
 */
public final class Digests {

    private Digests() {
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    /** SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    /** The digest of {@code bytes} with a JCA algorithm every Java has (SHA-256, SHA-384, SHA-512). */
    public static byte[] digest(String algorithm, byte[] bytes) {
        try {
            Provider p = NativeCrypto.provider().orElse(null);
            return (p != null ? MessageDigest.getInstance(algorithm, p) : MessageDigest.getInstance(algorithm))
                    .digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has " + algorithm, e);
        }
    }
}
