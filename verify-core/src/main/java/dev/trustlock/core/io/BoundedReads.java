package dev.trustlock.core.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reading a whole input under a size bound, checked as the bytes arrive: a size asked for first
 * can change before the read (a file that grows, a pipe that never ends), and a bound converted to
 * an array length can overflow (a limit of {@code Long.MAX_VALUE} once made a cache miss every
 * entry). Each caller keeps its own bound and its own words for "too large"; the arithmetic lives
 * here once.
 */
public final class BoundedReads {

    /** Java arrays stop a few bytes short of {@code Integer.MAX_VALUE}. */
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8L;

    private BoundedReads() {
    }

    /** The input held more than {@link #limit()} bytes; what was read is dropped. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        TooLarge(long limit) {
            super("larger than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /**
     * All of {@code in}, which must hold at most {@code limit} bytes (a limit beyond what an array
     * holds is that much). Reads at most one byte past the limit to tell.
     *
     * @throws TooLarge when {@code in} holds more
     */
    public static byte[] readAll(InputStream in, long limit) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        long bound = Math.min(limit, LARGEST_ARRAY - 1);
        byte[] bytes = in.readNBytes((int) (bound + 1));
        if (bytes.length > bound) {
            throw new TooLarge(bound);
        }
        return bytes;
    }
}
