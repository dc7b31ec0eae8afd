package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.registry.SnapshotWriter;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline over real public-good attestations (../shared/fixtures/real-world): a project
 * locking each recorded package at its recorded integrity, served from a snapshot whose
 * packuments advertise those attestations. The valid ones must end VERIFIED with the SAN the
 * manifest records; the tampered copy (served in place of its original) INVALID.
 */
class RealWorldVerifyRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void recordedAttestationsVerifyThroughThePipelineAndTamperingIsCaught() throws Exception {
        Path realWorld = Fixtures.shared("real-world");
        JsonNode manifest = JSON.readTree(realWorld.resolve("MANIFEST.json").toFile());
        SnapshotWriter w = SnapshotWriter.create(tmp.resolve("snapshot"), VerifyFixtures.NPMJS, Map.of());
        ObjectNode lock = JSON.createObjectNode();
        lock.put("name", "real-app").put("version", "1.0.0").put("lockfileVersion", 3);
        ObjectNode packages = lock.putObject("packages");
        ObjectNode rootDeps = packages.putObject("").put("name", "real-app").put("version", "1.0.0")
                .putObject("dependencies");
        // One version per name (the first listed). Where the manifest has a tampered copy, that copy
        // is served for the package's real name, so only the tampering (not a name mismatch) fails it.
        Map<String, JsonNode> byName = new TreeMap<>();
        Map<String, String> integrities = new TreeMap<>();
        for (JsonNode entry : manifest.get("attestations")) {
            String name = coordinates(entry)[0];
            if (!entry.hasNonNull("integrity")) {
                continue; // recorded without the tarball's integrity: nothing to check the subject against
            }
            integrities.putIfAbsent(name, entry.get("integrity").asText());
            if (!byName.containsKey(name) || !entry.get("expect").asText().equals("valid")) {
                byName.put(name, entry);
            }
        }
        Map<String, String> signatures = new TreeMap<>();
        for (JsonNode s : manifest.path("registry_signatures").path("entries")) {
            signatures.put(s.path("signed").asText(), s.path("sig").asText());
        }
        Map<String, String> expectedSan = new TreeMap<>();
        java.util.Set<String> tampered = new java.util.TreeSet<>();
        for (JsonNode entry : byName.values()) {
            String[] c = coordinates(entry);
            // The tampered copy is of the same release: it keeps the original's integrity.
            String integrity = integrities.get(c[0]);
            w.addPackument(c[0], packument(c[0], c[1], integrity, signatures.getOrDefault(c[0] + "@" + c[1] + ":" + integrity,
                    "")));
            w.addAttestations(c[0], c[1], Files.readAllBytes(realWorld.resolve(entry.get("file").asText())));
            packages.putObject("node_modules/" + c[0]).put("version", c[1]).put("integrity", integrity)
                    .put("resolved", VerifyFixtures.NPMJS + c[0] + "/-/x-" + c[1] + ".tgz");
            rootDeps.put(c[0], c[1]);
            if (entry.get("expect").asText().equals("valid")) {
                expectedSan.put(c[0], entry.get("san").asText());
            } else if (entry.get("expect").asText().startsWith("invalid")) {
                tampered.add(c[0]);
            }
        }
        // The recorded packages have no registry signatures, but two: record the registry as not
        // signing, and give those two their real signatures, which must verify.
        w.addNoKeys();
        w.finish(Instant.parse("2026-01-01T00:00:00Z"));
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("package-lock.json"), JSON.writeValueAsString(lock));

        TrustMaterial trust = TrustMaterial.load(realWorld.resolve("trust/sigstore-public-good.trusted_root.json"),
                realWorld.resolve("trust/npm-registry.keys.json"));
        VerifyReport report = new VerifyRun(SnapshotRegistry.open(tmp.resolve("snapshot")), trust, Policy.EMPTY,
                LocalDate.of(2026, 1, 1), 4)
                .run(Lockfiles.read(project, Optional.empty()), "project", "t", Instant.EPOCH, RunProgress.NONE);

        assertEquals(byName.size(), report.packages().size());
        assertTrue(!tampered.isEmpty(), "the manifest has a tampered attestation");
        for (PackageVerdict v : report.packages()) {
            if (tampered.contains(v.name())) {
                assertEquals(VerificationStatus.INVALID, v.status(), v.reason());
                assertEquals(ReasonCode.DSSE_SIGNATURE_INVALID, v.code(), v.reason());
            } else {
                assertEquals(VerificationStatus.VERIFIED, v.status(), v.name() + ": " + v.reason());
                assertEquals(ReasonCode.OK, v.code());
                assertEquals(Optional.of(expectedSan.get(v.name())), v.identity().flatMap(i -> i.san()), v.name());
            }
        }
        assertTrue(expectedSan.size() >= 3, "at least three real packages verified: " + expectedSan.keySet());
    }

    private static String[] coordinates(JsonNode entry) {
        String coords = URLDecoder.decode(entry.get("purl").asText().substring("pkg:npm/".length()),
                StandardCharsets.UTF_8);
        int at = coords.lastIndexOf('@');
        return new String[] {coords.substring(0, at), coords.substring(at + 1)};
    }

    private static final String NPM_KEY = "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA";

    private static byte[] packument(String name, String version, String integrity, String signature) throws Exception {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("name", name);
        doc.putObject("dist-tags").put("latest", version);
        ObjectNode v = doc.putObject("versions").putObject(version);
        v.put("name", name).put("version", version);
        v.putObject("_npmUser").put("name", "GitHub Actions").put("email", "npm-oidc-no-reply@github.com");
        ObjectNode dist = v.putObject("dist");
        dist.put("integrity", integrity);
        if (!signature.isEmpty()) {
            dist.putArray("signatures").addObject().put("keyid", NPM_KEY).put("sig", signature);
        }
        ObjectNode att = dist.putObject("attestations");
        att.put("url", VerifyFixtures.NPMJS + "-/npm/v1/attestations/" + name + "@" + version);
        att.putObject("provenance").put("predicateType", "https://slsa.dev/provenance/v1");
        doc.putObject("time").put(version, "2025-01-01T00:00:00.000Z");
        return JSON.writeValueAsBytes(doc);
    }
}
