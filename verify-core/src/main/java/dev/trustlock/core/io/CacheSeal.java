package dev.trustlock.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What makes an entry of trustlock's on-disk cache worth believing: an HMAC-SHA256 under a key
 * that never lives in the cache directory. A cache directory is often restored from storage that
 * less trusted jobs can write (a CI cache: any workflow run of a repository's default branch can
 * save GitHub Actions cache entries). Unsealed, such a cache could plant a VERIFIED result for a
 * release that has no provenance, a packument with the registry's real ETag but an altered history
 * (the registry answers 304 and the altered copy is used), or broken attestations for an earlier
 * release that lower the baseline a new release is compared with. An entry whose seal does not
 * check is a miss: fetched and verified again.
 *
 * <p>The key is {@value #SECRET_ENV} when set (a CI secret, so that a cache restored on a fresh
 * runner is reused), else a random key kept in the user's configuration directory, so one
 * machine's cache serves its own later runs and nobody else's.
 */
public final class CacheSeal {

    /** The environment variable whose value, when not empty, keys the seal. */
    public static final String SECRET_ENV = "TRUSTLOCK_CACHE_SECRET";

    private static final HexFormat HEX = HexFormat.of();
    private static final int KEY_BYTES = 32;

    private final SecretKeySpec key;

    private CacheSeal(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A seal under {@code key} as given (tests, and keys read from a file). */
    public static CacheSeal withKey(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a cache key needs at least 16 bytes");
        }
        return new CacheSeal(key.clone());
    }

    /** A seal keyed by a secret phrase: the SHA-256 of it, so any length of secret will do. */
    public static CacheSeal withSecret(String secret) {
        return new CacheSeal(Digests.sha256(("trustlock-cache-seal-v1\0" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The seal of this user: {@value #SECRET_ENV} from {@code env} when it is set and not blank,
     * else the key in {@code keyFile}, made (readable by the user only) when there is none yet.
     *
     * @throws IOException when the key file can neither be read nor made, or holds no key
     */
    public static CacheSeal forUser(Map<String, String> env, Path keyFile) throws IOException {
        String secret = env.get(SECRET_ENV);
        if (secret != null && !secret.isBlank()) {
            return withSecret(secret);
        }
        if (!Files.exists(keyFile)) {
            make(keyFile);
        }
        if (Files.size(keyFile) > 1024) {
            throw new IOException(keyFile + " holds no cache key"); // not read whole: it is not ours
        }
        String hex = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        if (hex.length() != 2 * KEY_BYTES || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IOException(keyFile + " holds no cache key");
        }
        return new CacheSeal(HEX.parseHex(hex));
    }

    /** {@link #forUser(Map, Path)} of this process's environment and the default key file. */
    public static CacheSeal forUser() throws IOException {
        Map<String, String> env = System.getenv();
        return forUser(env, defaultKeyFile(env));
    }

    /** {@code $XDG_CONFIG_HOME/trustlock/cache-key}, else {@code ~/.config/trustlock/cache-key}: never in a cache. */
    public static Path defaultKeyFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("trustlock").resolve("cache-key");
    }

    /**
     * A new random key at {@code keyFile}. Linked into place, never moved over: two runs making
     * one at once both end up using whichever landed first.
     */
    private static void make(Path keyFile) throws IOException {
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temp = posix
                ? Files.createTempFile(dir, ".cache-key.", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".cache-key.", ".tmp");
        try {
            Files.writeString(temp, HEX.formatHex(key) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(keyFile, temp);
        } catch (FileAlreadyExistsException lost) {
            // Another run made it first: use theirs.
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The seal of {@code parts}, in order; each is length-prefixed, so no two lists seal alike. */
    public String of(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return HEX.formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Whether {@code seal} is the seal of {@code parts} (compared in constant time). */
    public boolean checks(String seal, String... parts) {
        return seal != null && MessageDigest.isEqual(of(parts).getBytes(StandardCharsets.US_ASCII),
                seal.getBytes(StandardCharsets.US_ASCII));
    }
}
