package dev.trustlock.core.scenario;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.testpki.LeafCertificates.GithubIdentity;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.attest.testpki.TestPki.NpmKeyPair;
import dev.trustlock.core.registry.SnapshotWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes one scenario: a registry snapshot of the given releases (packuments, attestations,
 * registry keys, and the test PKI's trust material under {@code snapshot/trust/}) and projects
 * (package.json + lockfile v3) that resolve chosen versions.
 */
final class ScenarioWriter {

    static final URI NPMJS = URI.create("https://registry.npmjs.org/");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestPki pki;
    private final SyntheticAttestations attestations;
    /** Package name -> version -> release; sorted so files come out in one order. */
    private final SortedMap<String, SortedMap<String, Release>> packages = new TreeMap<>();
    private final SortedMap<String, String> descriptions = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, String>> distTags = new TreeMap<>();

    ScenarioWriter(TestPki pki) {
        this.pki = pki;
        this.attestations = new SyntheticAttestations(pki);
    }

    ScenarioWriter add(String description, Release... releases) {
        for (Release r : releases) {
            packages.computeIfAbsent(r.name(), n -> new TreeMap<>()).put(r.version(), r);
            descriptions.put(r.name(), description);
        }
        return this;
    }

    /** Extra dist-tags beside {@code latest} (which is the newest publish unless set here). */
    ScenarioWriter tag(String name, String tag, String version) {
        distTags.computeIfAbsent(name, n -> new TreeMap<>()).put(tag, version);
        return this;
    }

    Release release(String name, String version) {
        Release r = packages.getOrDefault(name, new TreeMap<>()).get(version);
        if (r == null) {
            throw new IllegalArgumentException("no release " + name + "@" + version + " in the scenario");
        }
        return r;
    }

    // ---- snapshot ----------------------------------------------------------------------------

    void writeSnapshot(Path dir, Instant created) throws IOException {
        SnapshotWriter w = SnapshotWriter.create(dir, NPMJS, Map.of());
        for (Map.Entry<String, SortedMap<String, Release>> p : packages.entrySet()) {
            w.addPackument(p.getKey(), bytes(packument(p.getKey(), p.getValue())));
            for (Release r : p.getValue().values()) {
                if (r.provenance().isPresent()) {
                    w.addAttestations(r.name(), r.version(), attestationsBody(r));
                } else {
                    w.addNoAttestations(r.name(), r.version());
                }
            }
        }
        w.addKeys(bytes(registryKeys()));
        w.finish(created);
        pki.writeTrust(dir.resolve("trust"));
    }

    private byte[] attestationsBody(Release r) {
        // The OIDC certificate is issued a minute before publish and logged within it, as on npm.
        Instant issued = r.publishedAt().minusSeconds(60);
        SyntheticAttestations.Options o = new SyntheticAttestations.Options()
                .leaf(LeafSpec.standard().withIdentity(r.provenance().orElseThrow()).withNotBefore(issued))
                .provenanceIntegratedTime(issued.plusSeconds(SyntheticAttestations.PROVENANCE_LOGGED_AFTER))
                .publishIntegratedTime(issued.plusSeconds(SyntheticAttestations.PUBLISH_LOGGED_AFTER))
                .publishKey(npmKeyAt(r.publishedAt()));
        return attestations.responseBytes(r.ref(), o);
    }

    /** The npm signing key in force when the version was published (the test PKI rotates keys). */
    private NpmKeyPair npmKeyAt(Instant published) {
        if (published.isBefore(TestPki.TRUST_START)) {
            throw new IllegalArgumentException("publish time " + published + " precedes the test PKI");
        }
        return published.isBefore(TestPki.NPM_KEY_ROTATION) ? pki.npmRetired : pki.npmCurrent;
    }

    /** {@code GET /-/npm/v1/keys}: the registry's own listing of its signing keys. */
    private ObjectNode registryKeys() {
        ObjectNode root = NODES.objectNode();
        ArrayNode keys = root.putArray("keys");
        keys.add(registryKey(pki.npmRetired, TestPki.NPM_KEY_ROTATION));
        keys.add(registryKey(pki.npmCurrent, null));
        return root;
    }

    private static ObjectNode registryKey(NpmKeyPair key, Instant expires) {
        ObjectNode k = NODES.objectNode();
        if (expires == null) {
            k.putNull("expires");
        } else {
            k.put("expires", iso(expires));
        }
        k.put("keyid", key.keyId());
        k.put("keytype", "ecdsa-sha2-nistp256");
        k.put("scheme", "ecdsa-sha2-nistp256");
        k.put("key", TestPki.b64(key.keys().getPublic().getEncoded()));
        return k;
    }

    private ObjectNode packument(String name, SortedMap<String, Release> releases) {
        List<Release> byTime = new ArrayList<>(releases.values());
        byTime.sort(Comparator.comparing(Release::publishedAt));
        Release newest = byTime.get(byTime.size() - 1);
        ObjectNode root = NODES.objectNode();
        root.put("_id", name);
        root.put("name", name);
        root.put("description", descriptions.get(name));
        ObjectNode tags = root.putObject("dist-tags");
        SortedMap<String, String> allTags = new TreeMap<>(distTags.getOrDefault(name, new TreeMap<>()));
        allTags.putIfAbsent("latest", newest.version());
        allTags.forEach(tags::put);
        ObjectNode versions = root.putObject("versions");
        for (Release r : releases.values()) {
            versions.set(r.version(), version(r, description(name)));
        }
        ObjectNode time = root.putObject("time");
        time.put("created", iso(byTime.get(0).publishedAt().minusSeconds(1)));
        time.put("modified", iso(newest.publishedAt().plusSeconds(1)));
        for (Release r : byTime) {
            time.put(r.version(), iso(r.publishedAt()));
        }
        ArrayNode maintainers = root.putArray("maintainers");
        new TreeMap<String, String>(byTime.stream()
                .filter(r -> !r.trustedPublisher())
                .collect(java.util.stream.Collectors.toMap(Release::publisher, Release::email, (a, b) -> b)))
                .forEach((n, e) -> maintainers.addObject().put("name", n).put("email", e));
        root.put("license", "MIT");
        return root;
    }

    private String description(String name) {
        return descriptions.get(name);
    }

    private ObjectNode version(Release r, String description) {
        ObjectNode v = NODES.objectNode();
        v.put("name", r.name());
        v.put("version", r.version());
        v.put("description", description);
        v.put("license", "MIT");
        v.put("main", "index.js");
        if (!r.dependencies().isEmpty()) {
            ObjectNode deps = v.putObject("dependencies");
            r.dependencies().forEach(deps::put);
        }
        if (!r.optionalDependencies().isEmpty()) {
            ObjectNode deps = v.putObject("optionalDependencies");
            r.optionalDependencies().forEach(deps::put);
        }
        if (r.gypfile()) {
            v.put("gypfile", true);
        }
        ObjectNode scripts = v.putObject("scripts");
        scripts.put("test", "node test.js");
        r.scripts().forEach(scripts::put);
        r.gitHead().ifPresent(h -> v.put("gitHead", h));
        ObjectNode user = v.putObject("_npmUser");
        user.put("name", r.publisher());
        user.put("email", r.email());
        if (r.trustedPublisher()) {
            GithubIdentity id = r.provenance().orElseThrow();
            user.putObject("trustedPublisher")
                    .put("id", "github")
                    .put("oidcConfigId", "oidc:" + Release.gitHeadFor(id.owner() + "/" + id.repo(), "oidc"));
        }
        r.approver().ifPresent(a -> user.putObject("approver").put("name", a.substring(0, a.indexOf(' ')))
                .put("email", a.substring(a.indexOf(' ') + 1)));
        ObjectNode dist = v.putObject("dist");
        dist.put("integrity", r.integrity());
        dist.put("shasum", r.shasum());
        dist.put("tarball", r.tarballUrl());
        dist.put("fileCount", 1);
        dist.put("unpackedSize", r.tarballBytes().length);
        ArrayNode sigs = dist.putArray("signatures");
        for (DistSignature s : SyntheticAttestations.distSignatures(r.ref(), npmKeyAt(r.publishedAt()))) {
            sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
        }
        r.provenance().ifPresent(id -> {
            ObjectNode att = dist.putObject("attestations");
            att.put("url", r.attestationsUrl());
            att.putObject("provenance").put("predicateType", SyntheticAttestations.PROVENANCE_V1);
        });
        v.put("_hasShrinkwrap", false);
        return v;
    }

    // ---- projects ----------------------------------------------------------------------------

    /**
     * A project depending on {@code direct} (name -> range) whose lockfile v3 resolves exactly
     * {@code resolved} (name -> version; each must be in the scenario), hoisted flat as npm does
     * when there are no conflicts.
     */
    void writeProject(Path dir, String projectName, SortedMap<String, String> direct, SortedMap<String, String> resolved)
            throws IOException {
        Files.createDirectories(dir);
        ObjectNode pkg = NODES.objectNode();
        pkg.put("name", projectName);
        pkg.put("version", "1.0.0");
        pkg.put("private", true);
        ObjectNode deps = pkg.putObject("dependencies");
        direct.forEach(deps::put);
        Files.write(dir.resolve("package.json"), bytes(pkg));

        ObjectNode lock = NODES.objectNode();
        lock.put("name", projectName);
        lock.put("version", "1.0.0");
        lock.put("lockfileVersion", 3);
        lock.put("requires", true);
        ObjectNode pkgs = lock.putObject("packages");
        ObjectNode root = pkgs.putObject("");
        root.put("name", projectName);
        root.put("version", "1.0.0");
        ObjectNode rootDeps = root.putObject("dependencies");
        direct.forEach(rootDeps::put);
        for (Map.Entry<String, String> e : resolved.entrySet()) {
            Release r = release(e.getKey(), e.getValue());
            ObjectNode n = pkgs.putObject("node_modules/" + r.name());
            n.put("version", r.version());
            n.put("resolved", r.tarballUrl());
            n.put("integrity", r.integrity());
            if (r.gypfile()
                    || r.scripts().keySet().stream().anyMatch(s -> List.of("preinstall", "install", "postinstall").contains(s))) {
                n.put("hasInstallScript", true);
            }
            n.put("license", "MIT");
            if (!r.dependencies().isEmpty()) {
                ObjectNode d = n.putObject("dependencies");
                for (Map.Entry<String, String> dep : r.dependencies().entrySet()) {
                    if (!resolved.containsKey(dep.getKey())) {
                        throw new IllegalArgumentException(r.name() + " needs " + dep.getKey() + ", not resolved");
                    }
                    d.put(dep.getKey(), dep.getValue());
                }
            }
        }
        Files.write(dir.resolve("package-lock.json"), bytes(lock));
    }

    // ---- output ------------------------------------------------------------------------------

    /** The registry's time format: milliseconds always written. */
    private static final DateTimeFormatter NPM_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    static String iso(Instant t) {
        return NPM_TIME.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Two-space indented JSON with '\n' line ends and a final newline, as npm writes lockfiles. */
    static byte[] bytes(ObjectNode node) {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
        try {
            return (JSON.writer(pretty).writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
