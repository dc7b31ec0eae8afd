package dev.trustlock.core.attest;

import static dev.trustlock.core.attest.ReasonCode.BUNDLE_MALFORMED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.attest.ParsedBundle.Envelope;
import dev.trustlock.core.attest.ParsedBundle.InclusionProof;
import dev.trustlock.core.attest.ParsedBundle.TlogEntry;
import dev.trustlock.core.io.Limits;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Decodes a Sigstore bundle (media types v0.1, v0.2, v0.3) holding a DSSE envelope. */
final class BundleParser {

    static final String V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
    static final String V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    static final String V03 = "application/vnd.dev.sigstore.bundle+json;version=0.3";
    static final String V03_NEW = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static final int MAX_CHAIN = Limits.BUNDLE_CHAIN + 1;
    private static final int MAX_TLOG_ENTRIES = Limits.TLOG_ENTRIES;
    private static final int MAX_PROOF_HASHES = Limits.PROOF_HASHES;
    /** 9999-12-31: beyond it java.util.Date and certificate validity comparisons misbehave. */
    private static final long MAX_EPOCH_SECOND = 253402300799L;

    private BundleParser() {
    }

    static int minorVersion(String mediaType) throws Failure {
        return switch (mediaType) {
            case V01 -> 1;
            case V02 -> 2;
            case V03, V03_NEW -> 3;
            default -> throw new Failure(ReasonCode.MEDIA_TYPE_UNSUPPORTED, "media type '" + clip(mediaType) + "'");
        };
    }

    static ParsedBundle parse(JsonNode bundle) throws Failure {
        if (bundle == null || !bundle.isObject()) {
            throw new Failure(BUNDLE_MALFORMED, "the bundle is not a JSON object");
        }
        int minor = minorVersion(Json.text(bundle, "mediaType", BUNDLE_MALFORMED, "bundle"));
        JsonNode vm = bundle.path("verificationMaterial");
        if (!vm.isObject()) {
            throw new Failure(BUNDLE_MALFORMED, "bundle has no verificationMaterial");
        }
        Optional<X509Certificate> leaf = Optional.empty();
        List<X509Certificate> rest = new ArrayList<>();
        Optional<String> hint = Optional.empty();
        if (vm.hasNonNull("certificate")) {
            leaf = Optional.of(certificate(Json.text(vm.get("certificate"), "rawBytes", BUNDLE_MALFORMED,
                    "verificationMaterial.certificate")));
        } else if (vm.hasNonNull("x509CertificateChain")) {
            JsonNode certs = vm.get("x509CertificateChain").path("certificates");
            if (!certs.isArray() || certs.isEmpty()) {
                throw new Failure(BUNDLE_MALFORMED, "x509CertificateChain has no certificates");
            }
            if (certs.size() > MAX_CHAIN) {
                throw new Failure(BUNDLE_MALFORMED, "x509CertificateChain has " + certs.size()
                        + " certificates; at most " + MAX_CHAIN + " are read");
            }
            // Only the leaf is trusted to the trusted root's CAs; the rest must merely chain.
            leaf = Optional.of(certificate(Json.text(certs.get(0), "rawBytes", BUNDLE_MALFORMED,
                    "x509CertificateChain.certificates[0]")));
            for (int i = 1; i < certs.size(); i++) {
                rest.add(certificate(Json.text(certs.get(i), "rawBytes", BUNDLE_MALFORMED,
                        "x509CertificateChain.certificates[" + i + "]")));
            }
        } else if (vm.hasNonNull("publicKey")) {
            hint = Optional.of(Json.text(vm.get("publicKey"), "hint", BUNDLE_MALFORMED, "verificationMaterial.publicKey"));
        } else {
            throw new Failure(BUNDLE_MALFORMED, "verificationMaterial has no certificate, chain or public key");
        }
        JsonNode entries = vm.path("tlogEntries");
        if (!entries.isArray() || entries.isEmpty()) {
            throw new Failure(ReasonCode.TLOG_ENTRY_MISSING, "verificationMaterial.tlogEntries is empty");
        }
        if (entries.size() > MAX_TLOG_ENTRIES) {
            throw new Failure(BUNDLE_MALFORMED, entries.size() + " transparency-log entries; at most "
                    + MAX_TLOG_ENTRIES + " are read");
        }
        List<TlogEntry> tlog = new ArrayList<>();
        int i = 0;
        for (JsonNode e : entries) {
            tlog.add(tlogEntry(e, "tlogEntries[" + i++ + "]"));
        }
        JsonNode env = bundle.path("dsseEnvelope");
        if (!env.isObject()) {
            throw new Failure(BUNDLE_MALFORMED, "bundle has no dsseEnvelope (message signatures are not attestations)");
        }
        return new ParsedBundle(bundle.get("mediaType").asText(), minor, leaf, List.copyOf(rest), hint,
                List.copyOf(tlog), envelope(env));
    }

