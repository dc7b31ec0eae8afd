package dev.trustlock.core.trust;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustlock.core.io.BoundedReads;
import dev.trustlock.core.io.JsonLocator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Everything verification trusts, as data: the Sigstore trusted root (Fulcio CAs, Rekor logs,
 * CT logs) and the npm registry keys. Immutable and thread-safe; load once, share freely.
 * Nothing here touches the network: refreshing through TUF is the caller's business.
 */
public final class TrustMaterial {

    /** Trust files are small (a few KiB); anything much larger is not trust material. */
    static final int MAX_BYTES = (int) dev.trustlock.core.io.Limits.DOCUMENT_BYTES;
    private static final String RESOURCE_DIR = "/dev/trustlock/core/trust/";
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(dev.trustlock.core.io.Limits.ATTESTATION_JSON_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final List<CertificateAuthority> certificateAuthorities;
    private final List<TransparencyLog> rekorLogs;
    private final List<TransparencyLog> ctLogs;
    private final List<NpmKey> npmKeys;
    private final String description;

    private TrustMaterial(List<CertificateAuthority> cas, List<TransparencyLog> rekorLogs,
            List<TransparencyLog> ctLogs, List<NpmKey> npmKeys, String description) {
        this.certificateAuthorities = List.copyOf(cas);
        this.rekorLogs = List.copyOf(rekorLogs);
        this.ctLogs = List.copyOf(ctLogs);
        this.npmKeys = List.copyOf(npmKeys);
        this.description = description;
    }

    /** Reads a Sigstore {@code trusted_root.json} and an npm keys file (either shape). */
    public static TrustMaterial load(Path trustedRootJson, Path npmKeysJson) throws TrustMaterialException {
        return load(Optional.of(trustedRootJson), Optional.of(npmKeysJson));
    }

    /** Each file when given, else the bundled default for that half (see {@link #bundledDefault()}). */
    public static TrustMaterial load(Optional<Path> trustedRootJson, Optional<Path> npmKeysJson)
            throws TrustMaterialException {
        if (trustedRootJson.isEmpty() && npmKeysJson.isEmpty()) {
            return bundledDefault();
        }
        Source root = trustedRootJson.isPresent() ? Source.file(trustedRootJson.get()) : resource("trusted_root.json");
        Source keys = npmKeysJson.isPresent() ? Source.file(npmKeysJson.get()) : resource("keys.json");
        return parse(root, keys, root.name() + " + " + keys.name());
    }

    private static Source resource(String name) throws TrustMaterialException {
        try (InputStream in = TrustMaterial.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new TrustMaterialException("the bundled " + name + " is missing from the jar");
            }
            return Source.stream(in, "bundled " + name);
        } catch (IOException e) {
            throw new TrustMaterialException("cannot read the bundled " + name + ": " + e.getMessage());
        }
    }

    public static TrustMaterial fromStreams(InputStream trustedRootJson, InputStream npmKeysJson)
            throws TrustMaterialException {
        return parse(Source.stream(trustedRootJson, "trusted root"), Source.stream(npmKeysJson, "npm keys"), "streams");
    }

    /**
     * The public-good trusted root and npm keys shipped in this jar (see the README beside them
     * for their source and date). Good for offline use; stale once Sigstore or npm rotate keys.
     */
    public static TrustMaterial bundledDefault() {
        return BundledHolder.INSTANCE;
    }

    private static final class BundledHolder {
        static final TrustMaterial INSTANCE = loadBundled();

