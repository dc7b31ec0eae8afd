package dev.trustlock.core.attest;

import dev.trustlock.core.io.Digests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** Signature verification and hashing with the algorithm each key type implies. */
final class Crypto {

    private Crypto() {
    }

    /** True iff sig is a valid signature over data; any malformed input is simply false. */
    static boolean verify(PublicKey key, byte[] data, byte[] sig) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return ecdsa(ec, bits <= 256 ? "SHA-256" : bits <= 384 ? "SHA-384" : "SHA-512", data, sig);
        }
        return jdk(key, data, sig);
    }

    /** A certificate's signature by the issuer's key; ECDSA via {@link EcdsaKeys}, others via the JDK. */
    static boolean verifyCertificate(X509Certificate cert, PublicKey issuerKey) {
        String hash = switch (cert.getSigAlgOID()) {
            case "1.2.840.10045.4.3.2" -> "SHA-256";
            case "1.2.840.10045.4.3.3" -> "SHA-384";
            case "1.2.840.10045.4.3.4" -> "SHA-512";
            default -> null;
        };
        try {
            if (hash != null && issuerKey instanceof ECPublicKey ec) {
                return ecdsa(ec, hash, cert.getTBSCertificate(), cert.getSignature());
            }
            cert.verify(issuerKey);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * ECDSA over the digest of data, with the backend {@link EcdsaKeys} chose. Only the named
     * NIST curves are accepted; the signature must be strict DER.
     */
    private static boolean ecdsa(ECPublicKey key, String hash, byte[] data, byte[] sig) {
        try {
            ECDomainParameters domain = domain(key);
            if (domain == null) {
                return jdk(key, data, sig);
            }
            EcdsaKeys.EcdsaKey decoded = TRUSTED.get(key);
            if (decoded == null) {
                decoded = EcdsaKeys.decode(key, domain);
            }
            return decoded.verify(Digests.digest(hash, data), sig);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Decoded trust-material keys (log, CT, CA and npm keys), kept so that each is decoded once
     * (and BouncyCastle's per-point precomputation is reused). Bounded: only keys passed to
     * {@link #remember} are kept, never per-package leaf keys.
     */
    private static final Map<PublicKey, EcdsaKeys.EcdsaKey> TRUSTED = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 4096;

    static void remember(PublicKey key) {
        if (key instanceof ECPublicKey ec && TRUSTED.size() < MAX_REMEMBERED && !TRUSTED.containsKey(key)) {
            ECDomainParameters domain = domain(ec);
            if (domain != null) {
                try {
                    TRUSTED.put(key, EcdsaKeys.decode(ec, domain));
                } catch (GeneralSecurityException | RuntimeException e) {
                    // not a valid point: leave it to the per-call path, which will reject it
                }
            }
        }
    }

    private static final ECDomainParameters P256 = named("secp256r1");
    private static final ECDomainParameters P384 = named("secp384r1");
    private static final ECDomainParameters P521 = named("secp521r1");

    private static ECDomainParameters named(String name) {
        X9ECParameters x9 = CustomNamedCurves.getByName(name);
        return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    }

    /** The BouncyCastle curve whose order and generator match the key's; null if none does. */
    static ECDomainParameters domain(ECPublicKey key) {
        java.security.spec.ECParameterSpec p = key.getParams();
        for (ECDomainParameters d : new ECDomainParameters[] {P256, P384, P521}) {
            if (d.getN().equals(p.getOrder()) && d.getG().getAffineXCoord().toBigInteger().equals(p.getGenerator().getAffineX())
                    && d.getG().getAffineYCoord().toBigInteger().equals(p.getGenerator().getAffineY())) {
                return d;
            }
        }
        return null;
    }

    private static boolean jdk(PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature s = Signature.getInstance(algorithm(key));
            s.initVerify(key);
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String algorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        return key.getAlgorithm(); // Ed25519 / EdDSA sign the message itself
    }

    /** DSSE pre-authentication encoding; lengths are byte counts, as the spec requires. */
    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }
}
