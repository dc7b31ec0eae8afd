package dev.trustlock.core.attest;

import dev.trustlock.core.attest.ParsedBundle.TlogEntry;
import dev.trustlock.core.trust.NpmKey;
import dev.trustlock.core.trust.TransparencyLog;
import dev.trustlock.core.trust.TrustMaterial;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * All cryptographic checks on one parsed bundle, in a fixed order so that each kind of damage
 * is reported under its own code: statement shape, the DSSE signature (with the leaf's key, or
 * the npm key named by the hint and valid at the log time), the transparency log (body, log
 * key, SET, inclusion proof, checkpoint), then the keyless signer (Fulcio chain, validity, SCT,
 * identity, issuer). Returns the statement only if all passed.
 */
final class BundleChecker {

    private final TrustMaterial trust;
    private final CertificateChecks certificates;

    BundleChecker(TrustMaterial trust) {
        this.trust = trust;
        this.certificates = new CertificateChecks(trust);
        trust.rekorLogs().forEach(l -> Crypto.remember(l.publicKey()));
        trust.ctLogs().forEach(l -> Crypto.remember(l.publicKey()));
        trust.npmKeys().forEach(k -> Crypto.remember(k.publicKey()));
        trust.certificateAuthorities().forEach(ca -> ca.chain().forEach(c -> Crypto.remember(c.getPublicKey())));
    }

    /**
     * @param acceptedIssuers OIDC issuers allowed for keyless signers; empty accepts any
     * @param listedPredicateType the type the registry listed for this bundle, if any
     */
    Statement check(ParsedBundle b, Set<String> acceptedIssuers, Optional<String> listedPredicateType) throws Failure {
        return check(b, acceptedIssuers, listedPredicateType, false);
    }

