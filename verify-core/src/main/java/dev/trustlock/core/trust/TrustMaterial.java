package dev.trustlock.core.trust;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyFactory;
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
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final String RESOURCE_DIR = "/dev/trustlock/core/trust/";
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
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
        byte[] root = readFile(trustedRootJson, "trusted root");
        byte[] keys = readFile(npmKeysJson, "npm keys");
        return parse(root, keys, trustedRootJson + " + " + npmKeysJson);
    }

    /** Each file when given, else the bundled default for that half (see {@link #bundledDefault()}). */
    public static TrustMaterial load(Optional<Path> trustedRootJson, Optional<Path> npmKeysJson)
            throws TrustMaterialException {
        if (trustedRootJson.isEmpty() && npmKeysJson.isEmpty()) {
            return bundledDefault();
        }
        byte[] root = trustedRootJson.isPresent() ? readFile(trustedRootJson.get(), "trusted root")
                : resource("trusted_root.json");
        byte[] keys = npmKeysJson.isPresent() ? readFile(npmKeysJson.get(), "npm keys") : resource("keys.json");
        return parse(root, keys, trustedRootJson.map(Path::toString).orElse("bundled trusted root") + " + "
                + npmKeysJson.map(Path::toString).orElse("bundled npm keys"));
    }

    private static byte[] resource(String name) throws TrustMaterialException {
        try (InputStream in = TrustMaterial.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new TrustMaterialException("the bundled " + name + " is missing from the jar");
            }
            return readStream(in, "bundled " + name);
        } catch (IOException e) {
            throw new TrustMaterialException("cannot read the bundled " + name + ": " + e.getMessage());
        }
    }

    public static TrustMaterial fromStreams(InputStream trustedRootJson, InputStream npmKeysJson)
            throws TrustMaterialException {
        return parse(readStream(trustedRootJson, "trusted root"), readStream(npmKeysJson, "npm keys"), "streams");
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
                return parse(readStream(root, "bundled trusted root"), readStream(keys, "bundled npm keys"),
                        "bundled default");
            } catch (IOException | TrustMaterialException e) {
                throw new IllegalStateException("the bundled trust material is unusable: " + e.getMessage(), e);
            }
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

    /** The CT log whose ID (lowercase hex) is given. */
    public Optional<TransparencyLog> ctLog(String logIdHex) {
        return ctLogs.stream().filter(l -> l.logIdHex().equalsIgnoreCase(logIdHex)).findFirst();
    }

    /** All npm keys with this id and usage (one id may have several windows). */
    public List<NpmKey> npmKeys(String keyId, String usage) {
        return npmKeys.stream().filter(k -> k.keyId().equals(keyId) && k.keyUsage().equals(usage)).toList();
    }

    // ---- parsing

    private static byte[] readFile(Path file, String what) throws TrustMaterialException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new TrustMaterialException(what + " " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TrustMaterialException(what + " " + file + ": no such file");
        } catch (IOException e) {
            throw new TrustMaterialException(what + " " + file + ": cannot read: " + e.getMessage());
        }
    }

    private static byte[] readStream(InputStream in, String what) throws TrustMaterialException {
        try {
            byte[] b = in.readNBytes(MAX_BYTES + 1);
            if (b.length > MAX_BYTES) {
                throw new TrustMaterialException(what + " is larger than " + MAX_BYTES + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new TrustMaterialException(what + ": cannot read: " + e.getMessage());
        }
    }

    private static JsonNode json(byte[] bytes, String what) throws TrustMaterialException {
        try {
            JsonNode n = JSON.readTree(new ByteArrayInputStream(bytes));
            if (n == null || !n.isObject()) {
                throw new TrustMaterialException(what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new TrustMaterialException(what + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static TrustMaterial parse(byte[] trustedRoot, byte[] keys, String description) throws TrustMaterialException {
        JsonNode root = json(trustedRoot, "trusted root");
        String mediaType = root.path("mediaType").asText("");
        if (!mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
            throw new TrustMaterialException("trusted root has media type '" + mediaType
                    + "', expected application/vnd.dev.sigstore.trustedroot+json");
        }
        List<CertificateAuthority> cas = new ArrayList<>();
        int i = 0;
        for (JsonNode ca : root.path("certificateAuthorities")) {
            String where = "trusted root certificateAuthorities[" + i++ + "]";
            List<X509Certificate> chain = new ArrayList<>();
            for (JsonNode c : ca.path("certChain").path("certificates")) {
                chain.add(certificate(base64(c.path("rawBytes"), where), where));
            }
            if (chain.isEmpty()) {
                throw new TrustMaterialException(where + " has no certificates");
            }
            cas.add(new CertificateAuthority(ca.path("uri").asText(""), chain, validity(ca.path("validFor"), where)));
        }
        if (cas.isEmpty()) {
            throw new TrustMaterialException("trusted root has no certificate authorities");
        }
        List<TransparencyLog> tlogs = logs(root.path("tlogs"), "tlogs");
        if (tlogs.isEmpty()) {
            throw new TrustMaterialException("trusted root has no transparency logs");
        }
        List<TransparencyLog> ctlogs = logs(root.path("ctlogs"), "ctlogs");
        return new TrustMaterial(cas, tlogs, ctlogs, npmKeys(json(keys, "npm keys")), description);
    }

    private static List<TransparencyLog> logs(JsonNode array, String field) throws TrustMaterialException {
        List<TransparencyLog> out = new ArrayList<>();
        int i = 0;
        for (JsonNode log : array) {
            String where = "trusted root " + field + "[" + i++ + "]";
            JsonNode pk = log.path("publicKey");
            String details = pk.path("keyDetails").asText("");
            PublicKey key = publicKey(base64(pk.path("rawBytes"), where), details, where);
            byte[] logId = base64(log.path("logId").path("keyId"), where + " logId");
            out.add(new TransparencyLog(log.path("baseUrl").asText(""), HexFormat.of().formatHex(logId), key,
                    details, validity(pk.path("validFor"), where)));
        }
        return out;
    }

    /** Accepts the TUF target keys.json shape and the /-/npm/v1/keys response shape. */
    private static List<NpmKey> npmKeys(JsonNode doc) throws TrustMaterialException {
        JsonNode keys = doc.path("keys");
        if (!keys.isArray() || keys.isEmpty()) {
            throw new TrustMaterialException("npm keys file has no \"keys\" array");
        }
        List<NpmKey> out = new ArrayList<>();
        int i = 0;
        for (JsonNode k : keys) {
            String where = "npm keys[" + i++ + "]";
            if (k.has("keyId")) {
                JsonNode pk = k.path("publicKey");
                String usage = k.path("keyUsage").asText("");
                if (usage.isEmpty()) {
                    throw new TrustMaterialException(where + " has no keyUsage");
                }
                String details = pk.path("keyDetails").asText("");
                out.add(new NpmKey(k.path("keyId").asText(), usage,
                        publicKey(base64(pk.path("rawBytes"), where), details, where), validity(pk.path("validFor"), where)));
            } else if (k.has("keyid")) {
                // The registry endpoint has no usage: npm uses every listed key for both purposes.
                String keyid = k.path("keyid").asText();
                PublicKey key = publicKey(base64(k.path("key"), where), k.path("keytype").asText(""), where);
                Optional<Instant> end = k.path("expires").isTextual()
                        ? Optional.of(instant(k.path("expires").asText(), where)) : Optional.empty();
                Validity v = new Validity(Optional.empty(), end);
                out.add(new NpmKey(keyid, NpmKey.SIGNATURES, key, v));
                out.add(new NpmKey(keyid, NpmKey.ATTESTATIONS, key, v));
            } else {
                throw new TrustMaterialException(where + " has neither keyId (TUF keys.json) nor keyid (/-/npm/v1/keys)");
            }
        }
        return out;
    }

    private static Validity validity(JsonNode validFor, String where) throws TrustMaterialException {
        Optional<Instant> start = validFor.path("start").isTextual()
                ? Optional.of(instant(validFor.path("start").asText(), where)) : Optional.empty();
        Optional<Instant> end = validFor.path("end").isTextual()
                ? Optional.of(instant(validFor.path("end").asText(), where)) : Optional.empty();
        return new Validity(start, end);
    }

    private static Instant instant(String text, String where) throws TrustMaterialException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new TrustMaterialException(where + " has a bad timestamp '" + text + "'");
        }
    }

    private static byte[] base64(JsonNode node, String where) throws TrustMaterialException {
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new TrustMaterialException(where + " lacks its base64 key or certificate bytes");
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new TrustMaterialException(where + " has invalid base64");
        }
    }

    private static X509Certificate certificate(byte[] der, String where) throws TrustMaterialException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new TrustMaterialException(where + " holds an unparseable certificate");
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
