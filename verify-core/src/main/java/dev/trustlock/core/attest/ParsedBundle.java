package dev.trustlock.core.attest;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A Sigstore bundle with its DSSE envelope, decoded but not yet verified. Exactly one of
 * {@code leaf} (keyless: Fulcio certificate) and {@code keyHint} (npm publish key) is present.
 * {@code chainAfterLeaf} holds the certificates a v0.1 {@code x509CertificateChain} lists after
 * the leaf: never trusted, but they must chain.
 */
record ParsedBundle(String mediaType, int minorVersion, Optional<X509Certificate> leaf,
        List<X509Certificate> chainAfterLeaf, Optional<String> keyHint, List<TlogEntry> tlogEntries,
        Envelope envelope) {

    /** The first log entry's integrated time; authenticated only once the checks have passed. */
    java.time.Instant loggedAt() {
        return java.time.Instant.ofEpochSecond(tlogEntries.get(0).integratedTime());
    }

    /** One transparency-log entry; body is the decoded canonicalizedBody, bodyBase64 as given. */
    record TlogEntry(long logIndex, String logIdHex, String kind, String kindVersion, long integratedTime,
            Optional<byte[]> signedEntryTimestamp, Optional<InclusionProof> inclusionProof,
            byte[] body, String bodyBase64) {
    }

    record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes,
            Optional<String> checkpoint) {
    }

    /** DSSE envelope; payloadBase64 is kept to compare with what the log recorded. */
    record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
    }

    record Signature(byte[] sig, String keyid) {
    }
}
