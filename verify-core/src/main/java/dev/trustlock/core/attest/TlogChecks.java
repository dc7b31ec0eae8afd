package dev.trustlock.core.attest;

import static dev.trustlock.core.attest.ReasonCode.TLOG_BODY_MALFORMED;
import static dev.trustlock.core.attest.ReasonCode.TLOG_BODY_MISMATCH;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.attest.ParsedBundle.Envelope;
import dev.trustlock.core.attest.ParsedBundle.InclusionProof;
import dev.trustlock.core.attest.ParsedBundle.TlogEntry;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.trust.TransparencyLog;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Rekor checks for one entry: that its body records exactly this envelope, signature and key;
 * that the log (known, valid at the integrated time) promised it (SET) and, where given, that
 * it is included in a tree whose root the log signed (inclusion proof + checkpoint).
 */
final class TlogChecks {

    private TlogChecks() {
    }

    /**
     * Checks the canonicalized body against the envelope. verifierDer is the DER of the leaf
     * certificate (keyless) or of the npm public key (publish attestations).
     */
    static void bodyMatches(TlogEntry entry, Envelope env, byte[] verifierDer, boolean verifierIsCertificate)
            throws Failure {
        JsonNode body = Json.parse(entry.body(), TLOG_BODY_MALFORMED, "canonicalizedBody");
        String kind = Json.text(body, "kind", TLOG_BODY_MALFORMED, "body");
        String apiVersion = Json.text(body, "apiVersion", TLOG_BODY_MALFORMED, "body");
        if (!kind.equals(entry.kind()) || !apiVersion.equals(entry.kindVersion())) {
            throw new Failure(TLOG_BODY_MISMATCH, "body is " + kind + " " + apiVersion + " but the entry says "
                    + entry.kind() + " " + entry.kindVersion());
        }
        if (env.signatures().size() != 1) {
            throw new Failure(ReasonCode.DSSE_SIGNATURE_COUNT, env.signatures().size() + " signatures");
        }
        byte[] envSig = env.signatures().get(0).sig();
        String payloadHashHex = HexFormat.of().formatHex(Digests.sha256(env.payload()));
        JsonNode spec = body.path("spec");
        if ("intoto".equals(kind) && "0.0.2".equals(apiVersion)) {
            JsonNode content = spec.path("content");
            JsonNode recorded = content.path("envelope");
            if (!env.payloadType().equals(recorded.path("payloadType").asText(null))) {
                throw new Failure(TLOG_BODY_MISMATCH, "the logged payload type differs from the envelope's");
            }
            payloadHash(content.path("payloadHash"), payloadHashHex);
            JsonNode sigs = recorded.path("signatures");
            if (!sigs.isArray() || sigs.size() != 1) {
                throw new Failure(TLOG_BODY_MISMATCH, "the log records " + sigs.size() + " signatures, the envelope 1");
            }
            JsonNode s = sigs.get(0);
            // intoto 0.0.2 stores the envelope's base64 signature text base64-encoded once more.
            byte[] loggedSigText = Json.base64(Json.text(s, "sig", TLOG_BODY_MALFORMED, "intoto signature"),
                    TLOG_BODY_MALFORMED, "intoto signature");
            byte[] loggedSig = Json.base64(new String(loggedSigText, StandardCharsets.US_ASCII), TLOG_BODY_MALFORMED,
                    "intoto signature");
            if (!MessageDigest.isEqual(loggedSig, envSig)) {
                throw new Failure(TLOG_BODY_MISMATCH, "the logged signature differs from the envelope's");
            }
            verifier(Json.text(s, "publicKey", TLOG_BODY_MALFORMED, "intoto publicKey"), verifierDer,
                    verifierIsCertificate);
        } else if ("dsse".equals(kind) && "0.0.1".equals(apiVersion)) {
            payloadHash(spec.path("payloadHash"), payloadHashHex);
            JsonNode sigs = spec.path("signatures");
            if (!sigs.isArray() || sigs.size() != 1) {
                throw new Failure(TLOG_BODY_MISMATCH, "the log records " + sigs.size() + " signatures, the envelope 1");
            }
            JsonNode s = sigs.get(0);
            byte[] loggedSig = Json.base64(Json.text(s, "signature", TLOG_BODY_MALFORMED, "dsse signature"),
                    TLOG_BODY_MALFORMED, "dsse signature");
            if (!MessageDigest.isEqual(loggedSig, envSig)) {
                throw new Failure(TLOG_BODY_MISMATCH, "the logged signature differs from the envelope's");
            }
            verifier(Json.text(s, "verifier", TLOG_BODY_MALFORMED, "dsse verifier"), verifierDer, verifierIsCertificate);
        } else {
            throw new Failure(ReasonCode.TLOG_KIND_UNSUPPORTED, kind + " " + apiVersion);
        }
    }

    private static void payloadHash(JsonNode hash, String expectedHex) throws Failure {
        if (!"sha256".equals(hash.path("algorithm").asText(null))) {
            throw new Failure(TLOG_BODY_MALFORMED, "the logged payload hash is not sha256");
        }
        if (!expectedHex.equalsIgnoreCase(hash.path("value").asText(""))) {
            throw new Failure(TLOG_BODY_MISMATCH, "the logged payload hash differs from the envelope payload's");
        }
    }

