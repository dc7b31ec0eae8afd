package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.registry.SnapshotWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small project and the registry snapshot it verifies against, signed with the test PKI:
 * <ul>
 * <li>{@code prov-pkg} 1.0.0 and 1.1.0, both published by a trusted publisher with provenance
 * and registry signatures (the lockfile resolves 1.1.0: VERIFIED, no findings);</li>
 * <li>{@code plain-pkg} 2.0.0, registry signature only (NO_PROVENANCE).</li>
 * </ul>
 * {@code snapshot/trust/} holds the PKI's trusted_root.json and keys.json, as a recorded
 * snapshot of a real registry would hold the public-good ones.
 */
public final class VerifyFixtures {

    public static final URI NPMJS = URI.create("https://registry.npmjs.org/");
    public static final String PROV = "prov-pkg";
    public static final String PLAIN = "plain-pkg";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the fixture was written. */
    public record Layout(Path project, Path snapshot, Path trustedRoot, Path npmKeys) {
    }

    private VerifyFixtures() {
    }

    public static Layout write(Path dir) {
        try {
            TestPki pki = TestPki.shared();
            SyntheticAttestations synth = new SyntheticAttestations(pki);
            Path snapshot = dir.resolve("snapshot");
            SnapshotWriter w = SnapshotWriter.create(snapshot, NPMJS, Map.of());
            Instant t = TestPki.T0;
            List<Release> prov = List.of(new Release(PROV, "1.0.0", t.minusSeconds(86_400), true),
                    new Release(PROV, "1.1.0", t, true));
            w.addPackument(PROV, packument(pki, PROV, prov));
            for (Release r : prov) {
                w.addAttestations(PROV, r.version, synth.responseBytes(r.ref(), new SyntheticAttestations.Options()));
            }
            List<Release> plain = List.of(new Release(PLAIN, "2.0.0", t, false));
            w.addPackument(PLAIN, packument(pki, PLAIN, plain));
            w.addNoAttestations(PLAIN, "2.0.0");
            w.addKeys(JSON.writeValueAsBytes(pki.npmKeysJson()));
            w.finish(t.plusSeconds(3600));
            var trust = pki.writeTrust(snapshot.resolve("trust"));
            Path project = dir.resolve("project");
            Files.createDirectories(project);
            Files.writeString(project.resolve("package.json"),
                    "{\"name\":\"demo-app\",\"version\":\"1.0.0\",\"dependencies\":{\"prov-pkg\":\"^1.1.0\","
                            + "\"plain-pkg\":\"^2.0.0\"}}\n");
            Files.writeString(project.resolve("package-lock.json"), lockfile(List.of(prov.get(1), plain.get(0))));
            return new Layout(project, snapshot, snapshot.resolve("trust/trusted_root.json"),
                    snapshot.resolve("trust/keys.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One published version. */
    record Release(String name, String version, Instant published, boolean provenance, String integrity) {
        /** With the integrity of SyntheticAttestations' made-up tarball. */
        Release(String name, String version, Instant published, boolean provenance) {
            this(name, version, published, provenance, SyntheticAttestations.packageFor(name, version).integrity());
        }

        PackageRef ref() {
            return new PackageRef(name, version, integrity);
        }
    }

    static byte[] packument(TestPki pki, String name, List<Release> releases) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("_id", name);
        doc.put("name", name);
        doc.putObject("dist-tags").put("latest", releases.get(releases.size() - 1).version);
        ObjectNode versions = doc.putObject("versions");
        ObjectNode time = JSON.createObjectNode();
        for (Release r : releases) {
            ObjectNode v = versions.putObject(r.version);
            v.put("name", name);
            v.put("version", r.version);
            v.put("gitHead", "0123456789abcdef0123456789abcdef01234567");
            ObjectNode user = v.putObject("_npmUser");
            if (r.provenance) {
                user.put("name", "GitHub Actions");
                user.put("email", "npm-oidc-no-reply@github.com");
                user.putObject("trustedPublisher").put("id", "github").put("oidcConfigId", "oidc:test");
            } else {
                user.put("name", "alice");
                user.put("email", "alice@example.com");
            }
            ObjectNode dist = v.putObject("dist");
            dist.put("integrity", r.ref().integrity());
            syntheticShasum(r).ifPresent(sha -> dist.put("shasum", sha));
            dist.put("tarball", NPMJS + name + "/-/" + name + "-" + r.version + ".tgz");
            ArrayNode sigs = dist.putArray("signatures");
            for (DistSignature s : SyntheticAttestations.distSignatures(r.ref(), pki.npmCurrent)) {
                sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
            }
            if (r.provenance) {
                ObjectNode att = dist.putObject("attestations");
                att.put("url", NPMJS + "-/npm/v1/attestations/" + name + "@" + r.version);
                att.putObject("provenance").put("predicateType", SyntheticAttestations.PROVENANCE_V1);
            }
            time.put(r.version, r.published.toString());
        }
        doc.set("time", time);
        return JSON.writeValueAsBytes(doc);
    }

    /** The bytes SyntheticAttestations' made-up tarball has, when {@code r} uses it. */
    static java.util.Optional<byte[]> syntheticTarball(Release r) {
        byte[] bytes = ("synthetic tarball of " + r.name() + "@" + r.version())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sri = "sha512-" + java.util.Base64.getEncoder().encodeToString(TestPki.digest("SHA-512", bytes));
        return sri.equals(r.integrity()) ? java.util.Optional.of(bytes) : java.util.Optional.empty();
    }

    private static java.util.Optional<String> syntheticShasum(Release r) {
        return syntheticTarball(r).map(b -> java.util.HexFormat.of().formatHex(TestPki.digest("SHA-1", b)));
    }

    static String lockfile(List<Release> releases) throws IOException {
        ObjectNode lock = JSON.createObjectNode();
        lock.put("name", "demo-app");
        lock.put("version", "1.0.0");
        lock.put("lockfileVersion", 3);
        lock.put("requires", true);
        ObjectNode packages = lock.putObject("packages");
        ObjectNode root = packages.putObject("");
        root.put("name", "demo-app");
        root.put("version", "1.0.0");
        Map<String, String> deps = new LinkedHashMap<>();
        List<Release> sorted = new ArrayList<>(releases);
        for (Release r : sorted) {
            deps.put(r.name, "^" + r.version);
        }
        ObjectNode d = root.putObject("dependencies");
        deps.forEach(d::put);
        for (Release r : sorted) {
            ObjectNode p = packages.putObject("node_modules/" + r.name);
            p.put("version", r.version);
            p.put("resolved", NPMJS + r.name + "/-/" + r.name + "-" + r.version + ".tgz");
            p.put("integrity", r.ref().integrity());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(lock) + "\n";
    }
}
