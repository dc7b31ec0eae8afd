package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trustlock.core.attest.EcdsaKeys.Backend;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.io.NativeCrypto;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Locale;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native (BoringSSL) and BouncyCastle ECDSA backends give the same answer for every
 * signature an attacker can hand us: valid, over other data, with DER that is not strict (a
 * trailing byte, a non-minimal length or integer), r or s out of range, and a key that is not
 * on the curve. Whichever backend a machine ends up with, the verdicts cannot differ.
 */
class EcdsaKeysTest {

    private static final byte[] DATA = "name@1.0.0:sha512-abc".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> curvesAndBackends() {
        return Stream.of("secp256r1", "secp384r1", "secp521r1")
                .flatMap(c -> Stream.of(Backend.values()).map(b -> Arguments.of(c, b)));
    }

    private static void assumeLoaded(Backend backend) {
        assumeTrue(backend == Backend.BOUNCY_CASTLE || NativeCrypto.provider().isPresent(),
                "the native library did not load on this platform; the Java backend is tested alone");
    }

    private record Signed(ECPublicKey key, ECDomainParameters domain, String hash, byte[] sig) {
        byte[] digest(byte[] data) {
            return Digests.digest(hash, data);
        }
    }

    private static Signed sign(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair k = g.generateKeyPair();
        String bits = switch (curve) {
            case "secp256r1" -> "256";
            case "secp384r1" -> "384";
            default -> "512"; // P-521 signs SHA-512 digests
        };
        Signature s = Signature.getInstance("SHA" + bits + "withECDSA");
        s.initSign(k.getPrivate());
        s.update(DATA);
        ECPublicKey pub = (ECPublicKey) k.getPublic();
        return new Signed(pub, Crypto.domain(pub), "SHA-" + bits, s.sign());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("curvesAndBackends")
    void onlyAStrictValidSignatureOverTheDigestVerifies(String curve, Backend backend) throws Exception {
        assumeLoaded(backend);
        Signed s = sign(curve);
        EcdsaKeys.EcdsaKey key = EcdsaKeys.decode(s.key(), s.domain(), backend);
        BigInteger n = s.domain().getN();
        BigInteger[] rs = org.bouncycastle.crypto.signers.StandardDSAEncoding.INSTANCE.decode(n, s.sig());
        BigInteger r = rs[0];
        BigInteger sv = rs[1];

        assertTrue(key.verify(s.digest(DATA), s.sig()));
        byte[] other = DATA.clone();
        other[0] ^= 1;
        assertFalse(key.verify(s.digest(other), s.sig()), "another message");
        assertTrue(key.verify(s.digest(DATA), der(r, sv, false, false)), "our re-encoding is the signer's");
        byte[] trailing = java.util.Arrays.copyOf(s.sig(), s.sig().length + 1);
        assertFalse(key.verify(s.digest(DATA), trailing), "a trailing byte");
        assertFalse(key.verify(s.digest(DATA), der(r, sv, true, false)), "a non-minimal length");
        assertFalse(key.verify(s.digest(DATA), der(r, sv, false, true)), "a zero-padded integer");
        assertFalse(key.verify(s.digest(DATA), der(BigInteger.ZERO, sv, false, false)), "r = 0");
        assertFalse(key.verify(s.digest(DATA), der(r, sv.add(n), false, false)), "s + n");
        assertFalse(key.verify(s.digest(DATA), new byte[0]), "empty");
        // ECDSA is malleable: (r, n - s) is valid too. Sigstore does not demand low s, and
        // neither backend does, so both agree here as well.
        assertTrue(key.verify(s.digest(DATA), der(r, n.subtract(sv), false, false)), "high s");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("curvesAndBackends")
    void aKeyOffTheCurveIsRefused(String curve, Backend backend) throws Exception {
        assumeLoaded(backend);
        ECPublicKey good = sign(curve).key();
        ECPoint w = good.getW();
        ECPublicKey off = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE)), good.getParams()));
        assertThrows(java.security.GeneralSecurityException.class,
                () -> EcdsaKeys.decode(off, Crypto.domain(off), backend));
    }

    /** A key whose encoding the native library refuses is still checked, by BouncyCastle. */
    @Test
    void aKeyTheNativeLibraryCannotImportIsCheckedInJava() throws Exception {
        Signed s = sign("secp256r1");
        ECPublicKey real = s.key();
        ECPublicKey unencodable = new ECPublicKey() {
            @Override
            public ECPoint getW() {
                return real.getW();
            }

            @Override
            public java.security.spec.ECParameterSpec getParams() {
                return real.getParams();
            }

            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return "X.509";
            }

            @Override
            public byte[] getEncoded() {
                return new byte[] {0x30, 0x00};
            }
        };
        assertTrue(EcdsaKeys.decode(unencodable, s.domain()).verify(s.digest(DATA), s.sig()));
        byte[] other = DATA.clone();
        other[0] ^= 1;
        assertFalse(EcdsaKeys.decode(unencodable, s.domain()).verify(s.digest(other), s.sig()));
        assertTrue(Crypto.verify(unencodable, DATA, s.sig()));
    }

    @Test
    void theNativeLibraryLoadsWhereConscryptShipsOne() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = (os.contains("linux") || os.contains("mac")) && (arch.equals("amd64") || arch.equals("aarch64"))
                || os.contains("windows") && arch.equals("amd64");
        assumeTrue(shipped, "Conscrypt ships no native library for " + os + "/" + arch);
        assumeTrue(!"false".equals(System.getProperty("trustlock.nativeCrypto")), "switched off for this run");
        assertEquals(Backend.NATIVE, EcdsaKeys.backend(),
                "the native library did not load: verification falls back to the slower Java backend");
    }

    /** DER of (r, s), optionally with a non-minimal sequence length or a zero-padded r. */
    private static byte[] der(BigInteger r, BigInteger s, boolean longLength, boolean padR) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] rb = r.toByteArray();
        if (padR) {
            byte[] padded = new byte[rb.length + 1];
            System.arraycopy(rb, 0, padded, 1, rb.length);
            rb = padded;
        }
        integer(body, rb);
        integer(body, s.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        length(out, body.size(), longLength);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void integer(ByteArrayOutputStream out, byte[] value) {
        out.write(0x02);
        length(out, value.length, false);
        out.writeBytes(value);
    }

    private static void length(ByteArrayOutputStream out, int len, boolean nonMinimal) {
        if (nonMinimal) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        } else if (len < 128) {
            out.write(len);
        } else {
            out.write(0x81);
            out.write(len);
        }
    }
}
