package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Native or not, a digest is the JDK's digest of the same bytes. */
class DigestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"SHA-256", "SHA-384", "SHA-512"})
    void digestsMatchTheJdksOnEverySize(String algorithm) throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 55, 56, 64, 127, 128, 4096, 1 << 20}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            assertArrayEquals(MessageDigest.getInstance(algorithm).digest(data), Digests.digest(algorithm, data),
                    algorithm + " of " + size + " bytes");
        }
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Digests.sha256Hex(new byte[0]));
    }
}
