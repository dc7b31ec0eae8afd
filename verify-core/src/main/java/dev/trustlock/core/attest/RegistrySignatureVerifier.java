package dev.trustlock.core.attest;

import dev.trustlock.core.trust.NpmKey;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a packument's {@code dist.signatures}: ECDSA P-256 / SHA-256 over
 * {@code <name>@<version>:<integrity>} with an npm key of usage npm:signatures that was valid
 * when the version was published. Thread-safe; never throws on bad input. As npm does, one
 * valid signature by a trusted key suffices; signatures by unknown keys are skipped (a registry
 * may add keys before clients learn them), but a signature by a known key that fails is INVALID.
 */
public final class RegistrySignatureVerifier {

    private final TrustMaterial trust;

    public RegistrySignatureVerifier(TrustMaterial trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
        trust.npmKeys().forEach(k -> Crypto.remember(k.publicKey()));
    }

    public SignatureCheck verify(PackageRef pkg, List<DistSignature> signatures, Instant publishedAt) {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (signatures == null || signatures.isEmpty()) {
            return SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_MISSING, pkg.coordinates(), Optional.empty());
        }
        byte[] message = (pkg.name() + "@" + pkg.version() + ":" + pkg.integrity()).getBytes(StandardCharsets.UTF_8);
        SignatureCheck verdict = null;
        for (DistSignature s : signatures) {
            SignatureCheck c = checkOne(s, message, publishedAt);
            if (c.verified()) {
                return c;
            }
            if (verdict == null || rank(c) > rank(verdict)) {
                verdict = c;
            }
        }
        return verdict;
    }

    /** INVALID outranks UNVERIFIABLE: a failing signature by a known key is evidence of tampering. */
    private static int rank(SignatureCheck c) {
        return c.status() == VerificationStatus.INVALID ? 2 : 1;
    }

    private SignatureCheck checkOne(DistSignature s, byte[] message, Instant publishedAt) {
        List<NpmKey> keys = trust.npmKeys(s.keyid(), NpmKey.SIGNATURES);
        Optional<String> id = Optional.of(s.keyid());
        if (keys.isEmpty()) {
            return SignatureCheck.of(ReasonCode.REGISTRY_KEY_UNKNOWN, "key id " + BundleParser.clip(s.keyid()), id);
        }
        List<NpmKey> valid = keys.stream().filter(k -> k.validity().contains(publishedAt)).toList();
        if (valid.isEmpty()) {
            return SignatureCheck.of(ReasonCode.REGISTRY_KEY_NOT_VALID_AT_TIME, s.keyid() + " valid "
                    + keys.get(0).validity() + ", published " + publishedAt, id);
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(s.sig());
        } catch (IllegalArgumentException e) {
            return SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_INVALID, "signature is not base64", id);
        }
        for (NpmKey k : valid) {
            if (Crypto.verify(k.publicKey(), message, sig)) {
                return SignatureCheck.of(ReasonCode.OK, "registry signature by " + s.keyid(), id);
            }
        }
        return SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_INVALID, "key " + s.keyid(), id);
    }
}
