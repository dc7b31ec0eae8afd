package dev.trustlock.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

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
        return readAll(in, limit, 0);
    }

    /**
     * All of {@code in}, as {@link #readAll(InputStream, long)}, read into one array of the size
     * {@code in} was found to have (a file's size, stat'ed before opening it): reading in chunks
     * and joining them allocates about twice the bytes, and a verify run reads some 20 MB of
     * files. A file that shrank or grew since is still read whole, under the same limit.
     */
    public static byte[] readAll(InputStream in, long limit, long expectedSize) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        long bound = Math.min(limit, LARGEST_ARRAY - 1);
        if (expectedSize <= 0 || expectedSize > bound) {
            byte[] bytes = in.readNBytes((int) (bound + 1));
            if (bytes.length > bound) {
                throw new TooLarge(bound);
            }
            return bytes;
        }
        byte[] bytes = new byte[(int) expectedSize];
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n < bytes.length) {
            return Arrays.copyOf(bytes, n); // shrank
        }
        int next = in.read();
        if (next < 0) {
            return bytes;
        }
        // Grew: the rest, up to one byte past what the bound leaves.
        byte[] rest = in.readNBytes((int) (bound - bytes.length));
        if (bytes.length + 1L + rest.length > bound) {
            throw new TooLarge(bound);
        }
        byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
        all[bytes.length] = (byte) next;
        System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
        return all;
    }
}