    private static Envelope envelope(JsonNode env) throws Failure {
        String payloadType = Json.text(env, "payloadType", BUNDLE_MALFORMED, "dsseEnvelope");
        byte[] payload = Json.base64(Json.text(env, "payload", BUNDLE_MALFORMED, "dsseEnvelope"), BUNDLE_MALFORMED,
                "dsseEnvelope.payload");
        JsonNode sigs = env.path("signatures");
        if (!sigs.isArray()) {
            throw new Failure(BUNDLE_MALFORMED, "dsseEnvelope.signatures is missing");
        }
        List<ParsedBundle.Signature> out = new ArrayList<>();
        for (JsonNode s : sigs) {
            byte[] sig = Json.base64(Json.text(s, "sig", BUNDLE_MALFORMED, "dsseEnvelope.signatures[]"),
                    BUNDLE_MALFORMED, "dsseEnvelope.signatures[].sig");
            out.add(new ParsedBundle.Signature(sig, Json.optText(s, "keyid").orElse("")));
        }
        return new Envelope(payloadType, payload, List.copyOf(out));
    }

    private static TlogEntry tlogEntry(JsonNode e, String where) throws Failure {
        long logIndex = Json.int64(e, "logIndex", BUNDLE_MALFORMED, where);
        byte[] logId = Json.base64(Json.text(e.path("logId"), "keyId", BUNDLE_MALFORMED, where + ".logId"),
                BUNDLE_MALFORMED, where + ".logId.keyId");
        JsonNode kv = e.path("kindVersion");
        String kind = Json.text(kv, "kind", BUNDLE_MALFORMED, where + ".kindVersion");
        String version = Json.text(kv, "version", BUNDLE_MALFORMED, where + ".kindVersion");
        long integrated = Json.int64(e, "integratedTime", BUNDLE_MALFORMED, where);
        if (integrated <= 0 || integrated > MAX_EPOCH_SECOND) {
            throw new Failure(BUNDLE_MALFORMED, where + ".integratedTime " + integrated + " is out of range");
        }
        Optional<byte[]> set = Optional.empty();
        JsonNode promise = e.get("inclusionPromise");
        if (promise != null && !promise.isNull()) {
            set = Optional.of(Json.base64(Json.text(promise, "signedEntryTimestamp", BUNDLE_MALFORMED,
                    where + ".inclusionPromise"), BUNDLE_MALFORMED, where + ".inclusionPromise.signedEntryTimestamp"));
        }
        Optional<InclusionProof> proof = Optional.empty();
        JsonNode p = e.get("inclusionProof");
        if (p != null && !p.isNull()) {
            String pw = where + ".inclusionProof";
            List<byte[]> hashes = new ArrayList<>();
            if (p.path("hashes").size() > MAX_PROOF_HASHES) {
                throw new Failure(BUNDLE_MALFORMED, pw + " has more than " + MAX_PROOF_HASHES + " hashes");
            }
            for (JsonNode h : p.path("hashes")) {
                if (!h.isTextual()) {
                    throw new Failure(BUNDLE_MALFORMED, pw + ".hashes holds a non-string");
                }
                hashes.add(Json.base64(h.asText(), BUNDLE_MALFORMED, pw + ".hashes[]"));
            }
            JsonNode cp = p.get("checkpoint");
            Optional<String> checkpoint = cp == null || cp.isNull() ? Optional.empty() : Json.optText(cp, "envelope");
            proof = Optional.of(new InclusionProof(Json.int64(p, "logIndex", BUNDLE_MALFORMED, pw),
                    Json.base64(Json.text(p, "rootHash", BUNDLE_MALFORMED, pw), BUNDLE_MALFORMED, pw + ".rootHash"),
                    Json.int64(p, "treeSize", BUNDLE_MALFORMED, pw), List.copyOf(hashes), checkpoint));
        }
        String bodyB64 = Json.text(e, "canonicalizedBody", BUNDLE_MALFORMED, where);
        byte[] body = Json.base64(bodyB64, BUNDLE_MALFORMED, where + ".canonicalizedBody");
        return new TlogEntry(logIndex, HexFormat.of().formatHex(logId), kind, version, integrated, set, proof,
                body, bodyB64);
    }

    static X509Certificate certificate(String base64) throws Failure {
        byte[] der = Json.base64(base64, ReasonCode.CERT_MALFORMED, "certificate rawBytes");
        return certificate(der);
    }

    static X509Certificate certificate(byte[] der) throws Failure {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new Failure(ReasonCode.CERT_MALFORMED, "the certificate is not a valid X.509 certificate");
        }
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
