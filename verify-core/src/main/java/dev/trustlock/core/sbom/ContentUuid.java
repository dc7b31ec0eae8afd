package dev.trustlock.core.sbom;

import java.util.UUID;

/**
 * A UUID derived from text: the same text always gives the same UUID, different texts differ
 * with overwhelming probability. It identifies a document (the SBOM serial number); it is not
 * a security property, so it uses two independent 64-bit FNV-1a hashes with a strong finaliser
 * rather than MD5 ({@code UUID.nameUUIDFromBytes}), whose first use initialises the JCA
 * provider machinery at ~15-20 ms of a short run. Marked as an RFC 9562 version 8 (custom) UUID.
 */
final class ContentUuid {

    private static final long FNV_PRIME = 0x100000001b3L;

    private ContentUuid() {
    }

    static UUID of(CharSequence text) {
        long a = 0xcbf29ce484222325L;
        long b = 0x84222325cbf29ce4L;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            a = (a ^ c) * FNV_PRIME;
            b = (b ^ (c + 0x9e37)) * FNV_PRIME;
        }
        long hi = mix(a ^ Long.rotateLeft(b, 31));
        long lo = mix(b ^ Long.rotateLeft(a, 17) ^ text.length());
        hi = (hi & ~0xF000L) | 0x8000L;                    // version 8
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 4122/9562 variant
        return new UUID(hi, lo);
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
