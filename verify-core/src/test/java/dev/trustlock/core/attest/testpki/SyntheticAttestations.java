package dev.trustlock.core.attest.testpki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.testpki.LeafCertificates.Leaf;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.TestPki.NpmKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds npm attestations responses ({@code GET /-/npm/v1/attestations/<name>@<version>}) signed
 * by a {@link TestPki}: an SLSA provenance bundle (Fulcio-style leaf, DSSE, Rekor entry with SET,
 * optional inclusion proof and checkpoint) and an npm publish attestation (signed by an npm
 * attestation key named by {@code publicKey.hint}), plus {@code dist.signatures}.
 *
 * <p>Every {@link Fault} injects exactly ONE defect at the point where it would arise and keeps
 * everything downstream consistent with it (e.g. a payload changed after signing is then
 * logged as changed, with a valid SET), so a verifier has one reason to reject, not several.
 */
public final class SyntheticAttestations {

    public static final String PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
    public static final String PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";
    public static final String PUBLISH_V01 = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
    public static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";

    /** Seconds after {@link TestPki#T0} at which the provenance / publish entries are logged. */
    public static final long PROVENANCE_LOGGED_AFTER = 30;
    public static final long PUBLISH_LOGGED_AFTER = 32;
    public static final long PROVENANCE_LOG_INDEX = 5;
    public static final long PUBLISH_LOG_INDEX = 7;

    public enum BundleVersion {
        V01("application/vnd.dev.sigstore.bundle+json;version=0.1"),
        V02("application/vnd.dev.sigstore.bundle+json;version=0.2"),
        V03("application/vnd.dev.sigstore.bundle.v0.3+json");

        public final String mediaType;

