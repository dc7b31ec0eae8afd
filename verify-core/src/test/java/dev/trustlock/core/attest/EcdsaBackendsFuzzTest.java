package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustlock.core.attest.EcdsaKeys.Backend;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.io.NativeCrypto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the two ECDSA backends: for any signature bytes, under a fixed key of
 * each NIST curve, BoringSSL and BouncyCastle must give the same answer. Which library loaded on
 * a machine must never decide a verdict. Input: one byte choosing the curve, then the signature.
 * The seeds are valid signatures over {@link #MESSAGE} by {@link #KEYS}, which are the same on
 * every run (a seeded generator), so mutations start next to what verifies.
 */
class EcdsaBackendsFuzzTest {

    static final byte[] MESSAGE = "pkg:npm/axios@1.14.0".getBytes(StandardCharsets.UTF_8);
    static final String[] CURVES = {"secp256r1", "secp384r1", "secp521r1"};
    static final String[] HASHES = {"SHA-256", "SHA-384", "SHA-512"};
    static final ECPublicKey[] KEYS = new ECPublicKey[CURVES.length];
    private static final EcdsaKeys.EcdsaKey[][] DECODED = new EcdsaKeys.EcdsaKey[CURVES.length][];

    static {
        try {
            for (int i = 0; i < CURVES.length; i++) {
                KEYS[i] = (ECPublicKey) generator(i).generateKeyPair().getPublic();
                DECODED[i] = NativeCrypto.provider().isPresent()
                        ? new EcdsaKeys.EcdsaKey[] {
                            EcdsaKeys.decode(KEYS[i], Crypto.domain(KEYS[i]), Backend.NATIVE),
                            EcdsaKeys.decode(KEYS[i], Crypto.domain(KEYS[i]), Backend.BOUNCY_CASTLE)}
                        : new EcdsaKeys.EcdsaKey[0];
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same key pair of curve i on every run: a SHA1PRNG seeded before first use is deterministic. */
    static KeyPairGenerator generator(int i) throws GeneralSecurityException {
        SecureRandom fixed = SecureRandom.getInstance("SHA1PRNG");
        fixed.setSeed(("trustlock-ecdsa-fuzz-" + i).getBytes(StandardCharsets.UTF_8));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(CURVES[i]), fixed);
        return g;
    }

    @FuzzTest(maxDuration = "30s")
    void sameAnswerFromBothBackends(byte[] data) throws Exception {
        if (data.length == 0 || !NativeCrypto.provider().isPresent()) {
            return; // nothing to compare where the native library did not load (EcdsaKeysTest says so)
        }
        int curve = Byte.toUnsignedInt(data[0]) % CURVES.length;
        byte[] sig = Arrays.copyOfRange(data, 1, data.length);
        byte[] digest = Digests.digest(HASHES[curve], MESSAGE);
        boolean nativeSays = answer(DECODED[curve][0], digest, sig);
        boolean javaSays = answer(DECODED[curve][1], digest, sig);
        if (nativeSays != javaSays) {
            throw new AssertionError("BACKENDS DISAGREE on " + CURVES[curve] + ": BoringSSL " + nativeSays
                    + ", BouncyCastle " + javaSays + " for signature " + HexFormat.of().formatHex(sig));
        }
    }

    /** The seeds still verify: the keys are the ones they were made with, so fuzzing starts at valid signatures. */
    @Test
    void theSeedsAreValidSignaturesUnderBothBackends() throws Exception {
        assumeTrue(NativeCrypto.provider().isPresent(),
                "the native library did not load on this platform");
        Path seeds = Path.of(EcdsaBackendsFuzzTest.class
                .getResource("EcdsaBackendsFuzzTestInputs/sameAnswerFromBothBackends").toURI());
        for (int i = 0; i < CURVES.length; i++) {
            byte[] data = Files.readAllBytes(seeds.resolve("seed-valid-" + CURVES[i]));
            byte[] sig = Arrays.copyOfRange(data, 1, data.length);
            byte[] digest = Digests.digest(HASHES[i], MESSAGE);
            assertTrue(answer(DECODED[i][0], digest, sig), CURVES[i] + " native");
            assertTrue(answer(DECODED[i][1], digest, sig), CURVES[i] + " Java");
        }
    }

    /** What Crypto.ecdsa makes of a backend's answer: an exception is a rejection. */
    private static boolean answer(EcdsaKeys.EcdsaKey key, byte[] digest, byte[] sig) {
        try {
            return key.verify(digest, sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
