package dev.trustlock.core.attest;

import dev.trustlock.core.io.Limits;
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
 * when the version was published. Thread-safe; never throws on bad input.
 *
 * <p>A signature by a trusted key that fails is INVALID even beside one that verifies (as npm
 * does, every signature must hold); a signature by a key the trust material does not know is
 * skipped if another verifies (a registry may add keys before clients learn them), else
 * UNVERIFIABLE. What a version with no signature means depends on whether the registry signs.
 *
 * <p>The publish time decides which keys were valid. Callers pass the best they have: the
 * transparency log's signed time of the publish attestation, else the packument's unsigned
 * {@code time}. With neither, a signature by a key that is still valid is accepted, and one by
 * a key that has since expired is UNVERIFIABLE, since it cannot be told whether it signed in time.
 */
public final class RegistrySignatureVerifier {

    private static final int MAX_SIGNATURES = Limits.REGISTRY_SIGNATURES;

    private final TrustMaterial trust;

    public RegistrySignatureVerifier(TrustMaterial trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
        trust.npmKeys().forEach(k -> Crypto.remember(k.publicKey()));
    }

    public SignatureCheck verify(PackageRef pkg, List<DistSignature> signatures, Optional<Instant> publishedAt,
            RegistrySigning signing) {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(signing, "signing");
        if (signatures == null || signatures.isEmpty()) {
            ReasonCode code = switch (signing) {
                case SIGNS -> ReasonCode.REGISTRY_SIGNATURE_REQUIRED;
                case UNSIGNED -> ReasonCode.REGISTRY_UNSIGNED;
                case UNKNOWN -> ReasonCode.REGISTRY_SIGNATURE_MISSING;
            };
            return SignatureCheck.of(code, pkg.coordinates(), Optional.empty());
        }
        if (signatures.size() > MAX_SIGNATURES) {
            return SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_INVALID, signatures.size() + " signatures", Optional.empty());
        }
        byte[] message = (pkg.name() + "@" + pkg.version() + ":" + pkg.integrity()).getBytes(StandardCharsets.UTF_8);
        SignatureCheck verified = null;
        SignatureCheck undecided = null;
        for (DistSignature s : signatures) {
            SignatureCheck c = checkOne(s, message, publishedAt);
            if (c.status() == VerificationStatus.INVALID) {
                return c;
            }
            if (c.verified()) {
                verified = verified == null ? c : verified;
            } else if (undecided == null) {
                undecided = c;
            }
        }
        return verified != null ? verified : undecided;
    }

    private SignatureCheck checkOne(DistSignature s, byte[] message, Optional<Instant> publishedAt) {
        List<NpmKey> keys = trust.npmKeys(s.keyid(), NpmKey.SIGNATURES);
        Optional<String> id = Optional.of(s.keyid());
        if (keys.isEmpty()) {
            return SignatureCheck.of(ReasonCode.REGISTRY_KEY_UNKNOWN, "key id " + BundleParser.clip(s.keyid()), id);
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(s.sig());
        } catch (IllegalArgumentException e) {
            return SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_INVALID, "signature is not base64", id);
        }
        if (publishedAt.isEmpty()) {
            // No time to place the signature in: only a key valid to this day vouches for it.
            List<NpmKey> signers = keys.stream().filter(k -> Crypto.verify(k.publicKey(), message, sig)).toList();
            if (signers.isEmpty()) {
                return SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_INVALID, "key " + s.keyid(), id);
            }
            if (signers.stream().anyMatch(k -> k.validity().end().isEmpty())) {
                return SignatureCheck.of(ReasonCode.OK, "registry signature by " + s.keyid()
                        + " (publish time unknown; the key is still valid)", id);
            }
            return SignatureCheck.of(ReasonCode.SIGNATURE_TIME_UNKNOWN, "key " + s.keyid() + " valid "
                    + signers.get(0).validity(), id);
        }
        List<NpmKey> valid = keys.stream().filter(k -> k.validity().contains(publishedAt.get())).toList();
        if (valid.isEmpty()) {
            return SignatureCheck.of(ReasonCode.REGISTRY_KEY_NOT_VALID_AT_TIME, s.keyid() + " valid "
                    + keys.get(0).validity() + ", published " + publishedAt.get(), id);
        }
        for (NpmKey k : valid) {
            if (Crypto.verify(k.publicKey(), message, sig)) {
                return SignatureCheck.of(ReasonCode.OK, "registry signature by " + s.keyid(), id);
            }
        }
        return SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_INVALID, "key " + s.keyid(), id);
    }
}
