package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.io.Digests;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Signature checks for every key type a trusted root may hold: the three NIST curves through the
 * fast path (whatever the bits say, the hash follows the curve), RSA and Ed25519 through the JDK.
 * A valid signature verifies; any changed byte of data or signature, or another key, does not.
 */
class CryptoTest {

    private static final byte[] DATA = "name@1.0.0:sha512-abc".getBytes(StandardCharsets.UTF_8);

    private static KeyPair keys(String kind) throws Exception {
        return switch (kind) {
            case "P-256", "P-384", "P-521" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp" + kind.substring(2) + "r1"));
                yield g.generateKeyPair();
            }
            case "RSA" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                yield g.generateKeyPair();
            }
            default -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        };
    }

    private static String algorithm(String kind) {
        return switch (kind) {
            case "P-256" -> "SHA256withECDSA";
            case "P-384" -> "SHA384withECDSA";
            case "P-521" -> "SHA512withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
    }

    private static byte[] sign(KeyPair k, String kind, byte[] data) throws Exception {
        Signature s = Signature.getInstance(algorithm(kind));
        s.initSign(k.getPrivate());
        s.update(data);
        return s.sign();
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA", "Ed25519"})
    void aSignatureVerifiesOnlyOverItsDataWithItsKey(String kind) throws Exception {
        KeyPair k = keys(kind);
        byte[] sig = sign(k, kind, DATA);
        assertTrue(Crypto.verify(k.getPublic(), DATA, sig), kind);
        byte[] other = DATA.clone();
        other[0] ^= 1;
        assertFalse(Crypto.verify(k.getPublic(), other, sig), kind + " accepted changed data");
        byte[] bad = sig.clone();
        bad[bad.length / 2] ^= 1;
        assertFalse(Crypto.verify(k.getPublic(), DATA, bad), kind + " accepted a changed signature");
        assertFalse(Crypto.verify(keys(kind).getPublic(), DATA, sig), kind + " accepted another key");
        assertFalse(Crypto.verify(k.getPublic(), DATA, new byte[] {1, 2, 3}), kind + " accepted garbage");
        // Remembered (trusted) keys take the cached path: same answers.
        Crypto.remember(k.getPublic());
        assertTrue(Crypto.verify(k.getPublic(), DATA, sig), kind);
        assertFalse(Crypto.verify(k.getPublic(), other, sig), kind);
    }

    /** A public key off its curve (an invalid-curve attack) is a rejection, not an exception. */
    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521"})
    void aKeyOffItsCurveVerifiesNothing(String kind) throws Exception {
        KeyPair k = keys(kind);
        byte[] sig = sign(k, kind, DATA);
        ECPublicKey good = (ECPublicKey) k.getPublic();
        ECPoint w = good.getW();
        PublicKey off = KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(
                        new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE)),
                        good.getParams()));
        assertFalse(Crypto.verify(off, DATA, sig), kind);
        Crypto.remember(off); // not kept: the per-call path refuses it again
        assertFalse(Crypto.verify(off, DATA, sig), kind);
    }

    @Test
    void certificatesVerifyAgainstTheirIssuerOfAnyKeyType() throws Exception {
        TestPki pki = TestPki.shared();
        assertTrue(Crypto.verifyCertificate(pki.intermediate, pki.root.getPublicKey()));
        assertFalse(Crypto.verifyCertificate(pki.intermediate, pki.untrustedRoot.getPublicKey()));
        assertFalse(Crypto.verifyCertificate(pki.root, pki.intermediate.getPublicKey()));
        // A certificate signed with RSA takes the JDK path.
        KeyPair rsa = keys("RSA");
        var cert = TestPki.selfSigned(rsa, "SHA256withRSA", "CN=rsa root");
        assertTrue(Crypto.verifyCertificate(cert, rsa.getPublic()));
        assertFalse(Crypto.verifyCertificate(cert, keys("RSA").getPublic()));
    }

    @Test
    void paeCountsBytesNotCharacters() {
        byte[] payload = "é".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals("DSSEv1 4 t/é 2 é".getBytes(StandardCharsets.UTF_8), Crypto.pae("t/é", payload));
        assertTrue(List.of(Digests.sha256(new byte[0]).length).contains(32));
    }
}
