package dev.trustlock.core.sbom;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * A UUID derived from content: the same parts always give the same UUID, different parts
 * differ with overwhelming probability. It identifies a document (the SBOM serial number); it
 * is not a security property. MD5 ({@code UUID.nameUUIDFromBytes}) would cost the JCA provider
 * set-up (~15-20 ms of a short run), and a hash loop written in Java runs interpreted that
 * early; CRC-32 and Adler-32 run natively, and together with the lengths feed a Murmur-style
 * finaliser. Marked as an RFC 9562 version 8 (custom) UUID.
 */
final class ContentUuid {

    private final CRC32 crc = new CRC32();
    private final Adler32 adler = new Adler32();
    private long parts;
    private long bytes;

    /** Adds one part; parts are separated, so ("ab","c") and ("a","bc") differ. */
    ContentUuid add(String part) {
        byte[] b = part.getBytes(StandardCharsets.UTF_8);
        crc.update(b);
        adler.update(b);
        crc.update(0);
        adler.update(0);
        parts++;
        bytes += b.length;
        return this;
    }

    UUID uuid() {
        long c = crc.getValue();
        long a = adler.getValue();
        long hi = mix((c << 32) ^ a ^ (parts * 0x9e3779b97f4a7c15L));
        long lo = mix((a << 32) ^ c ^ (bytes * 0xc2b2ae3d27d4eb4fL) ^ hi);
        hi = (hi & ~0xF000L) | 0x8000L;                        // version 8
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 4122/9562 variant
        return new UUID(hi, lo);
    }

    static UUID of(String... parts) {
        ContentUuid u = new ContentUuid();
        for (String p : parts) {
            u.add(p);
        }
        return u.uuid();
    }

    /** MurmurHash3's 64-bit finaliser: spreads every input bit over the whole word. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
