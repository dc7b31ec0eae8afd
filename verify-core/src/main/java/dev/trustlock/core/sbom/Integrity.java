package dev.trustlock.core.sbom;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Decodes Subresource Integrity strings ({@code sha512-<base64>}) into algorithm + hex digest. */
public final class Integrity {

    /** One decoded digest; {@code algorithm} is the CycloneDX name (SHA-512, SHA-1, ...). */
    public record Digest(String algorithm, String hex) {
    }

    private Integrity() {
    }

    /**
     * Every well-formed digest in an SRI string (several may be space-separated). Options
     * after {@code ?} are ignored; malformed parts are skipped rather than guessed at.
     */
    public static List<Digest> decode(String sri) {
        List<Digest> result = new ArrayList<>();
        if (sri == null) {
            return result;
        }
        for (String part : sri.trim().split("\\s+")) {
            decodeOne(part).ifPresent(d -> {
                if (!result.contains(d)) {
                    result.add(d);
                }
            });
        }
        return result;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Lower-case hex; a plain loop, as this runs interpreted at start-up for every package. */
    private static String hex(byte[] raw) {
        char[] out = new char[raw.length * 2];
        for (int i = 0; i < raw.length; i++) {
            out[2 * i] = HEX[(raw[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[raw[i] & 0xF];
        }
        return new String(out);
    }

    private static Optional<Digest> decodeOne(String part) {
        int dash = part.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        String algo = part.substring(0, dash).toLowerCase(Locale.ROOT);
        String b64 = part.substring(dash + 1);
        int q = b64.indexOf('?');
        if (q >= 0) {
            b64 = b64.substring(0, q);
        }
        String name;
        int bytes;
        switch (algo) {
            case "sha512" -> { name = "SHA-512"; bytes = 64; }
            case "sha384" -> { name = "SHA-384"; bytes = 48; }
            case "sha256" -> { name = "SHA-256"; bytes = 32; }
            case "sha1" -> { name = "SHA-1"; bytes = 20; }
            default -> { return Optional.empty(); }
        }
        try {
            byte[] raw = Base64.getDecoder().decode(b64);
            if (raw.length != bytes) {
                return Optional.empty();
            }
            return Optional.of(new Digest(name, hex(raw)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
