package dev.trustlock.core.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A small TUF repository built by the tests: root, timestamp, snapshot and targets metadata
 * signed with freshly generated keys (ECDSA P-256 with PEM public keys for root and targets,
 * as Sigstore's own repository has them; Ed25519 with hex public keys for snapshot and
 * timestamp), holding the two targets trustlock refreshes. Metadata is signed over canonical
 * JSON (keys sorted, no whitespace) built here with Jackson, independently of the TUF client.
 *
 * <p>{@link #files()} gives every file a mirror serves, by path, laid out for consistent
 * snapshots ({@code N.root.json}, {@code timestamp.json}, {@code N.snapshot.json},
 * {@code N.targets.json}, {@code targets/[dir/]SHA512.name}).
 */
public final class TestTufRepository {

    /** A signing key and its TUF key object. */
    public static final class TufKey {
        final String keyType;
        final String scheme;
        final KeyPair pair;
        final String keyId;
        final Map<String, Object> tufKey;

        private TufKey(String keyType, String scheme, KeyPair pair, String publicValue) {
            this.keyType = keyType;
            this.scheme = scheme;
            this.pair = pair;
            Map<String, Object> k = new TreeMap<>();
            k.put("keytype", keyType);
            k.put("scheme", scheme);
            k.put("keyid_hash_algorithms", List.of("sha256", "sha512"));
            k.put("keyval", new TreeMap<>(Map.of("public", publicValue)));
            this.tufKey = k;
            this.keyId = HexFormat.of().formatHex(sha("SHA-256", canonical(k)));
        }

        public static TufKey ecdsa() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair kp = g.generateKeyPair();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(kp.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                return new TufKey("ecdsa", "ecdsa-sha2-nistp256", kp, pem);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public static TufKey ed25519() {
            try {
                KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] spki = kp.getPublic().getEncoded();
                // The raw 32-byte key is the tail of its SubjectPublicKeyInfo.
                byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
                return new TufKey("ed25519", "ed25519", kp, HexFormat.of().formatHex(raw));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] sign(byte[] data) {
            try {
                PrivateKey pk = pair.getPrivate();
                Signature s = Signature.getInstance(keyType.equals("ed25519") ? "Ed25519" : "SHA256withECDSA");
                s.initSign(pk);
                s.update(data);
                return s.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public String keyId() {
            return keyId;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public final TufKey rootKey = TufKey.ecdsa();
    public final TufKey targetsKey = TufKey.ecdsa();
    public final TufKey snapshotKey = TufKey.ed25519();
    public final TufKey timestampKey = TufKey.ed25519();

    private final Map<String, byte[]> targets = new LinkedHashMap<>();
    private Instant timestampExpires = Instant.now().plus(1, ChronoUnit.DAYS);
    private Instant otherExpires = Instant.now().plus(365, ChronoUnit.DAYS);
    private int timestampVersion = 1;
    private int snapshotVersion = 1;
    private int targetsVersion = 1;
    private TufKey targetsSigner;
    private UnaryOperator<byte[]> targetsSignatureMutator = UnaryOperator.identity();
    private final Map<String, byte[]> servedTargetOverride = new LinkedHashMap<>();
    private final List<TufKey> extraRootVersions = new ArrayList<>();

    /** A repository holding the bundled trusted_root.json and keys.json as its two targets. */
    public static TestTufRepository withBundledTargets() {
        TestTufRepository r = new TestTufRepository();
        r.target(TufTrustRefresher.TRUSTED_ROOT_TARGET, bundled("trusted_root.json"));
        r.target(TufTrustRefresher.NPM_KEYS_TARGET, bundled("keys.json"));
        return r;
    }

    public static byte[] bundled(String name) {
        try (InputStream in = TrustMaterial.class.getResourceAsStream("/dev/trustlock/core/trust/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public TestTufRepository target(String name, byte[] bytes) {
        targets.put(name, bytes.clone());
        return this;
    }

    public TestTufRepository removeTarget(String name) {
        targets.remove(name);
        return this;
    }

    /** Serve these bytes for a target while the metadata still describes the original. */
    public TestTufRepository serveInsteadOf(String name, byte[] bytes) {
        servedTargetOverride.put(name, bytes.clone());
        return this;
    }

    public TestTufRepository timestampExpires(Instant when) {
        this.timestampExpires = when;
        return this;
    }

    public TestTufRepository timestampVersion(int v) {
        this.timestampVersion = v;
        return this;
    }

    public TestTufRepository snapshotAndTargetsVersion(int v) {
        this.snapshotVersion = v;
        this.targetsVersion = v;
        return this;
    }

    /** Sign targets metadata with this key instead of the one the root names. */
    public TestTufRepository targetsSignedBy(TufKey key) {
        this.targetsSigner = key;
        return this;
    }

    /** Alter the targets metadata signature bytes after signing. */
    public TestTufRepository mutateTargetsSignature(UnaryOperator<byte[]> f) {
        this.targetsSignatureMutator = f;
        return this;
    }

    /** Publish a 2.root.json that rotates the root key to {@code next} (signed by old and new keys). */
    public TestTufRepository rotateRootTo(TufKey next) {
        extraRootVersions.add(next);
        return this;
    }

    /** 1.root.json: the initial root a client is given out of band. */
    public byte[] initialRoot() {
        return rootJson(1, rootKey, List.of(rootKey));
    }

    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("1.root.json", initialRoot());
        TufKey current = rootKey;
        int v = 1;
        for (TufKey next : extraRootVersions) {
            v++;
            files.put(v + ".root.json", rootJson(v, next, List.of(current, next)));
            current = next;
        }

        Map<String, Object> targetMap = new TreeMap<>();
        for (Map.Entry<String, byte[]> t : targets.entrySet()) {
            byte[] b = t.getValue();
            String sha512 = HexFormat.of().formatHex(sha("SHA-512", b));
            Map<String, Object> d = new TreeMap<>();
            d.put("length", b.length);
            d.put("hashes", new TreeMap<>(Map.of("sha256", HexFormat.of().formatHex(sha("SHA-256", b)),
                    "sha512", sha512)));
            d.put("custom", Map.of("sigstore", new TreeMap<>(Map.of("status", "Active", "usage", "Unknown"))));
            targetMap.put(t.getKey(), d);
            int slash = t.getKey().lastIndexOf('/');
            String path = "targets/" + t.getKey().substring(0, slash + 1) + sha512 + "." + t.getKey().substring(slash + 1);
            files.put(path, servedTargetOverride.getOrDefault(t.getKey(), b));
        }
        Map<String, Object> targetsSigned = meta("targets", targetsVersion, otherExpires);
        targetsSigned.put("targets", targetMap);
        byte[] targetsFile = signed(targetsSigned, targetsSigner != null ? targetsSigner : targetsKey,
                targetsSignatureMutator);
        files.put(targetsVersion + ".targets.json", targetsFile);

        Map<String, Object> snapshotSigned = meta("snapshot", snapshotVersion, otherExpires);
        snapshotSigned.put("meta", Map.of("targets.json", new TreeMap<>(Map.of("version", targetsVersion))));
        byte[] snapshotFile = signed(snapshotSigned, snapshotKey, UnaryOperator.identity());
        files.put(snapshotVersion + ".snapshot.json", snapshotFile);

        Map<String, Object> timestampSigned = meta("timestamp", timestampVersion, timestampExpires);
        timestampSigned.put("meta", Map.of("snapshot.json", new TreeMap<>(Map.of(
                "version", snapshotVersion,
                "length", snapshotFile.length,
                "hashes", new TreeMap<>(Map.of("sha256", HexFormat.of().formatHex(sha("SHA-256", snapshotFile))))))));
        files.put("timestamp.json", signed(timestampSigned, timestampKey, UnaryOperator.identity()));
        return files;
    }

    private byte[] rootJson(int version, TufKey root, List<TufKey> signers) {
        Map<String, Object> keys = new TreeMap<>();
        for (TufKey k : List.of(root, targetsKey, snapshotKey, timestampKey)) {
            keys.put(k.keyId, k.tufKey);
        }
        Map<String, Object> roles = new TreeMap<>();
        roles.put("root", role(root));
        roles.put("targets", role(targetsKey));
        roles.put("snapshot", role(snapshotKey));
        roles.put("timestamp", role(timestampKey));
        Map<String, Object> signed = meta("root", version, otherExpires);
        signed.put("consistent_snapshot", true);
        signed.put("keys", keys);
        signed.put("roles", roles);
        return signed(signed, signers);
    }

    private static Map<String, Object> role(TufKey k) {
        return new TreeMap<>(Map.of("keyids", List.of(k.keyId), "threshold", 1));
    }

    private static Map<String, Object> meta(String type, int version, Instant expires) {
        Map<String, Object> m = new TreeMap<>();
        m.put("_type", type);
        m.put("spec_version", "1.0");
        m.put("version", version);
        m.put("expires", expires.truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    private static byte[] signed(Map<String, Object> signed, TufKey key, UnaryOperator<byte[]> mutate) {
        byte[] sig = mutate.apply(key.sign(canonical(signed)));
        return envelope(signed, List.of(Map.of("keyid", key.keyId, "sig", HexFormat.of().formatHex(sig))));
    }

    private static byte[] signed(Map<String, Object> signed, List<TufKey> keys) {
        List<Object> sigs = new ArrayList<>();
        for (TufKey k : keys) {
            sigs.add(Map.of("keyid", k.keyId, "sig", HexFormat.of().formatHex(k.sign(canonical(signed)))));
        }
        return envelope(signed, sigs);
    }

    private static byte[] envelope(Map<String, Object> signed, List<?> signatures) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("signatures", signatures);
        doc.put("signed", signed);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * TUF's canonical JSON (OLPC / securesystemslib): object keys sorted, no whitespace, and in
     * strings only {@code "} and {@code \\} escaped (a PEM key's newlines stay raw bytes).
     */
    static byte[] canonical(Object value) {
        StringBuilder b = new StringBuilder();
        canonical(value, b);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void canonical(Object v, StringBuilder b) {
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put((String) k, x));
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                canonical(e.getKey(), b);
                b.append(':');
                canonical(e.getValue(), b);
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                canonical(l.get(i), b);
            }
            b.append(']');
        } else if (v instanceof String s) {
            b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (v instanceof Integer || v instanceof Long || v instanceof Boolean) {
            b.append(v);
        } else {
            throw new IllegalArgumentException("not canonicalisable here: " + v);
        }
    }

    static byte[] sha(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
