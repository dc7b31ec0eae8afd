package dev.trustlock.core.trust;

import dev.trustlock.core.io.AtomicFiles;
import dev.trustlock.core.io.BoundedReads;
import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.io.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The trust material {@code trust-update} writes to its default place, which runs then trust
 * without being told: trust anchors, yet under {@code ~/.cache}, a directory CI jobs restore from
 * caches that others can write. So the two files are believed only together with a seal over both
 * ({@code trust.seal}, a {@link CacheSeal} whose key never lives there); planted files are refused,
 * never used and never silently swapped for other material.
 */
public final class SealedTrustFiles {

    public static final String TRUSTED_ROOT = "trusted_root.json";
    public static final String NPM_KEYS = "keys.json";
    public static final String SEAL = "trust.seal";

    private SealedTrustFiles() {
    }

    /** Seals the two files as written to {@code dir} (their exact bytes). */
    public static void seal(Path dir, byte[] trustedRoot, byte[] npmKeys, CacheSeal seal) throws IOException {
        AtomicFiles.writeString(dir.resolve(SEAL), seal.of(parts(trustedRoot, npmKeys)) + "\n");
    }

    /** Whether the two files in {@code dir} are as they were sealed under {@code seal}. */
    public static boolean sealed(Path dir, CacheSeal seal) {
        try {
            byte[] root = bounded(dir.resolve(TRUSTED_ROOT));
            byte[] keys = bounded(dir.resolve(NPM_KEYS));
            byte[] mark = bounded(dir.resolve(SEAL));
            return seal.checks(new String(mark, StandardCharsets.US_ASCII).strip(), parts(root, keys));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String[] parts(byte[] trustedRoot, byte[] npmKeys) {
        return new String[] {"trust-update-v1", Digests.sha256Hex(trustedRoot), Digests.sha256Hex(npmKeys)};
    }

    private static byte[] bounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedReads.readAll(in, Limits.DOCUMENT_BYTES); // the bound trust material has
        }
    }
}
