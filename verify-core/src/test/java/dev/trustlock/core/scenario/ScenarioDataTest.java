package dev.trustlock.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.RegistrySignatureVerifier;
import dev.trustlock.core.attest.RegistrySigning;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.detect.NewDependencyRule;
import dev.trustlock.core.detect.NewInstallScriptRule;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.RunProgress;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The committed scenarios hold together, checked with the library's own readers and verifiers
 * (not the generator): integrities are the SHA-512 of the documented tarball bytes and agree
 * between lockfile and packument, every signature and attestation verifies against the
 * snapshot's trust material, and the history rules find in the compromised lockfile exactly
 * what the incident was, and nothing in the clean and old-line ones.
 */
class ScenarioDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.parse("2026-03-31");

    private static Path axios(String sub) {
        return Fixtures.testdata("scenarios/axios-2026-03-31/" + sub);
    }

    private static Path oldLine(String sub) {
        return Fixtures.testdata("scenarios/old-line-no-provenance/" + sub);
    }

    /** The README's definition of a synthetic tarball, computed here independently. */
    private static String expectedIntegrity(String name, String version) throws Exception {
        byte[] bytes = ("synthetic tarball of " + name + "@" + version).getBytes(StandardCharsets.UTF_8);
        return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
    }

    private static JsonNode packument(SnapshotRegistry snapshot, String name) throws Exception {
        RegistryResult r = snapshot.packument(name);
        return JSON.readTree(assertInstanceOf(RegistryResult.Found.class, r, name).body());
    }

    private static TrustMaterial trust(Path snapshotDir) throws Exception {
        return TrustMaterial.load(snapshotDir.resolve("trust/trusted_root.json"), snapshotDir.resolve("trust/keys.json"));
    }

    @Test
    void snapshotIndexesFollowTheDocumentedSchema() throws Exception {
        JsonNode schemaDoc = JSON.readTree(Fixtures.repoRoot().resolve("schemas/registry-snapshot.schema.json").toFile());
        com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry
                .withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(schemaDoc);
        for (Path snapshotDir : List.of(axios("snapshot"), oldLine("snapshot"))) {
            JsonNode index = JSON.readTree(snapshotDir.resolve("index.json").toFile());
            assertEquals(List.of(), schema.validate(index), snapshotDir.toString());
            // Every version of every package has an attestations answer: nothing is left unknown.
            int versions = 0;
            int attestationEntries = 0;
            for (JsonNode e : index.path("entries")) {
                if (e.path("kind").asText().equals("attestations")) {
                    attestationEntries++;
                }
            }
            SnapshotRegistry snapshot = SnapshotRegistry.open(snapshotDir);
            for (String name : packageNames(snapshotDir)) {
                versions += packument(snapshot, name).path("versions").size();
            }
            assertEquals(versions, attestationEntries, snapshotDir.toString());
        }
    }

    @Test
    void lockfileIntegritiesAreTheTarballHashesTheRegistryRecords() throws Exception {
        for (Path project : List.of(axios("compromised"), axios("clean"), oldLine("project"))) {
            Path snapshotDir = project.resolveSibling("snapshot");
            SnapshotRegistry snapshot = SnapshotRegistry.open(snapshotDir);
            DependencyGraph graph = Lockfiles.read(project, Optional.empty());
            assertTrue(graph.warnings().isEmpty(), project + ": " + graph.warnings());
            for (PackageNode n : graph.packages()) {
                String integrity = n.integrity().orElseThrow();
                assertEquals(expectedIntegrity(n.name(), n.version()), integrity, n.key().toString());
                JsonNode dist = packument(snapshot, n.name()).path("versions").path(n.version()).path("dist");
                assertEquals(integrity, dist.path("integrity").asText(), n.key() + " in the packument");
                assertEquals(dist.path("tarball").asText(), n.resolved().orElseThrow());
            }
        }
    }

    @Test
    void projectsResolveTheVersionsTheScenarioIsAbout() throws Exception {
        assertEquals(Map.of("axios", "1.14.1", "plain-crypto-js", "4.2.1"),
                versions(axios("compromised"), Set.of("axios", "plain-crypto-js")));
        assertEquals(Map.of("axios", "1.14.0"), versions(axios("clean"), Set.of("axios", "plain-crypto-js")));
        assertEquals(Map.of("oldline-lib", "0.9.2"), versions(oldLine("project"), Set.of("oldline-lib")));
        // Apart from axios and its new dependency both trees are the same axios dependencies.
        Map<String, String> compromised = versions(axios("compromised"), null);
        Map<String, String> clean = versions(axios("clean"), null);
        compromised.keySet().removeAll(Set.of("axios", "plain-crypto-js"));
        clean.remove("axios");
        assertEquals(clean, compromised);
        assertEquals(Set.of("asynckit", "combined-stream", "delayed-stream", "follow-redirects", "form-data",
                "function-bind", "hasown", "mime-db", "mime-types", "proxy-from-env"), clean.keySet());
    }

    private static Map<String, String> versions(Path project, Set<String> only) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (PackageNode n : Lockfiles.read(project, Optional.empty()).packages()) {
            if (only == null || only.contains(n.name())) {
                out.put(n.name(), n.version());
            }
        }
        return out;
    }

    @Test
    void everyRegistrySignatureVerifiesAtItsPublishTime() throws Exception {
        for (Path snapshotDir : List.of(axios("snapshot"), oldLine("snapshot"))) {
            SnapshotRegistry snapshot = SnapshotRegistry.open(snapshotDir);
            RegistrySignatureVerifier verifier = new RegistrySignatureVerifier(trust(snapshotDir));
            for (String name : packageNames(snapshotDir)) {
                JsonNode p = packument(snapshot, name);
                for (Map.Entry<String, JsonNode> v : p.path("versions").properties()) {
                    JsonNode dist = v.getValue().path("dist");
                    List<DistSignature> sigs = new ArrayList<>();
                    dist.path("signatures").forEach(s -> sigs.add(new DistSignature(s.path("keyid").asText(),
                            s.path("sig").asText())));
                    PackageRef ref = new PackageRef(name, v.getKey(), dist.path("integrity").asText());
                    SignatureCheck check = verifier.verify(ref, sigs,
                            Optional.of(Instant.parse(p.path("time").path(v.getKey()).asText())), RegistrySigning.SIGNS);
                    assertTrue(check.verified(), ref.coordinates() + ": " + check.reason());
                }
            }
        }
    }

    @Test
    void attestationsVerifyForExactlyTheWorkflowPublishedVersions() throws Exception {
        Path snapshotDir = axios("snapshot");
        SnapshotRegistry snapshot = SnapshotRegistry.open(snapshotDir);
        AttestationVerifier verifier = new AttestationVerifier(trust(snapshotDir));
        JsonNode p = packument(snapshot, "axios");
        Set<String> attested = new TreeSet<>();
        for (Map.Entry<String, JsonNode> v : p.path("versions").properties()) {
            JsonNode dist = v.getValue().path("dist");
            Optional<String> url = Optional.ofNullable(dist.path("attestations").path("url").textValue());
            RegistryResult r = snapshot.attestations("axios", v.getKey(), url);
            if (url.isEmpty()) {
                assertInstanceOf(RegistryResult.NotFound.class, r, v.getKey());
                continue;
            }
            byte[] body = assertInstanceOf(RegistryResult.Found.class, r, v.getKey()).body();
            VerificationResult result = verifier.verify(
                    new PackageRef("axios", v.getKey(), dist.path("integrity").asText()), body);
            assertTrue(result.verified(), v.getKey() + ": " + result.reason());
            assertEquals(Optional.of("https://github.com/axios/axios/.github/workflows/publish.yml@refs/tags/v"
                    + v.getKey()), result.identity().orElseThrow().san());
            attested.add(v.getKey());
        }
        assertEquals(Set.of("1.12.0", "1.12.1", "1.12.2", "1.13.0", "1.13.1", "1.13.2", "1.14.0"), attested);
        // The attestation is bound to the tarball: it does not verify for 1.14.1's bytes.
        byte[] body140 = ((RegistryResult.Found) snapshot.attestations("axios", "1.14.0", Optional.empty())).body();
        assertFalse(verifier.verify(new PackageRef("axios", "1.14.0", expectedIntegrity("axios", "1.14.1")), body140)
                .verified());
    }

    @Test
    void compromisedLockfileShowsTheIncidentFindings() throws Exception {
        Map<String, Set<String>> rules = findings(axios("compromised"), axios("snapshot"));
        // The e-mail change and the missing gitHead are notes alone; with the downgrade and the young
        // dependency that runs a postinstall they make a correlated error.
        assertEquals(Set.of(TrustDowngradeRule.ID, NewDependencyRule.ID, "correlated-signals"), rules.get("axios@1.14.1"),
                rules.toString());
        assertTrue(rules.get("plain-crypto-js@4.2.1").contains(NewInstallScriptRule.ID), rules.toString());
        Set<String> flagged = rules.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("axios@1.14.1", "plain-crypto-js@4.2.1"), flagged);
    }

    @Test
    void cleanLockfileHasNoFindings() throws Exception {
        Map<String, Set<String>> rules = findings(axios("clean"), axios("snapshot"));
        assertEquals(11, rules.size());
        rules.forEach((pkg, ids) -> assertEquals(Set.of(), ids, pkg));
    }

    @Test
    void newPatchOnAnOldLineWithoutProvenanceIsNoDowngrade() throws Exception {
        Map<String, Set<String>> rules = findings(oldLine("project"), oldLine("snapshot"));
        assertEquals(Map.of("oldline-lib@0.9.2", Set.of()), rules);
        // Not trivially clean: a check ignoring release lines (pnpm's no-downgrade) would flag it,
        // since 0.9.2 came out after 1.1.0 with weaker evidence.
        SnapshotRegistry snapshot = SnapshotRegistry.open(oldLine("snapshot"));
        PackageHistory h = PackageHistory.fromPackument(packument(snapshot, "oldline-lib"));
        ReleaseRecord patch = h.release("0.9.2").orElseThrow();
        ReleaseRecord newest1x = h.release("1.1.0").orElseThrow();
        assertTrue(patch.publishedAt().orElseThrow().isAfter(newest1x.publishedAt().orElseThrow()));
        assertTrue(patch.advertised().weakerThan(newest1x.advertised()));
        assertTrue(h.earlierInLine("0.9.2").stream().noneMatch(ReleaseRecord::provenanceAdvertised));
    }

    /** Rule ids found per package (warnings and errors), as a run from the snapshot at its recorded time finds them. */
    private static Map<String, Set<String>> findings(Path project, Path snapshotDir) throws Exception {
        SnapshotRegistry snapshot = SnapshotRegistry.open(snapshotDir);
        VerifyReport report = new VerifyRun(snapshot, trust(snapshotDir), Policy.EMPTY, DAY, snapshot.created(), 1)
                .run(Lockfiles.read(project, Optional.empty()), "scenario", "test", snapshot.created(), RunProgress.NONE);
        Map<String, Set<String>> out = new TreeMap<>();
        for (PackageVerdict v : report.packages()) {
            out.put(v.name() + "@" + v.version(), v.findings().stream().filter(f -> f.severity() != Severity.NOTE)
                    .map(Finding::ruleId).collect(Collectors.toCollection(TreeSet::new)));
        }
        return out;
    }

    private static List<String> packageNames(Path snapshotDir) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode e : JSON.readTree(snapshotDir.resolve("index.json").toFile()).path("entries")) {
            if (e.path("kind").asText().equals("packument")) {
                names.add(e.path("name").asText());
            }
        }
        return names;
    }
}