        private static TrustMaterial loadBundled() {
            try (InputStream root = TrustMaterial.class.getResourceAsStream(RESOURCE_DIR + "trusted_root.json");
                    InputStream keys = TrustMaterial.class.getResourceAsStream(RESOURCE_DIR + "keys.json")) {
                if (root == null || keys == null) {
                    throw new IllegalStateException("the bundled trust material is missing from the jar");
                }
                return parse(Source.stream(root, "bundled trusted_root.json"), Source.stream(keys, "bundled keys.json"),
                        "bundled default");
            } catch (IOException | TrustMaterialException e) {
                throw new IllegalStateException("the bundled trust material is unusable: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A SHA-256 over every key, certificate and validity window this material trusts, in a fixed
     * order: two materials with the same digest accept exactly the same signatures, so a result
     * verified under one holds under the other (what caches of verified results are keyed by).
     */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (CertificateAuthority ca : certificateAuthorities) {
                field(md, "ca", ca.uri(), ca.validity().toString());
                for (X509Certificate c : ca.chain()) {
                    md.update(c.getEncoded());
                }
            }
            for (List<TransparencyLog> logs : List.of(rekorLogs, ctLogs)) {
                for (TransparencyLog l : logs) {
                    field(md, "log", l.baseUrl(), l.logIdHex(), l.keyDetails(), l.validity().toString());
                    md.update(l.publicKey().getEncoded());
                }
            }
            for (NpmKey k : npmKeys) {
                field(md, "npm", k.keyId(), k.keyUsage(), k.validity().toString());
                md.update(k.publicKey().getEncoded());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot digest the trust material", e);
        }
    }

    private static void field(MessageDigest md, String... parts) {
        for (String p : parts) {
            md.update(p.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
    }

    public List<CertificateAuthority> certificateAuthorities() {
        return certificateAuthorities;
    }

    public List<TransparencyLog> rekorLogs() {
        return rekorLogs;
    }

    public List<TransparencyLog> ctLogs() {
        return ctLogs;
    }

    public List<NpmKey> npmKeys() {
        return npmKeys;
    }

    /** Where this material came from, for messages. */
    public String description() {
        return description;
    }

    /** The Rekor log whose ID (lowercase hex) is given. */
    public Optional<TransparencyLog> rekorLog(String logIdHex) {
        return rekorLogs.stream().filter(l -> l.logIdHex().equalsIgnoreCase(logIdHex)).findFirst();
    }

    /** All npm keys with this id and usage (one id may have several windows). */
    public List<NpmKey> npmKeys(String keyId, String usage) {
        return npmKeys.stream().filter(k -> k.keyId().equals(keyId) && k.keyUsage().equals(usage)).toList();
    }

    // ---- parsing

    /**
     * One trust file: its bytes and the name errors give it, so that every problem is reported as
     * {@code FILE:LINE:COLUMN: problem}, positioned at the value concerned.
     */
    private record Source(String name, byte[] bytes) {

        static Source file(Path file) throws TrustMaterialException {
            try {
                if (!Files.isRegularFile(file)) {
                    throw new TrustMaterialException(file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
                }
                try (InputStream in = Files.newInputStream(file)) {
                    // Bounded as it is read: a size checked first could change before the read.
                    return stream(in, file.toString());
                }
            } catch (NoSuchFileException e) {
                throw new TrustMaterialException(file + ": no such file");
            } catch (IOException e) {
                throw new TrustMaterialException(file + ": cannot read: " + e.getMessage());
            }
        }

        static Source stream(InputStream in, String name) throws TrustMaterialException {
            try {
                return new Source(name, BoundedReads.readAll(in, MAX_BYTES));
            } catch (BoundedReads.TooLarge e) {
                throw new TrustMaterialException(name + ": larger than " + MAX_BYTES + " bytes, so not trust material");
            } catch (IOException e) {
                throw new TrustMaterialException(name + ": cannot read: " + e.getMessage());
            }
        }

        JsonNode json() throws TrustMaterialException {
            try (JsonParser p = JSON.getFactory().createParser(bytes)) {
                JsonNode n = JSON.readTree(p);
                if (n == null || !n.isObject()) {
                    throw fail(List.of(), "not a JSON object");
                }
                return n; // FAIL_ON_TRAILING_TOKENS has refused anything after it
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw fail(e.getLocation(), "invalid JSON: " + dev.trustlock.core.io.ParserMessages.clean(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new TrustMaterialException(name + ": cannot read: " + e.getMessage());
            }
        }

        TrustMaterialException fail(List<Object> path, String problem) {
            int[] pos = JsonLocator.locate(bytes, path).orElse(new int[] {1, 1});
            return new TrustMaterialException(name + ":" + pos[0] + ":" + pos[1] + ": " + problem);
        }

        private TrustMaterialException fail(com.fasterxml.jackson.core.JsonLocation loc, String problem) {
            int line = loc == null ? 1 : Math.max(1, loc.getLineNr());
            int col = loc == null ? 1 : Math.max(1, loc.getColumnNr());
            return new TrustMaterialException(name + ":" + line + ":" + col + ": " + problem);
        }
    }

    /** A value of a trust file and where it is, for positioned errors. */
    private record Value(Source source, JsonNode node, List<Object> path) {

        Value get(Object key) {
            JsonNode child = key instanceof Integer i ? node.path(i) : node.path((String) key);
            List<Object> p = new ArrayList<>(path);
            p.add(key);
            return new Value(source, child, p);
        }

        List<Value> elements() {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < node.size() && node.isArray(); i++) {
                out.add(get(i));
            }
            return out;
        }

        String text() {
            return node.asText("");
        }

        TrustMaterialException fail(String problem) {
            return source.fail(path, problem);
        }
    }

    static TrustMaterial parse(Source trustedRoot, Source keys, String description) throws TrustMaterialException {
        Value root = new Value(trustedRoot, trustedRoot.json(), List.of());
        String mediaType = root.get("mediaType").text();
        if (!mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
            throw root.get("mediaType").fail("media type '" + mediaType
                    + "' is not application/vnd.dev.sigstore.trustedroot+json");
        }
        List<CertificateAuthority> cas = new ArrayList<>();
        for (Value ca : root.get("certificateAuthorities").elements()) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Value c : ca.get("certChain").get("certificates").elements()) {
                chain.add(certificate(c.get("rawBytes")));
            }
            if (chain.isEmpty()) {
                throw ca.fail("a certificate authority without certificates");
            }
            cas.add(new CertificateAuthority(ca.get("uri").text(), chain, validity(ca.get("validFor"))));
        }
        if (cas.isEmpty()) {
            throw root.fail("no certificate authorities (certificateAuthorities)");
        }
        List<TransparencyLog> tlogs = logs(root.get("tlogs"));
        if (tlogs.isEmpty()) {
            throw root.fail("no transparency logs (tlogs)");
        }
        List<TransparencyLog> ctlogs = logs(root.get("ctlogs"));
        return new TrustMaterial(cas, tlogs, ctlogs, npmKeys(new Value(keys, keys.json(), List.of())), description);
    }

    private static List<TransparencyLog> logs(Value array) throws TrustMaterialException {
        List<TransparencyLog> out = new ArrayList<>();
        for (Value log : array.elements()) {
            Value pk = log.get("publicKey");
            String details = pk.get("keyDetails").text();
            PublicKey key = publicKey(pk.get("rawBytes"), details);
            byte[] logId = base64(log.get("logId").get("keyId"));
            out.add(new TransparencyLog(log.get("baseUrl").text(), HexFormat.of().formatHex(logId), key,
                    details, validity(pk.get("validFor"))));
        }
        return out;
    }

    /** Accepts the TUF target keys.json shape and the /-/npm/v1/keys response shape. */
    private static List<NpmKey> npmKeys(Value doc) throws TrustMaterialException {
        Value keys = doc.get("keys");
        if (!keys.node().isArray() || keys.node().isEmpty()) {
            throw doc.fail("npm keys need a non-empty \"keys\" array");
        }
        List<NpmKey> out = new ArrayList<>();
        for (Value k : keys.elements()) {
            if (k.node().has("keyId")) {
                Value pk = k.get("publicKey");
                String usage = k.get("keyUsage").text();
                if (usage.isEmpty()) {
                    throw k.fail("an npm key without keyUsage");
                }
                String details = pk.get("keyDetails").text();
                out.add(new NpmKey(k.get("keyId").text(), usage, publicKey(pk.get("rawBytes"), details),
                        validity(pk.get("validFor"))));
            } else if (k.node().has("keyid")) {
                // The registry endpoint has no usage: npm uses every listed key for both purposes.
                String keyid = k.get("keyid").text();
                PublicKey key = publicKey(k.get("key"), k.get("keytype").text());
                Optional<Instant> end = k.get("expires").node().isTextual()
                        ? Optional.of(instant(k.get("expires"))) : Optional.empty();
                Validity v = new Validity(Optional.empty(), end);
                out.add(new NpmKey(keyid, NpmKey.SIGNATURES, key, v));
                out.add(new NpmKey(keyid, NpmKey.ATTESTATIONS, key, v));
            } else {
                throw k.fail("an npm key with neither keyId (TUF keys.json) nor keyid (/-/npm/v1/keys)");
            }
        }
        return out;
    }

    private static Validity validity(Value validFor) throws TrustMaterialException {
        Optional<Instant> start = validFor.get("start").node().isTextual()
                ? Optional.of(instant(validFor.get("start"))) : Optional.empty();
        Optional<Instant> end = validFor.get("end").node().isTextual()
                ? Optional.of(instant(validFor.get("end"))) : Optional.empty();
        return new Validity(start, end);
    }

    private static Instant instant(Value v) throws TrustMaterialException {
        try {
            return Instant.parse(v.text());
        } catch (DateTimeParseException e) {
            throw v.fail("bad timestamp '" + v.text() + "'");
        }
    }

    private static byte[] base64(Value v) throws TrustMaterialException {
        if (!v.node().isTextual() || v.text().isEmpty()) {
            throw v.fail("missing base64 key or certificate bytes");
        }
        try {
            return Base64.getDecoder().decode(v.text());
        } catch (IllegalArgumentException e) {
            throw v.fail("invalid base64");
        }
    }

    private static X509Certificate certificate(Value v) throws TrustMaterialException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(base64(v)));
        } catch (CertificateException e) {
            throw v.fail("an unparseable certificate");
        }
    }

    private static PublicKey publicKey(Value v, String keyDetails) throws TrustMaterialException {
        try {
            return publicKey(base64(v), keyDetails, "");
        } catch (TrustMaterialException e) {
            throw v.fail("an unparseable public key (" + keyDetails + ")");
        }
    }

    /** DER SubjectPublicKeyInfo; the algorithm is taken from keyDetails, else tried in turn. */
    static PublicKey publicKey(byte[] spki, String keyDetails, String where) throws TrustMaterialException {
        String d = keyDetails.toUpperCase(java.util.Locale.ROOT);
        List<String> algorithms = d.contains("ED25519") ? List.of("Ed25519")
                : d.contains("RSA") ? List.of("RSA")
                : d.contains("ECDSA") ? List.of("EC")
                : List.of("EC", "Ed25519", "RSA");
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
            } catch (Exception e) {
                // try the next algorithm
            }
        }
        throw new TrustMaterialException(where + " holds an unparseable public key (" + keyDetails + ")");
    }
}
