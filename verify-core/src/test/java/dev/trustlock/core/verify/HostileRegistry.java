package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An in-memory npm registry whose answers a test edits the way a compromised mirror or a doctored
 * snapshot would: packuments as JSON trees, attestations as the synthetic PKI builds them (with
 * any fault), keys listed or not. Packages: {@code prov-pkg} 1.0.0 and 1.1.0 published by a
 * trusted publisher with provenance, {@code plain-pkg} 2.0.0 with a registry signature only.
 */
final class HostileRegistry implements RegistrySource {

    static final URI NPMJS = URI.create("https://registry.npmjs.org/");
    static final String PROV = "prov-pkg";
    static final String PLAIN = "plain-pkg";
    static final Instant PUBLISHED = TestPki.T0.plusSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestPki pki;
    private final SyntheticAttestations synth;
    private final Map<String, ObjectNode> packuments = new LinkedHashMap<>();
    private final Map<String, byte[]> attestations = new HashMap<>();
    private Optional<byte[]> keys;

    HostileRegistry(TestPki pki) {
        this.pki = pki;
        this.synth = new SyntheticAttestations(pki);
        this.keys = Optional.of(json(pki.npmKeysJson()));
        packuments.put(PROV, emptyPackument(PROV));
        release(PROV, "1.0.0", PUBLISHED.minusSeconds(86_400), true);
        release(PROV, "1.1.0", PUBLISHED, true);
        packuments.put(PLAIN, emptyPackument(PLAIN));
        release(PLAIN, "2.0.0", PUBLISHED, false);
    }

    /** Adds a package with one release signed by the registry, without provenance (add its node to the project). */
    HostileRegistry plainPackage(String name, String version) {
        packuments.put(name, emptyPackument(name));
        release(name, version, PUBLISHED, false);
        return this;
    }

    /** Adds a release of prov-pkg published by the trusted publisher with provenance at {@code published}. */
    HostileRegistry provRelease(String version, Instant published) {
        release(PROV, version, published, true);
        return this;
    }

    /** Edits one version's entry in its packument (dist, _npmUser, ...). */
    HostileRegistry version(String name, String version, Consumer<ObjectNode> edit) {
        edit.accept((ObjectNode) packuments.get(name).get("versions").get(version));
        return this;
    }

    /** Edits the whole packument (time, name, ...). */
    HostileRegistry packument(String name, Consumer<ObjectNode> edit) {
        edit.accept(packuments.get(name));
        return this;
    }

    /** Serves attestations made with these options (faults included) for name@version. */
    HostileRegistry attestations(String name, String version, SyntheticAttestations.Options options) {
        attestations.put(name + "@" + version, synth.responseBytes(ref(name, version), options));
        return this;
    }

    HostileRegistry attestationsBody(String name, String version, byte[] body) {
        attestations.put(name + "@" + version, body);
        return this;
    }

    /** The registry answers 404 for its keys: it does not sign. */
    HostileRegistry noKeys() {
        keys = Optional.empty();
        return this;
    }

    static PackageRef ref(String name, String version) {
        return SyntheticAttestations.packageFor(name, version);
    }

    /** A lockfile graph resolving prov-pkg 1.1.0 and plain-pkg 2.0.0 from the registry, as given. */
    static DependencyGraph project(PackageNode... extra) {
        DependencyGraph.Builder b = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        PackageNode root = new PackageNode(PackageKey.of("app", "1.0.0"), SourceType.ROOT, Optional.empty(),
                Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.of(""), false);
        b.root(root);
        for (PackageNode n : new PackageNode[] {registryNode(PROV, "1.1.0"), registryNode(PLAIN, "2.0.0")}) {
            b.add(n).edge(root.key(), n.key(), DependencyKind.PROD);
        }
        for (PackageNode n : extra) {
            b.add(n).edge(root.key(), n.key(), DependencyKind.PROD);
        }
        return b.build();
    }

    static PackageNode registryNode(String name, String version) {
        return node(name, version, SourceType.REGISTRY, NPMJS + name + "/-/" + name + "-" + version + ".tgz");
    }

    static PackageNode node(String name, String version, SourceType source, String resolved) {
        return new PackageNode(PackageKey.of(name, version), source, Optional.of(resolved),
                Optional.of(ref(name, version).integrity()), Optional.empty(), Collections.emptySortedSet(),
                Optional.empty(), false);
    }

    private ObjectNode emptyPackument(String name) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("_id", name);
        doc.put("name", name);
        doc.putObject("dist-tags");
        doc.putObject("versions");
        doc.putObject("time");
        return doc;
    }

    private void release(String name, String version, Instant published, boolean provenance) {
        ObjectNode doc = packuments.get(name);
        ((ObjectNode) doc.get("dist-tags")).put("latest", version);
        ((ObjectNode) doc.get("time")).put(version, published.toString());
        ObjectNode v = ((ObjectNode) doc.get("versions")).putObject(version);
        v.put("name", name);
        v.put("version", version);
        v.put("gitHead", "0123456789abcdef0123456789abcdef01234567");
        ObjectNode user = v.putObject("_npmUser");
        PackageRef ref = ref(name, version);
        ObjectNode dist = v.putObject("dist");
        dist.put("integrity", ref.integrity());
        dist.put("tarball", NPMJS + name + "/-/" + name + "-" + version + ".tgz");
        ArrayNode sigs = dist.putArray("signatures");
        for (DistSignature s : SyntheticAttestations.distSignatures(ref, pki.npmCurrent)) {
            sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
        }
        if (provenance) {
            user.put("name", "GitHub Actions").put("email", "npm-oidc-no-reply@github.com");
            user.putObject("trustedPublisher").put("id", "github");
            ObjectNode att = dist.putObject("attestations");
            att.put("url", NPMJS + "-/npm/v1/attestations/" + name + "@" + version);
            att.putObject("provenance").put("predicateType", SyntheticAttestations.PROVENANCE_V1);
            attestations(name, version, new SyntheticAttestations.Options());
        } else {
            user.put("name", "alice").put("email", "alice@example.com");
        }
    }

    @Override
    public RegistryResult packument(String name) {
        ObjectNode doc = packuments.get(name);
        return doc == null ? new RegistryResult.NotFound(name) : new RegistryResult.Found(json(doc));
    }

    @Override
    public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
        byte[] body = attestations.get(name + "@" + version);
        return body == null ? new RegistryResult.NotFound(name + "@" + version) : new RegistryResult.Found(body);
    }

    @Override
    public RegistryResult keys() {
        return keys.<RegistryResult>map(RegistryResult.Found::new).orElseGet(() -> new RegistryResult.NotFound("keys"));
    }

    @Override
    public RegistryResult keys(URI registry) {
        return keys();
    }

    @Override
    public URI registryFor(String name) {
        return NPMJS;
    }

    @Override
    public Set<URI> registries() {
        return new TreeSet<>(Set.of(NPMJS));
    }

    private static byte[] json(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