    /**
     * @param setSuffices check the log entry to the standard of a v0.1 bundle, by its signed entry
     *                    timestamp alone, leaving out the inclusion proof and checkpoint: enough to
     *                    learn which build an earlier release certifies (the log signed that it
     *                    took the entry at that time), and a fifth of the signature checks saved
     *                    for every release looked back at. Never for a verdict.
     */
    Statement check(ParsedBundle b, Set<String> acceptedIssuers, Optional<String> listedPredicateType,
            boolean setSuffices) throws Failure {
        boolean publishKey = b.keyHint().isPresent();
        Statement statement = Statement.parse(b.envelope().payloadType(), b.envelope().payload());
        if (listedPredicateType.isPresent() && !listedPredicateType.get().equals(statement.predicateType())) {
            throw new Failure(ReasonCode.PREDICATE_TYPE_MISMATCH, "listed '" + BundleParser.clip(listedPredicateType.get())
                    + "', signed '" + BundleParser.clip(statement.predicateType()) + "'");
        }
        if (b.envelope().signatures().size() != 1) {
            throw new Failure(ReasonCode.DSSE_SIGNATURE_COUNT, b.envelope().signatures().size() + " signatures");
        }

        // The envelope signature first: a changed payload or signature is reported as exactly that.
        byte[] pae = Crypto.pae(b.envelope().payloadType(), b.envelope().payload());
        byte[] sig = b.envelope().signatures().get(0).sig();
        byte[] verifierDer;
        if (publishKey) {
            List<NpmKey> npmKeys = trust.npmKeys(b.keyHint().get(), NpmKey.ATTESTATIONS);
            if (npmKeys.isEmpty()) {
                throw new Failure(ReasonCode.PUBLISH_KEY_UNKNOWN, "key id " + BundleParser.clip(b.keyHint().get()));
            }
            for (TlogEntry entry : b.tlogEntries()) {
                Instant t = Instant.ofEpochSecond(entry.integratedTime());
                List<NpmKey> valid = npmKeys.stream().filter(k -> k.validity().contains(t)).toList();
                if (valid.isEmpty()) {
                    throw new Failure(ReasonCode.PUBLISH_KEY_NOT_VALID_AT_TIME, b.keyHint().get() + " valid "
                            + npmKeys.get(0).validity() + ", logged " + t);
                }
                if (valid.stream().noneMatch(k -> Crypto.verify(k.publicKey(), pae, sig))) {
                    throw new Failure(ReasonCode.PUBLISH_SIGNATURE_INVALID, "key " + b.keyHint().get());
                }
            }
            verifierDer = npmKeys.get(0).publicKey().getEncoded();
        } else {
            X509Certificate leaf = b.leaf().orElseThrow();
            if (!Crypto.verify(leaf.getPublicKey(), pae, sig)) {
                throw new Failure(ReasonCode.DSSE_SIGNATURE_INVALID, "signature by "
                        + FulcioIdentity.san(leaf).orElse("the certificate's key"));
            }
            try {
                verifierDer = leaf.getEncoded();
            } catch (CertificateEncodingException e) {
                throw new Failure(ReasonCode.CERT_MALFORMED, "cannot re-encode the certificate");
            }
        }

        for (TlogEntry entry : b.tlogEntries()) {
            TlogChecks.bodyMatches(entry, b.envelope(), verifierDer, !publishKey);
            TransparencyLog log = TlogChecks.log(trust, entry);
            // The SET is the only thing that authenticates integratedTime (the Merkle leaf does
            // not cover it), and every validity-window check below depends on that time. Without
            // RFC 3161 timestamp support, a bundle without a SET cannot be checked either way:
            // not a forgery, just beyond this version (as a proof-and-timestamp-only bundle is).
            if (entry.signedEntryTimestamp().isEmpty()) {
                throw new Failure(ReasonCode.SET_MISSING, "log index " + entry.logIndex()
                        + (entry.inclusionProof().isPresent() ? ", which has only an inclusion proof" : ""));
            }
            TlogChecks.signedEntryTimestamp(log, entry, entry.signedEntryTimestamp().get());
            if (setSuffices) {
                continue;
            }
            if (entry.inclusionProof().isPresent()) {
                ParsedBundle.InclusionProof proof = entry.inclusionProof().get();
                TlogChecks.inclusionProof(entry, proof);
                if (proof.checkpoint().isPresent()) {
                    TlogChecks.checkpoint(log, proof, proof.checkpoint().get());
                } else if (b.minorVersion() >= 2) {
                    throw new Failure(ReasonCode.CHECKPOINT_INVALID, "the inclusion proof has no checkpoint");
                }
            } else if (b.minorVersion() >= 2) {
                throw new Failure(ReasonCode.INCLUSION_PROOF_MISSING, b.mediaType());
            }
        }

        if (!publishKey) {
            X509Certificate leaf = b.leaf().get();
            CertificateChecks.Leaf signed = new CertificateChecks.Leaf(leaf);
            CertificateChecks.bundleChainLinks(signed, b.chainAfterLeaf());
            X509Certificate issuer = null;
            for (TlogEntry entry : b.tlogEntries()) {
                Instant t = Instant.ofEpochSecond(entry.integratedTime());
                issuer = certificates.chain(signed, t);
                CertificateChecks.leafValidAt(leaf, t);
            }
            CertificateChecks.codeSigningUsage(leaf);
            certificates.embeddedSct(leaf, issuer);
            Optional<String> san = FulcioIdentity.san(leaf);
            Optional<String> oidcIssuer = FulcioIdentity.utf8(leaf, 8).or(() -> FulcioIdentity.raw(leaf, 1));
            if (san.isEmpty() || oidcIssuer.isEmpty()) {
                throw new Failure(ReasonCode.IDENTITY_MISSING, san.isEmpty() ? "no SAN" : "no OIDC issuer extension");
            }
            if (!acceptedIssuers.isEmpty() && !acceptedIssuers.contains(oidcIssuer.get())) {
                throw new Failure(ReasonCode.ISSUER_UNTRUSTED, "'" + BundleParser.clip(oidcIssuer.get()) + "'");
            }
        }
        return statement;
    }
}
