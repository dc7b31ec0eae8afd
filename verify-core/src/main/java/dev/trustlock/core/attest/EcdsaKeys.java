package dev.trustlock.core.attest;

import dev.trustlock.core.io.NativeCrypto;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * EC public keys decoded once for ECDSA checks over a digest the caller computed. Two backends
 * give the same answers: BoringSSL ({@link NativeCrypto}) where it loaded, else BouncyCastle's
 * constant-curve arithmetic, which is about ten times faster than the JDK 17 provider. Both
 * accept only strict DER signatures and points on the curve; any failure is a rejection.
 */
final class EcdsaKeys {

    /** An EC public key ready to check signatures over digests. */
    interface EcdsaKey {
        boolean verify(byte[] digest, byte[] derSignature) throws GeneralSecurityException;
    }

    enum Backend {
        NATIVE, BOUNCY_CASTLE
    }

    /** Null when the native backend is unavailable or switched off. */
    private static final Provider NATIVE = NativeCrypto.provider().orElse(null);

    private EcdsaKeys() {
    }

    /** The backend this process uses. */
    static Backend backend() {
        return NATIVE != null ? Backend.NATIVE : Backend.BOUNCY_CASTLE;
    }

    /**
     * The key for this process's backend. A key BoringSSL will not import (an encoding with
     * explicit curve parameters, say) goes to BouncyCastle, so which backend loaded never changes
     * an answer; a point off the curve is refused by both.
     */
    static EcdsaKey decode(ECPublicKey key, ECDomainParameters domain) throws GeneralSecurityException {
        if (NATIVE != null) {
            try {
                return decode(key, domain, Backend.NATIVE);
            } catch (GeneralSecurityException | RuntimeException e) {
                // fall through: BouncyCastle decides
            }
        }
        return decode(key, domain, Backend.BOUNCY_CASTLE);
    }

    /**
     * The key for one backend; throws when the key is not a point on the domain's curve.
     * Asking for the native backend where it did not load is a programming error.
     */
    static EcdsaKey decode(ECPublicKey key, ECDomainParameters domain, Backend backend)
            throws GeneralSecurityException {
        if (backend == Backend.NATIVE) {
            if (NATIVE == null) {
                throw new IllegalStateException("the native ECDSA backend is not loaded");
            }
            PublicKey nativeKey = KeyFactory.getInstance("EC", NATIVE)
                    .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
            return (digest, sig) -> {
                // NONEwithECDSA: the digest is signed as given, truncated to the curve's order as
                // ECDSA requires, exactly what the BouncyCastle signer does with it.
                Signature s = Signature.getInstance("NONEwithECDSA", NATIVE);
                s.initVerify(nativeKey);
                s.update(digest);
                return s.verify(sig);
            };
        }
        ECPublicKeyParameters pub;
        try {
            pub = new ECPublicKeyParameters(
                    domain.getCurve().createPoint(key.getW().getAffineX(), key.getW().getAffineY()), domain);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a point on the curve", e);
        }
        return (digest, sig) -> {
            BigInteger[] rs;
            try {
                rs = StandardDSAEncoding.INSTANCE.decode(domain.getN(), sig);
            } catch (IOException | RuntimeException e) {
                return false; // not strict DER (BouncyCastle may throw anything, even NPE, on garbage)
            }
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, pub);
            return signer.verifySignature(digest, rs[0], rs[1]);
        };
    }
}
