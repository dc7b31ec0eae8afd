package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedReadsTest {

    @Test
    void anInputOfExactlyTheLimitIsReadWhole() throws Exception {
        byte[] five = {1, 2, 3, 4, 5};
        assertArrayEquals(five, BoundedReads.readAll(new ByteArrayInputStream(five), 5));
        assertArrayEquals(new byte[0], BoundedReads.readAll(new ByteArrayInputStream(new byte[0]), 0));
    }

    @Test
    void oneByteOverTheLimitIsRefusedNamingTheLimit() {
        BoundedReads.TooLarge e = assertThrows(BoundedReads.TooLarge.class,
                () -> BoundedReads.readAll(new ByteArrayInputStream(new byte[6]), 5));
        assertEquals(5, e.limit());
        assertEquals("larger than 5 bytes", e.getMessage());
        assertThrows(BoundedReads.TooLarge.class, () -> BoundedReads.readAll(new ByteArrayInputStream(new byte[1]), 0));
    }

    @Test
    void anEndlessInputIsReadOnlyOneBytePastTheLimit() {
        Endless endless = new Endless();
        assertThrows(BoundedReads.TooLarge.class, () -> BoundedReads.readAll(endless, 1000));
        assertEquals(1001, endless.served);
    }

    @Test
    void aLimitBeyondWhatAnArrayHoldsStillReadsSmallInputs() throws Exception {
        // Long.MAX_VALUE + 1 overflowed to a negative length once, and every read failed.
        byte[] small = {7, 8, 9};
        assertArrayEquals(small, BoundedReads.readAll(new ByteArrayInputStream(small), Long.MAX_VALUE));
        assertArrayEquals(small, BoundedReads.readAll(new ByteArrayInputStream(small), Integer.MAX_VALUE));
    }

    @Test
    void aNegativeLimitIsAProgrammingError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoundedReads.readAll(new ByteArrayInputStream(new byte[0]), -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    /** The size a file had when stat'ed is a hint only: it may have shrunk or grown since. */
    @Test
    void aSizedReadTakesWhateverTheInputHoldsNow() throws Exception {
        byte[] ten = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        for (long expected : new long[] {10, 1, 4, 9, 11, 100, 0, -1}) {
            assertArrayEquals(ten, BoundedReads.readAll(new ByteArrayInputStream(ten), 10, expected), "expected " + expected);
            assertArrayEquals(ten, BoundedReads.readAll(new ByteArrayInputStream(ten), 100, expected), "expected " + expected);
        }
        assertArrayEquals(new byte[0], BoundedReads.readAll(new ByteArrayInputStream(new byte[0]), 10, 5));
    }

    @Test
    void aSizedReadOfAnInputThatGrewPastTheLimitIsRefused() {
        for (long expected : new long[] {1, 9, 10, 11}) {
            BoundedReads.TooLarge e = assertThrows(BoundedReads.TooLarge.class,
                    () -> BoundedReads.readAll(new ByteArrayInputStream(new byte[11]), 10, expected), "expected " + expected);
            assertEquals(10, e.limit());
        }
        for (long expected : new long[] {1, 10, 999}) {
            Endless endless = new Endless();
            assertThrows(BoundedReads.TooLarge.class, () -> BoundedReads.readAll(endless, 1000, expected));
            assertEquals(1001, endless.served, "expected " + expected);
        }
    }

    /** A stream that never ends, counting what it served. */
    private static final class Endless extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            return len;
        }
    }
}