    /** The logged verifier is base64 of a PEM certificate or public key; compare its DER. */
    private static void verifier(String base64Pem, byte[] expectedDer, boolean expectCertificate) throws Failure {
        String pem = new String(Json.base64(base64Pem, TLOG_BODY_MALFORMED, "logged verifier"), StandardCharsets.US_ASCII);
        String label = expectCertificate ? "CERTIFICATE" : "PUBLIC KEY";
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new Failure(TLOG_BODY_MISMATCH, "the log records a verifier that is not a PEM " + label.toLowerCase());
        }
        String inner = pem.substring(b + begin.length(), e).replaceAll("\\s", "");
        byte[] der = Json.base64(inner, TLOG_BODY_MALFORMED, "logged verifier PEM");
        if (!MessageDigest.isEqual(der, expectedDer)) {
            throw new Failure(TLOG_BODY_MISMATCH, "the log records a different "
                    + (expectCertificate ? "signing certificate" : "public key"));
        }
    }

    /** The log of this entry, known to the trusted root and valid at its integrated time. */
    static TransparencyLog log(TrustMaterial trust, TlogEntry entry) throws Failure {
        TransparencyLog log = trust.rekorLog(entry.logIdHex()).orElseThrow(() -> new Failure(
                ReasonCode.TLOG_KEY_UNKNOWN, "log id " + entry.logIdHex()));
        Instant t = Instant.ofEpochSecond(entry.integratedTime());
        if (!log.validity().contains(t)) {
            throw new Failure(ReasonCode.TLOG_KEY_NOT_VALID_AT_TIME, log.baseUrl() + " valid " + log.validity()
                    + ", entry integrated " + t);
        }
        return log;
    }

    /** SET: the log's signature over canonical JSON {body, integratedTime, logID, logIndex}. */
    static void signedEntryTimestamp(TransparencyLog log, TlogEntry entry, byte[] set) throws Failure {
        String canonical = "{\"body\":\"" + entry.bodyBase64() + "\",\"integratedTime\":" + entry.integratedTime()
                + ",\"logID\":\"" + entry.logIdHex() + "\",\"logIndex\":" + entry.logIndex() + "}";
        // bodyBase64 already decoded with the strict decoder, so it cannot break out of the string.
        if (!Crypto.verify(log.publicKey(), canonical.getBytes(StandardCharsets.UTF_8), set)) {
            throw new Failure(ReasonCode.SET_INVALID, "log index " + entry.logIndex());
        }
    }

    /** RFC 6962 / 9162 audit path from the entry's leaf hash to the proof's root hash. */
    static void inclusionProof(TlogEntry entry, InclusionProof proof) throws Failure {
        long index = proof.logIndex();
        long size = proof.treeSize();
        if (index < 0 || size <= 0 || index >= size) {
            throw new Failure(ReasonCode.INCLUSION_PROOF_INVALID, "index " + index + " outside tree of size " + size);
        }
        byte[] r = leafHash(entry.body());
        long fn = index;
        long sn = size - 1;
        for (byte[] p : proof.hashes()) {
            if (p.length != 32 || sn == 0) {
                throw new Failure(ReasonCode.INCLUSION_PROOF_INVALID, "the audit path does not fit the tree");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0 || !MessageDigest.isEqual(r, proof.rootHash())) {
            throw new Failure(ReasonCode.INCLUSION_PROOF_INVALID, "computed root differs from the proof's root hash");
        }
    }

    private static byte[] leafHash(byte[] leaf) {
        byte[] in = new byte[leaf.length + 1];
        in[0] = 0;
        System.arraycopy(leaf, 0, in, 1, leaf.length);
        return Digests.sha256(in);
    }

    private static byte[] nodeHash(byte[] left, byte[] right) {
        byte[] in = new byte[65];
        in[0] = 1;
        System.arraycopy(left, 0, in, 1, 32);
        System.arraycopy(right, 0, in, 33, 32);
        return Digests.sha256(in);
    }

    /**
     * Checkpoint (signed note): "origin\nsize\nbase64(root)\n[extra lines]\n\n— name base64(hint4||sig)\n".
     * The log must have signed it (key hint = first 4 bytes of its log id) and it must commit to
     * the proof's tree size and root hash.
     */
    static void checkpoint(TransparencyLog log, InclusionProof proof, String note) throws Failure {
        int split = note.indexOf("\n\n");
        if (split < 0) {
            throw new Failure(ReasonCode.CHECKPOINT_INVALID, "not a signed note");
        }
        String text = note.substring(0, split + 1);
        List<String> lines = text.lines().toList();
        if (lines.size() < 3 || lines.get(0).isBlank()) {
            throw new Failure(ReasonCode.CHECKPOINT_INVALID, "the note lacks origin, size or root hash");
        }
        byte[] hint = Arrays.copyOf(HexFormat.of().parseHex(log.logIdHex()), 4);
        boolean signed = false;
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith("\u2014 ")) {
                continue;
            }
            String[] parts = line.substring(2).split(" ");
            if (parts.length != 2) {
                continue;
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (raw.length > 4 && Arrays.equals(Arrays.copyOf(raw, 4), hint)
                    && Crypto.verify(log.publicKey(), text.getBytes(StandardCharsets.UTF_8),
                            Arrays.copyOfRange(raw, 4, raw.length))) {
                signed = true;
                break;
            }
        }
        if (!signed) {
            throw new Failure(ReasonCode.CHECKPOINT_INVALID, "no valid signature by " + log.baseUrl());
        }
        long size;
        byte[] root;
        try {
            size = Long.parseLong(lines.get(1));
            root = Base64.getDecoder().decode(lines.get(2));
        } catch (IllegalArgumentException e) {
            throw new Failure(ReasonCode.CHECKPOINT_INVALID, "unparseable size or root hash");
        }
        if (size != proof.treeSize() || !MessageDigest.isEqual(root, proof.rootHash())) {
            throw new Failure(ReasonCode.CHECKPOINT_INVALID, "the signed tree head is not the proof's tree");
        }
    }
}