        BundleVersion(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    public enum TlogKind {
        INTOTO("intoto", "0.0.2"),
        DSSE("dsse", "0.0.1"),
        /** A real Rekor kind that cannot record a DSSE envelope: verifiers must refuse it. */
        HASHEDREKORD("hashedrekord", "0.0.1");

        public final String kind;
        public final String version;

        TlogKind(String kind, String version) {
            this.kind = kind;
            this.version = version;
        }
    }

    public enum Slsa {
        V02(PROVENANCE_V02),
        V1(PROVENANCE_V1);

        public final String predicateType;

        Slsa(String predicateType) {
            this.predicateType = predicateType;
        }
    }

    /** One defect each; applied to whichever bundle's fault set names it. */
    public enum Fault {
        // DSSE envelope
        DSSE_SIGNATURE_FLIPPED,
        PAYLOAD_CHANGED_AFTER_SIGNING,
        PAE_WITH_CHARACTER_LENGTHS,
        SIGNED_BY_ANOTHER_KEY,
        /** Provenance signed by the npm attestation key (publicKey hint) instead of a Fulcio leaf. */
        SIGNED_BY_NPM_KEY_INSTEAD_OF_LEAF,
        /** Publish attestation signed by a Fulcio leaf (certificate) instead of the npm key. */
        SIGNED_BY_LEAF_INSTEAD_OF_NPM_KEY,
        /** The signed payload is not JSON at all (signed and logged as such). */
        STATEMENT_NOT_JSON,
        // Transparency log entry
        SET_SIGNATURE_FLIPPED,
        /** No inclusionPromise; with no inclusion proof either, nothing anchors the entry. */
        SET_REMOVED,
        SET_OVER_OTHER_LOG_INDEX,
        SET_BY_UNKNOWN_LOG_KEY,
        ENTRY_FROM_UNKNOWN_LOG,
        BODY_FOR_ANOTHER_ENVELOPE,
        /** integratedTime edited after the log signed the SET (e.g. to move it into the cert's validity). */
        INTEGRATED_TIME_EDITED,
        /** kindVersion says one kind, the logged body is of the other kind (intoto vs dsse). */
        BODY_OF_OTHER_KIND,
        /** canonicalizedBody is not JSON (yet properly logged: SET and proof cover it). */
        BODY_NOT_JSON,
        BODY_WITH_OTHER_SIGNATURE,
        /** The logged body's payloadHash is of another payload (signature and key as the envelope's). */
        BODY_WITH_OTHER_PAYLOAD_HASH,
        BODY_WITH_OTHER_PUBLIC_KEY,
        // Inclusion proof and checkpoint
        PROOF_HASH_FLIPPED,
        PROOF_TREE_SIZE_WRONG,
        PROOF_ROOT_HASH_WRONG,
        PROOF_LOG_INDEX_WRONG,
        CHECKPOINT_FOR_OTHER_SIZE,
        CHECKPOINT_SIGNATURE_FLIPPED,
        CHECKPOINT_FOR_OTHER_ROOT,
        CHECKPOINT_BY_UNKNOWN_KEY,
        // Bundle structure (applied to the finished JSON)
        MEDIA_TYPE_UNKNOWN,
        PAYLOAD_BASE64_MALFORMED,
        VERIFICATION_MATERIAL_MISSING,
        TLOG_ENTRIES_EMPTY,
        ENVELOPE_SIGNATURES_EMPTY,
        CERTIFICATE_BYTES_GARBLED
    }

    /** Knobs for one response; defaults give a valid v0.2 / intoto / SLSA v1 response with publish attestation. */
    public static final class Options {
        BundleVersion bundleVersion = BundleVersion.V02;
        TlogKind tlogKind = TlogKind.INTOTO;
        Slsa slsa = Slsa.V1;
        String statementType = STATEMENT_V1;
        boolean inclusionProof = true;
        boolean checkpoint = true;
        boolean bundleCarriesIntermediate = true;
        boolean withPublish = true;
        LeafSpec leaf = LeafSpec.standard();
        Optional<String> subjectName = Optional.empty();
        Optional<String> subjectSha512Hex = Optional.empty();
        Optional<String> statementPredicateType = Optional.empty();
        Optional<String> listedPredicateType = Optional.empty();
        Optional<String> payloadType = Optional.empty();
        Optional<Instant> provenanceIntegratedTime = Optional.empty();
        Optional<Instant> publishIntegratedTime = Optional.empty();
        Optional<NpmKeyPair> publishKey = Optional.empty();
        Optional<String> publishSubjectSha512Hex = Optional.empty();
        Optional<String> publishSubjectName = Optional.empty();
        Optional<String> publishPredicateName = Optional.empty();
        Optional<String> publishPredicateVersion = Optional.empty();
        Set<Fault> provenanceFaults = EnumSet.noneOf(Fault.class);
        Set<Fault> publishFaults = EnumSet.noneOf(Fault.class);
        Map<String, String> claims = new TreeMap<>();
        Optional<List<X509Certificate>> chainAfterLeaf = Optional.empty();

        /** The certificates a v0.1/v0.2 chain lists after the leaf, instead of the issuing chain. */
        public Options chainAfterLeaf(X509Certificate... certs) {
            chainAfterLeaf = Optional.of(List.of(certs));
            return this;
        }

        /**
         * A value the SLSA predicate claims instead of the certificate's: repository, path, ref,
         * commit, trigger, repository_id, owner_id, runner, run (v1 and v0.2 alike where the field exists).
         */
        public Options claim(String field, String value) {
            claims.put(field, value);
            return this;
        }

        public Options bundleVersion(BundleVersion v) {
            bundleVersion = v;
            return this;
        }

        public Options tlogKind(TlogKind v) {
            tlogKind = v;
            return this;
        }

        public Options slsa(Slsa v) {
            slsa = v;
            return this;
        }

        public Options statementType(String v) {
            statementType = v;
            return this;
        }

        public Options inclusionProof(boolean v) {
            inclusionProof = v;
            return this;
        }

        public Options checkpoint(boolean v) {
            checkpoint = v;
            return this;
        }

        /** v0.1/v0.2 chains: [leaf, intermediate] (true) or [leaf] alone (false). */
        public Options bundleCarriesIntermediate(boolean v) {
            bundleCarriesIntermediate = v;
            return this;
        }

        public Options withPublish(boolean v) {
            withPublish = v;
            return this;
        }

        public Options leaf(LeafSpec v) {
            leaf = v;
            return this;
        }

        public Options subjectName(String v) {
            subjectName = Optional.of(v);
            return this;
        }

        public Options subjectSha512Hex(String v) {
            subjectSha512Hex = Optional.of(v);
            return this;
        }

        /** The predicateType inside the signed statement (default: the SLSA version's). */
        public Options statementPredicateType(String v) {
            statementPredicateType = Optional.of(v);
            return this;
        }

        /** The predicateType the response lists beside the bundle (default: the statement's). */
        public Options listedPredicateType(String v) {
            listedPredicateType = Optional.of(v);
            return this;
        }

        public Options payloadType(String v) {
            payloadType = Optional.of(v);
            return this;
        }

        public Options provenanceIntegratedTime(Instant v) {
            provenanceIntegratedTime = Optional.of(v);
            return this;
        }

        public Options publishIntegratedTime(Instant v) {
            publishIntegratedTime = Optional.of(v);
            return this;
        }

        public Options publishKey(NpmKeyPair v) {
            publishKey = Optional.of(v);
            return this;
        }

        public Options publishSubjectSha512Hex(String v) {
            publishSubjectSha512Hex = Optional.of(v);
            return this;
        }

        public Options publishSubjectName(String v) {
            publishSubjectName = Optional.of(v);
            return this;
        }

        /** The package name inside the publish predicate (default: the package's). */
        /** The version inside the publish predicate (default: the package's). */
        public Options publishPredicateVersion(String v) {
            publishPredicateVersion = Optional.of(v);
            return this;
        }

        public Options publishPredicateName(String v) {
            publishPredicateName = Optional.of(v);
            return this;
        }

        public Options provenanceFault(Fault f) {
            provenanceFaults.add(f);
            return this;
        }

        public Options publishFault(Fault f) {
            publishFaults.add(f);
            return this;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TestPki pki;
    private final LeafCertificates leaves;

    public SyntheticAttestations(TestPki pki) {
        this.pki = pki;
        this.leaves = new LeafCertificates(pki);
    }

    /** A package whose integrity is the sha512 of a made-up tarball (never fetched). */
    public static PackageRef samplePackage() {
        return packageFor("@trustlock-test/left-pad", "1.2.3");
    }

    public static PackageRef packageFor(String name, String version) {
        byte[] tarball = ("synthetic tarball of " + name + "@" + version).getBytes(StandardCharsets.UTF_8);
        return new PackageRef(name, version,
                "sha512-" + Base64.getEncoder().encodeToString(TestPki.digest("SHA-512", tarball)));
    }

    /** {@code pkg:npm/%40scope/name@version}: npm percent-encodes the scope's {@code @}. */
    public static String purl(String name, String version) {
        String encoded = name.startsWith("@") ? "%40" + name.substring(1) : name;
        return "pkg:npm/" + encoded + "@" + version;
    }

    /** The hex sha512 the in-toto subject carries for an SRI {@code sha512-<base64>}. */
    public static String sha512Hex(String integrity) {
        for (String part : integrity.trim().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                return HexFormat.of().formatHex(Base64.getDecoder().decode(part.substring("sha512-".length())));
            }
        }
        throw new IllegalArgumentException("no sha512 in " + integrity);
    }

    // ---- responses ---------------------------------------------------------------------------

    /** A complete attestations response for {@code pkg}. */
    public ObjectNode response(PackageRef pkg, Options o) {
        ArrayNode list = NODES.arrayNode();
        Leaf leaf = leaves.issue(o.leaf);
        String statementPredicate = o.statementPredicateType.orElse(o.slsa.predicateType);
        ObjectNode provenance = NODES.objectNode();
        provenance.put("predicateType", o.listedPredicateType.orElse(statementPredicate));
        provenance.set("bundle", provenanceBundle(pkg, o, leaf, statementPredicate));
        if (o.withPublish) {
            ObjectNode publish = NODES.objectNode();
            publish.put("predicateType", PUBLISH_V01);
            publish.set("bundle", publishBundle(pkg, o));
            list.add(publish);
        }
        list.add(provenance);
        ObjectNode root = NODES.objectNode();
        root.set("attestations", list);
        return root;
    }

    public byte[] responseBytes(PackageRef pkg, Options o) {
        return bytes(response(pkg, o));
    }

    public static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code dist.signatures} for {@code pkg}: ECDSA P-256/SHA-256 over {@code name@version:integrity}. */
    public static List<DistSignature> distSignatures(PackageRef pkg, NpmKeyPair key) {
        byte[] signed = (pkg.name() + "@" + pkg.version() + ":" + pkg.integrity()).getBytes(StandardCharsets.UTF_8);
        return List.of(new DistSignature(key.keyId(), TestPki.b64(TestPki.sign(key.keys().getPrivate(), signed))));
    }

    /** The moment the provenance entry is logged, unless overridden. */
    public static Instant defaultProvenanceTime() {
        return TestPki.T0.plusSeconds(PROVENANCE_LOGGED_AFTER);
    }

    // ---- bundles -----------------------------------------------------------------------------

    private ObjectNode provenanceBundle(PackageRef pkg, Options o, Leaf leaf, String predicateType) {
        Set<Fault> faults = o.provenanceFaults;
        String subjectName = o.subjectName.orElse(purl(pkg.name(), pkg.version()));
        String digest = o.subjectSha512Hex.orElse(sha512Hex(pkg.integrity()));
        byte[] statement = faults.contains(Fault.STATEMENT_NOT_JSON)
                ? "this is not an in-toto statement".getBytes(StandardCharsets.UTF_8)
                : statement(o.statementType, subjectName, digest, predicateType,
                        o.slsa == Slsa.V1 ? slsaV1(leaf, o.claims) : slsaV02(leaf, o.claims));
        String payloadType = o.payloadType.orElse(IN_TOTO_PAYLOAD_TYPE);
        boolean npmSigned = faults.contains(Fault.SIGNED_BY_NPM_KEY_INSTEAD_OF_LEAF);
        Signer signer = npmSigned ? npmSigner(pki.npmCurrent) : leafSigner(leaf);
        Envelope env = envelope(statement, payloadType, signer, faults);
        Envelope logged = faults.contains(Fault.BODY_FOR_ANOTHER_ENVELOPE)
                ? envelope(statement(o.statementType, subjectName, digest, predicateType,
                        Map.of("note", "a different statement by the same signer")), payloadType, signer, Set.of())
                : env;
        Instant time = o.provenanceIntegratedTime.orElse(defaultProvenanceTime());
        ObjectNode material = npmSigned ? hintMaterial(pki.npmCurrent) : certificateMaterial(o, leaf);
        return finish(o, material, env, logged, signer, time, PROVENANCE_LOG_INDEX, faults);
    }

    private static Signer leafSigner(Leaf leaf) {
        return new Signer(leaf.key().getPrivate(), "", Optional.of(leaf.certificate()), Optional.empty());
    }

    private static Signer npmSigner(NpmKeyPair key) {
        return new Signer(key.keys().getPrivate(), key.keyId(), Optional.empty(), Optional.of(key.keys().getPublic()));
    }

    private static ObjectNode hintMaterial(NpmKeyPair key) {
        ObjectNode material = NODES.objectNode();
        material.putObject("publicKey").put("hint", key.keyId());
        return material;
    }

    private ObjectNode certificateMaterial(Options o, Leaf leaf) {
        ObjectNode material = NODES.objectNode();
        if (o.bundleVersion == BundleVersion.V03) {
            material.set("certificate", rawBytes(TestPki.der(leaf.certificate())));
        } else {
            ArrayNode certs = NODES.arrayNode();
            certs.add(rawBytes(TestPki.der(leaf.certificate())));
            if (o.bundleCarriesIntermediate) {
                for (X509Certificate c : o.chainAfterLeaf.orElseGet(() -> pki.chainAbove(leaf.spec().issuer()))) {
                    certs.add(rawBytes(TestPki.der(c)));
                }
            }
            ObjectNode chain = NODES.objectNode();
            chain.set("certificates", certs);
            material.set("x509CertificateChain", chain);
        }
        return material;
    }

    private ObjectNode publishBundle(PackageRef pkg, Options o) {
        Set<Fault> faults = o.publishFaults;
        NpmKeyPair key = o.publishKey.orElse(pki.npmCurrent);
        String name = o.publishSubjectName.orElse(purl(pkg.name(), pkg.version()));
        String digest = o.publishSubjectSha512Hex.orElse(sha512Hex(pkg.integrity()));
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("name", o.publishPredicateName.orElse(pkg.name()));
        predicate.put("version", o.publishPredicateVersion.orElse(pkg.version()));
        predicate.put("registry", "https://registry.npmjs.org");
        byte[] statement = statement(STATEMENT_V01, name, digest, PUBLISH_V01, predicate);
        boolean leafSigned = faults.contains(Fault.SIGNED_BY_LEAF_INSTEAD_OF_NPM_KEY);
        Leaf leaf = leafSigned ? leaves.issue(o.leaf) : null;
        Signer signer = leafSigned ? leafSigner(leaf) : npmSigner(key);
        Envelope env = envelope(statement, IN_TOTO_PAYLOAD_TYPE, signer, faults);
        Envelope logged = faults.contains(Fault.BODY_FOR_ANOTHER_ENVELOPE)
                ? envelope(statement(STATEMENT_V01, name, digest, PUBLISH_V01, Map.of("name", "other")),
                        IN_TOTO_PAYLOAD_TYPE, signer, Set.of())
                : env;
        Instant time = o.publishIntegratedTime.orElse(TestPki.T0.plusSeconds(PUBLISH_LOGGED_AFTER));
        ObjectNode material = leafSigned ? certificateMaterial(o, leaf) : hintMaterial(key);
        // npm pairs a v0.3 provenance bundle with a v0.2 publish bundle; otherwise the same version.
        Options publishOptions = new Options();
        publishOptions.bundleVersion = o.bundleVersion == BundleVersion.V03 ? BundleVersion.V02 : o.bundleVersion;
        publishOptions.tlogKind = o.tlogKind == TlogKind.HASHEDREKORD ? TlogKind.INTOTO : o.tlogKind;
        publishOptions.inclusionProof = o.inclusionProof;
        publishOptions.checkpoint = o.checkpoint;
        return finish(publishOptions, material, env, logged, signer, time, PUBLISH_LOG_INDEX, faults);
    }

    private ObjectNode finish(Options o, ObjectNode material, Envelope env, Envelope logged, Signer signer,
            Instant time, long logIndex, Set<Fault> faults) {
        ArrayNode entries = NODES.arrayNode();
        entries.add(tlogEntry(o, logged, signer, time, logIndex, faults));
        material.set("tlogEntries", entries);
        ObjectNode tsv = NODES.objectNode();
        tsv.set("rfc3161Timestamps", NODES.arrayNode());
        material.set("timestampVerificationData", tsv);

        ObjectNode bundle = NODES.objectNode();
        bundle.put("mediaType", o.bundleVersion.mediaType);
        bundle.set("verificationMaterial", material);
        bundle.set("dsseEnvelope", env.json());
        applyStructuralFaults(bundle, faults);
        return bundle;
    }

    private static void applyStructuralFaults(ObjectNode bundle, Set<Fault> faults) {
        if (faults.contains(Fault.MEDIA_TYPE_UNKNOWN)) {
            bundle.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.9");
        }
        if (faults.contains(Fault.PAYLOAD_BASE64_MALFORMED)) {
            ObjectNode env = (ObjectNode) bundle.get("dsseEnvelope");
            env.put("payload", "%%%not base64%%%" + env.get("payload").asText());
        }
        if (faults.contains(Fault.VERIFICATION_MATERIAL_MISSING)) {
            bundle.remove("verificationMaterial");
        }
        if (faults.contains(Fault.TLOG_ENTRIES_EMPTY)) {
            ((ObjectNode) bundle.get("verificationMaterial")).set("tlogEntries", NODES.arrayNode());
        }
        if (faults.contains(Fault.ENVELOPE_SIGNATURES_EMPTY)) {
            ((ObjectNode) bundle.get("dsseEnvelope")).set("signatures", NODES.arrayNode());
        }
        if (faults.contains(Fault.CERTIFICATE_BYTES_GARBLED)) {
            ObjectNode material = (ObjectNode) bundle.get("verificationMaterial");
            ObjectNode cert = material.has("certificate") ? (ObjectNode) material.get("certificate")
                    : (ObjectNode) material.get("x509CertificateChain").get("certificates").get(0);
            byte[] der = Base64.getDecoder().decode(cert.get("rawBytes").asText());
            byte[] garbled = new byte[der.length / 2];
            System.arraycopy(der, 0, garbled, 0, garbled.length);
            cert.put("rawBytes", TestPki.b64(garbled));
        }
    }

    // ---- DSSE --------------------------------------------------------------------------------

    /** Who signs an envelope: the leaf (keyid "") or an npm key (keyid = its id). */
    private record Signer(PrivateKey key, String keyid, Optional<X509Certificate> certificate,
            Optional<java.security.PublicKey> publicKey) {

        /** PEM of the certificate or public key, as Rekor records the verifier. */
        String pem() {
            return certificate.map(TestPki::pem).orElseGet(() -> TestPki.pem(publicKey.orElseThrow()));
        }
    }

    private record Envelope(byte[] payload, String payloadB64, String payloadType, byte[] signature, String keyid) {

        ObjectNode json() {
            ObjectNode env = NODES.objectNode();
            env.put("payload", payloadB64);
            env.put("payloadType", payloadType);
            ObjectNode sig = NODES.objectNode();
            sig.put("sig", TestPki.b64(signature));
            sig.put("keyid", keyid);
            env.set("signatures", NODES.arrayNode().add(sig));
            return env;
        }
    }

    private Envelope envelope(byte[] statement, String payloadType, Signer signer, Set<Fault> faults) {
        byte[] pae = faults.contains(Fault.PAE_WITH_CHARACTER_LENGTHS)
                ? paeWithCharacterLengths(payloadType, statement)
                : pae(payloadType, statement);
        PrivateKey key = signer.key();
        if (faults.contains(Fault.SIGNED_BY_ANOTHER_KEY)) {
            KeyPair other = pki.newLeafKey();
            key = other.getPrivate();
        }
        byte[] signature = TestPki.sign(key, pae);
        if (faults.contains(Fault.DSSE_SIGNATURE_FLIPPED)) {
            signature = flipLast(signature);
        }
        byte[] payload = statement;
        if (faults.contains(Fault.PAYLOAD_CHANGED_AFTER_SIGNING)) {
            // Same length, same subject: only the signature can notice.
            String s = new String(statement, StandardCharsets.UTF_8);
            String changed = s.replace("Publish", "Pwnage!");
            if (changed.equals(s)) {
                changed = s.replace("registry.npmjs.org", "registry.evil.test");
            }
            payload = changed.getBytes(StandardCharsets.UTF_8);
        }
        return new Envelope(payload, TestPki.b64(payload), payloadType, signature, signer.keyid());
    }

    /** DSSE v1 pre-authentication encoding; lengths are BYTE lengths in ASCII decimal. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        String head = "DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ";
        return concat(head.getBytes(StandardCharsets.UTF_8), payload);
    }

    /** The classic mistake: character counts instead of byte counts (differs for non-ASCII). */
    private static byte[] paeWithCharacterLengths(String payloadType, byte[] payload) {
        String body = new String(payload, StandardCharsets.UTF_8);
        String head = "DSSEv1 " + payloadType.length() + " " + payloadType + " " + body.length() + " ";
        return concat(head.getBytes(StandardCharsets.UTF_8), payload);
    }

    // ---- in-toto statement and SLSA predicates -----------------------------------------------

    private static byte[] statement(String type, String subjectName, String sha512Hex, String predicateType,
            Map<String, Object> predicate) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("_type", type);
        st.put("subject", List.of(ordered("name", subjectName, "digest", Map.of("sha512", sha512Hex))));
        st.put("predicateType", predicateType);
        st.put("predicate", predicate);
        try {
            return JSON.writeValueAsBytes(st);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> slsaV1(Leaf leaf, Map<String, String> claims) {
        LeafCertificates.GithubIdentity id = leaf.spec().identity();
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("ref", claims.getOrDefault("ref", id.ref()));
        workflow.put("repository", claims.getOrDefault("repository", id.repositoryUri()));
        workflow.put("path", claims.getOrDefault("path", id.workflowPath()));
        Map<String, Object> github = new LinkedHashMap<>();
        github.put("event_name", claims.getOrDefault("trigger", id.trigger()));
        github.put("repository_id", claims.getOrDefault("repository_id", id.repositoryId()));
        github.put("repository_owner_id", claims.getOrDefault("owner_id", id.ownerId()));
        if (claims.containsKey("runner")) {
            github.put("runner_environment", claims.get("runner"));
        }
        // Non-ASCII on purpose: a PAE computed with character counts must not verify.
        github.put("workflow_name", "Publish \u2192 npm \u2713");
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("buildType", "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1");
        def.put("externalParameters", Map.of("workflow", workflow));
        def.put("internalParameters", Map.of("github", github));
        def.put("resolvedDependencies", List.of(ordered("uri", "git+" + id.repositoryUri() + "@" + id.ref(),
                "digest", Map.of("gitCommit", claims.getOrDefault("commit", id.sha())))));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("builder", Map.of("id", "https://github.com/actions/runner/github-hosted"));
        run.put("metadata", Map.of("invocationId", claims.getOrDefault("run", id.runInvocationUri())));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("buildDefinition", def);
        p.put("runDetails", run);
        return p;
    }

    private static Map<String, Object> slsaV02(Leaf leaf, Map<String, String> claims) {
        LeafCertificates.GithubIdentity id = leaf.spec().identity();
        String ref = claims.getOrDefault("ref", id.ref());
        String workflowRef = id.owner() + "/" + id.repo() + "/" + claims.getOrDefault("path", id.workflowPath()) + "@" + ref;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("uri", "git+" + claims.getOrDefault("repository", id.repositoryUri()) + "@" + ref);
        config.put("digest", Map.of("sha1", claims.getOrDefault("commit", id.sha())));
        // npm writes the full workflow ref here, e.g. "owner/repo/.github/workflows/x.yml@refs/tags/v1".
        config.put("entryPoint", workflowRef);
        Map<String, Object> env = new TreeMap<>();
        env.put("GITHUB_EVENT_NAME", claims.getOrDefault("trigger", id.trigger()));
        env.put("GITHUB_REF", ref);
        env.put("GITHUB_REPOSITORY", id.owner() + "/" + id.repo());
        env.put("GITHUB_REPOSITORY_ID", claims.getOrDefault("repository_id", id.repositoryId()));
        env.put("GITHUB_REPOSITORY_OWNER_ID", claims.getOrDefault("owner_id", id.ownerId()));
        env.put("GITHUB_RUN_ATTEMPT", "1");
        env.put("GITHUB_RUN_ID", Long.toString(id.runId()));
        env.put("GITHUB_SHA", id.sha());
        env.put("GITHUB_WORKFLOW", "Publish \u2192 npm \u2713");
        env.put("GITHUB_WORKFLOW_REF", workflowRef);
        env.put("GITHUB_WORKFLOW_SHA", id.sha());
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("configSource", config);
        invocation.put("parameters", Map.of());
        invocation.put("environment", env);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("buildType", "https://github.com/npm/cli/gha/v2");
        p.put("builder", Map.of("id", "https://github.com/actions/runner"));
        p.put("invocation", invocation);
        p.put("metadata", ordered("buildInvocationId", claims.getOrDefault("run", id.runId() + "-1"), "completeness",
                ordered("parameters", false, "environment", false, "materials", false), "reproducible", false));
        p.put("materials", List.of(ordered("uri", "git+" + id.repositoryUri() + "@" + id.ref(),
                "digest", Map.of("sha1", id.sha()))));
        return p;
    }

    // ---- Rekor entry -------------------------------------------------------------------------

    private ObjectNode tlogEntry(Options o, Envelope logged, Signer signer, Instant time, long logIndex,
            Set<Fault> faults) {
        boolean unknownLog = faults.contains(Fault.ENTRY_FROM_UNKNOWN_LOG);
        KeyPair logKey = unknownLog ? pki.unknownRekorKey : pki.rekorKey;
        byte[] logId = TestPki.logId(logKey.getPublic());
        TlogKind bodyKind = !faults.contains(Fault.BODY_OF_OTHER_KIND) ? o.tlogKind
                : o.tlogKind == TlogKind.DSSE ? TlogKind.INTOTO : TlogKind.DSSE;
        byte[] body = faults.contains(Fault.BODY_NOT_JSON)
                ? "{this is not json".getBytes(StandardCharsets.UTF_8)
                : canonicalBody(bodyKind, logged, signer, faults);
        String bodyB64 = TestPki.b64(body);

        ObjectNode entry = NODES.objectNode();
        entry.put("logIndex", Long.toString(logIndex));
        entry.putObject("logId").put("keyId", TestPki.b64(logId));
        ObjectNode kv = entry.putObject("kindVersion");
        kv.put("kind", o.tlogKind.kind);
        kv.put("version", o.tlogKind.version);
        long shownTime = time.getEpochSecond() + (faults.contains(Fault.INTEGRATED_TIME_EDITED) ? 5 : 0);
        entry.put("integratedTime", Long.toString(shownTime));

        long setIndex = faults.contains(Fault.SET_OVER_OTHER_LOG_INDEX) ? logIndex + 1 : logIndex;
        KeyPair setKey = faults.contains(Fault.SET_BY_UNKNOWN_LOG_KEY) ? pki.unknownRekorKey : logKey;
        byte[] set = TestPki.sign(setKey.getPrivate(),
                setPayload(bodyB64, time.getEpochSecond(), logId, setIndex));
        if (faults.contains(Fault.SET_SIGNATURE_FLIPPED)) {
            set = flipLast(set);
        }
        if (!faults.contains(Fault.SET_REMOVED)) {
            entry.putObject("inclusionPromise").put("signedEntryTimestamp", TestPki.b64(set));
        }
        if (o.inclusionProof) {
            entry.set("inclusionProof", inclusionProof(o, body, logIndex, logKey, faults));
        }
        entry.put("canonicalizedBody", bodyB64);
        return entry;
    }

    /** The SET payload: canonical JSON {body, integratedTime, logID (hex), logIndex}. */
    public static byte[] setPayload(String bodyB64, long integratedTime, byte[] logId, long logIndex) {
        Map<String, Object> m = new TreeMap<>();
        m.put("body", bodyB64);
        m.put("integratedTime", integratedTime);
        m.put("logID", HexFormat.of().formatHex(logId));
        m.put("logIndex", logIndex);
        return canonical(m);
    }

    private byte[] canonicalBody(TlogKind kind, Envelope env, Signer signer, Set<Fault> faults) {
        byte[] sig = env.signature();
        if (faults.contains(Fault.BODY_WITH_OTHER_SIGNATURE)) {
            sig = TestPki.sign(pki.newLeafKey().getPrivate(), env.payload());
        }
        String verifierPem = faults.contains(Fault.BODY_WITH_OTHER_PUBLIC_KEY)
                ? TestPki.pem(pki.newLeafKey().getPublic())
                : signer.pem();
        String verifierB64 = TestPki.b64(verifierPem.getBytes(StandardCharsets.US_ASCII));
        String payloadHash = faults.contains(Fault.BODY_WITH_OTHER_PAYLOAD_HASH)
                ? hex(TestPki.sha256("another payload".getBytes(StandardCharsets.UTF_8)))
                : hex(TestPki.sha256(env.payload()));
        Map<String, Object> spec = new TreeMap<>();
        switch (kind) {
            case INTOTO -> {
                Map<String, Object> s = new TreeMap<>();
                if (!env.keyid().isEmpty()) {
                    s.put("keyid", env.keyid());
                }
                s.put("publicKey", verifierB64);
                // Rekor stores the base64 signature base64-encoded once more.
                s.put("sig", TestPki.b64(TestPki.b64(sig).getBytes(StandardCharsets.US_ASCII)));
                Map<String, Object> envelope = new TreeMap<>();
                envelope.put("payloadType", env.payloadType());
                envelope.put("signatures", List.of(s));
                Map<String, Object> content = new TreeMap<>();
                content.put("envelope", envelope);
                content.put("hash", hashOf(TestPki.sha256(envelopeForHash(env, sig, true))));
                content.put("payloadHash", Map.of("algorithm", "sha256", "value", payloadHash));
                spec.put("content", content);
            }
            case DSSE -> {
                spec.put("envelopeHash", hashOf(TestPki.sha256(envelopeForHash(env, sig, false))));
                spec.put("payloadHash", Map.of("algorithm", "sha256", "value", payloadHash));
                Map<String, Object> s = new TreeMap<>();
                s.put("signature", TestPki.b64(sig));
                s.put("verifier", verifierB64);
                spec.put("signatures", List.of(s));
            }
            case HASHEDREKORD -> {
                spec.put("data", Map.of("hash", Map.of("algorithm", "sha256", "value", payloadHash)));
                spec.put("signature", Map.of("content", TestPki.b64(sig),
                        "publicKey", Map.of("content", verifierB64)));
            }
        }
        Map<String, Object> body = new TreeMap<>();
        body.put("apiVersion", kind.version);
        body.put("kind", kind.kind);
        body.put("spec", spec);
        return canonical(body);
    }

    /** The envelope JSON Rekor hashes (dsse: payload, payloadType, signatures[{sig, keyid}]). */
    private static byte[] envelopeForHash(Envelope env, byte[] sig, boolean sorted) {
        Map<String, Object> s = sorted ? new TreeMap<>() : new LinkedHashMap<>();
        s.put("sig", TestPki.b64(sig));
        if (!env.keyid().isEmpty()) {
            s.put("keyid", env.keyid());
        }
        Map<String, Object> m = sorted ? new TreeMap<>() : new LinkedHashMap<>();
        m.put("payload", env.payloadB64());
        m.put("payloadType", env.payloadType());
        m.put("signatures", List.of(s));
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode inclusionProof(Options o, byte[] body, long logIndex, KeyPair logKey, Set<Fault> faults) {
        // A small log: filler entries around ours at position logIndex.
        int size = (int) logIndex + 6;
        List<byte[]> leavesList = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leavesList.add(i == logIndex ? body : ("filler entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        MerkleTree tree = new MerkleTree(leavesList);
        List<byte[]> path = tree.auditPath((int) logIndex);
        byte[] root = tree.root();
        long treeSize = tree.size();
        if (faults.contains(Fault.PROOF_HASH_FLIPPED)) {
            path.set(0, flipLast(path.get(0)));
        }
        if (faults.contains(Fault.PROOF_TREE_SIZE_WRONG)) {
            treeSize = treeSize + 9;
        }
        if (faults.contains(Fault.PROOF_ROOT_HASH_WRONG)) {
            root = TestPki.sha256("not the root".getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode proof = NODES.objectNode();
        proof.put("logIndex", Long.toString(faults.contains(Fault.PROOF_LOG_INDEX_WRONG) ? logIndex + 1 : logIndex));
        proof.put("rootHash", TestPki.b64(root));
        proof.put("treeSize", Long.toString(treeSize));
        ArrayNode hashes = proof.putArray("hashes");
        for (byte[] h : path) {
            hashes.add(TestPki.b64(h));
        }
        if (o.checkpoint) {
            byte[] cpRoot = faults.contains(Fault.CHECKPOINT_FOR_OTHER_ROOT)
                    ? TestPki.sha256("another root".getBytes(StandardCharsets.UTF_8))
                    : root;
            KeyPair cpKey = faults.contains(Fault.CHECKPOINT_BY_UNKNOWN_KEY) ? pki.unknownRekorKey : logKey;
            long cpSize = faults.contains(Fault.CHECKPOINT_FOR_OTHER_SIZE) ? treeSize + 1 : treeSize;
            proof.putObject("checkpoint").put("envelope",
                    checkpoint(cpKey, cpSize, cpRoot,
                            faults.contains(Fault.CHECKPOINT_SIGNATURE_FLIPPED)));
        }
        return proof;
    }

    /**
     * A signed note: {@code <origin>\n<size>\n<b64 root>\n\n— <name> <b64(4-byte key hint || sig)>\n}.
     * The hint is the first 4 bytes of the log id; the signature covers the note text (the three
     * lines with their newlines).
     */
    public static String checkpoint(KeyPair signer, long treeSize, byte[] root, boolean flip) {
        String note = TestPki.REKOR_ORIGIN + "\n" + treeSize + "\n" + TestPki.b64(root) + "\n";
        byte[] sig = TestPki.sign(signer.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
        if (flip) {
            sig = flipLast(sig);
        }
        byte[] hint = TestPki.sha256(signer.getPublic().getEncoded());
        byte[] blob = new byte[4 + sig.length];
        System.arraycopy(hint, 0, blob, 0, 4);
        System.arraycopy(sig, 0, blob, 4, sig.length);
        return note + "\n\u2014 " + TestPki.REKOR_SIGNER_NAME + " " + TestPki.b64(blob) + "\n";
    }

    // ---- small helpers -----------------------------------------------------------------------

    /** A map that keeps the given key order (Map.of's order changes from one JVM run to the next). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> hashOf(byte[] digest) {
        return Map.of("algorithm", "sha256", "value", hex(digest));
    }

    private static ObjectNode rawBytes(byte[] der) {
        ObjectNode n = NODES.objectNode();
        n.put("rawBytes", TestPki.b64(der));
        return n;
    }

    static byte[] canonical(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Flips the lowest bit of the last byte: for a DER ECDSA signature that keeps it well-formed. */
    public static byte[] flipLast(byte[] b) {
        byte[] c = b.clone();
        c[c.length - 1] ^= 0x01;
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
