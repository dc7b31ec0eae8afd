package dev.trustlock.core.verify;

import dev.trustlock.core.detect.PipelineFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.LeafCertificates;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.registry.SnapshotWriter;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyRunTest {

    private static final Instant NOW = Instant.parse("2026-03-31T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private VerifyReport run(RegistrySource registry, VerifyFixtures.Layout f) throws Exception {
        DependencyGraph graph = Lockfiles.read(f.project(), Optional.empty());
        TrustMaterial trust = TrustMaterial.load(f.trustedRoot(), f.npmKeys());
        return new VerifyRun(registry, trust, Policy.EMPTY, LocalDate.of(2026, 3, 31), 4)
                .run(graph, "project", "trustlock test", NOW, RunProgress.NONE);
    }

    @Test
    void provenanceVerifiesAndARegistrySignatureAloneIsNoProvenance() throws Exception {
        VerifyFixtures.Layout f = VerifyFixtures.write(tmp);
        VerifyReport report = run(SnapshotRegistry.open(f.snapshot()), f);
        assertEquals(List.of("plain-pkg", "prov-pkg"), report.packages().stream().map(PackageVerdict::name).toList());
        PackageVerdict plain = report.packages().get(0);
        PackageVerdict prov = report.packages().get(1);
        assertEquals(VerificationStatus.VERIFIED, prov.status(), prov.reason());
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, prov.evidence());
        assertTrue(prov.identity().flatMap(i -> i.san()).isPresent());
        assertEquals(List.of(), prov.findings());
        assertEquals(VerificationStatus.NO_PROVENANCE, plain.status(), plain.reason());
        assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, plain.evidence());
        assertEquals(new Summary(2, 1, 1, 0, 0, 0, 0), report.summary());
    }

    /**
     * Issue 10: what the second pass will ask the registry for (the locked versions' attestations,
     * the release each is first compared with, the registry's keys) is fetched in the first, so
     * the threads that verify never wait for the network. Recorded per call: which document, and
     * on which thread; the second pass's threads are named trustlock-verify.
     */
    @Test
    void theVerifyingThreadsNeverFetchWhatTheFirstPassForesaw() throws Exception {
        VerifyFixtures.Layout f = VerifyFixtures.write(tmp);
        RegistrySource snapshot = SnapshotRegistry.open(f.snapshot());
        List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        RegistrySource recording = RegistryDouble.over(snapshot)
                .attestations((name, version) -> {
                    calls.add(Thread.currentThread().getName() + " attestations " + name + "@" + version);
                    return snapshot.attestations(name, version);
                })
                .keys(() -> {
                    calls.add(Thread.currentThread().getName() + " keys");
                    return snapshot.keys();
                });
        VerifyReport report = run(recording, f);
        assertEquals(VerificationStatus.VERIFIED, report.packages().get(1).status());
        assertEquals(report.packages(), run(snapshot, f).packages(), "the same verdicts as without prefetching");
        java.util.Collections.sort(calls);
        assertEquals(List.of("trustlock-fetch attestations prov-pkg@1.0.0",
                "trustlock-fetch attestations prov-pkg@1.1.0", "trustlock-fetch keys"), calls.stream().distinct().toList());
    }

    /**
     * A deeper look back: 1.2.0 and 1.0.0 were built by publish.yml, 1.1.0 between them by
     * another workflow, so judging 1.2.0 verifies 1.1.0 (fetched ahead) and then 1.0.0, which
     * only the second pass knows it needs. That fetch runs on the blocking pool, never on a
     * verifying thread, and the line's habit is still found.
     */
    @Test
    void aDeeperLookBackIsFetchedWithoutAVerifyingThread() throws Exception {
        TestPki pki = TestPki.shared();
        SyntheticAttestations synth = new SyntheticAttestations(pki);
        Path snapshotDir = tmp.resolve("deeper");
        SnapshotWriter w = SnapshotWriter.create(snapshotDir, VerifyFixtures.NPMJS, java.util.Map.of());
        Instant t = TestPki.T0;
        String name = VerifyFixtures.PROV;
        List<VerifyFixtures.Release> releases = List.of(
                new VerifyFixtures.Release(name, "1.0.0", t.minusSeconds(2 * 86_400), true),
                new VerifyFixtures.Release(name, "1.1.0", t.minusSeconds(86_400), true),
                new VerifyFixtures.Release(name, "1.2.0", t, true));
        w.addPackument(name, VerifyFixtures.packument(pki, name, releases));
        LeafCertificates.GithubIdentity usual = LeafCertificates.GithubIdentity.sample();
        LeafCertificates.GithubIdentity other = new LeafCertificates.GithubIdentity(usual.owner(), usual.repo(),
                ".github/workflows/other.yml", usual.ref(), usual.sha(), usual.trigger(), usual.repositoryId(),
                usual.ownerId(), usual.runId());
        for (VerifyFixtures.Release r : releases) {
            LeafCertificates.GithubIdentity id = r.version().equals("1.1.0") ? other : usual;
            w.addAttestations(name, r.version(), synth.responseBytes(r.ref(),
                    new SyntheticAttestations.Options().leaf(LeafCertificates.LeafSpec.standard().withIdentity(id))));
        }
        w.addKeys(JSON.writeValueAsBytes(pki.npmKeysJson()));
        w.finish(t.plusSeconds(3600));
        var trustFiles = pki.writeTrust(snapshotDir.resolve("trust"));
        Path project = tmp.resolve("deeper-project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("package.json"), "{\"name\":\"demo-app\",\"version\":\"1.0.0\","
                + "\"dependencies\":{\"" + name + "\":\"^1.2.0\"}}\n");
        Files.writeString(project.resolve("package-lock.json"), VerifyFixtures.lockfile(List.of(releases.get(2))));
        VerifyFixtures.Layout f = new VerifyFixtures.Layout(project, snapshotDir, trustFiles.trustedRoot(),
                trustFiles.npmKeys());

        RegistrySource snapshot = SnapshotRegistry.open(snapshotDir);
        List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        RegistrySource recording = RegistryDouble.over(snapshot).attestations((n, v) -> {
            calls.add(Thread.currentThread().getName() + " " + n + "@" + v);
            return snapshot.attestations(n, v);
        });
        VerifyReport report = run(recording, f);
        PackageVerdict verdict = report.packages().get(0);
        assertEquals(VerificationStatus.VERIFIED, verdict.status(), verdict.reason());
        java.util.Collections.sort(calls);
        assertEquals(List.of("trustlock-fetch prov-pkg@1.0.0", "trustlock-fetch prov-pkg@1.1.0",
                "trustlock-fetch prov-pkg@1.2.0"), calls);
        assertEquals(report.packages(), run(snapshot, f).packages());
    }

    @Test
    void aRegistryThatFailsMakesEveryPackageUnverifiableNeverVerified() throws Exception {
        VerifyFixtures.Layout f = VerifyFixtures.write(tmp);
        RegistrySource down = RegistryDouble.down(SnapshotRegistry.open(f.snapshot()),
                RegistryResult.Reason.TIMEOUT, "no answer in 1s");
        VerifyReport report = run(down, f);
        for (PackageVerdict p : report.packages()) {
            assertEquals(VerificationStatus.UNVERIFIABLE, p.status());
            assertEquals(ReasonCode.REGISTRY_UNAVAILABLE, p.code());
            assertEquals(PipelineFindings.REGISTRY_UNAVAILABLE, p.findings().get(0).ruleId());
        }
        assertEquals(2, report.summary().unverifiable());
    }

    @Test
    void attestationsThatFailToArriveLeaveTheSignedPackageUnverifiable() throws Exception {
        VerifyFixtures.Layout f = VerifyFixtures.write(tmp);
        SnapshotRegistry snap = SnapshotRegistry.open(f.snapshot());
        RegistrySource noAttestations = RegistryDouble.over(snap).attestations((n, v) ->
                RegistryResult.failed(RegistryResult.Reason.SERVER_ERROR, "HTTP 500 after 3 attempts"));
        PackageVerdict prov = run(noAttestations, f).packages().get(1);
        assertEquals(VerificationStatus.UNVERIFIABLE, prov.status());
        assertTrue(prov.findings().stream().anyMatch(x -> x.ruleId().equals("verification-unverifiable")),
                prov.findings().toString());
    }

    private void lockIntegrity(VerifyFixtures.Layout f, String integrity) throws Exception {
        Path lock = f.project().resolve("package-lock.json");
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                lock.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.at("/packages/node_modules~1prov-pkg"))
                .put("integrity", integrity);
        Files.writeString(lock, JSON.writeValueAsString(doc));
    }

    private static String sri(String algorithm, String prefix, byte[] bytes) {
        return prefix + java.util.Base64.getEncoder().encodeToString(
                dev.trustlock.core.attest.testpki.TestPki.digest(algorithm, bytes));
    }

    private static byte[] provTarball() {
        return VerifyFixtures.syntheticTarball(new VerifyFixtures.Release("prov-pkg", "1.1.0", NOW, true)).orElseThrow();
    }

    @Test
    void aSha1OnlyLockfileThatMatchesTheRegistryIsCheckedWithTheRegistrysSha512() throws Exception {
        VerifyFixtures.Layout f = VerifyFixtures.write(tmp);
        lockIntegrity(f, sri("SHA-1", "sha1-", provTarball()));
        PackageVerdict prov = run(SnapshotRegistry.open(f.snapshot()), f).packages().get(1);
        assertEquals(VerificationStatus.VERIFIED, prov.status(), prov.reason());
        assertEquals(List.of(), prov.findings());
    }

    @Test
    void aLockfileIntegrityTheRegistryDoesNotKnowIsAnErrorAndNeverVerifies() throws Exception {
        VerifyFixtures.Layout f = VerifyFixtures.write(tmp);
        lockIntegrity(f, sri("SHA-512", "sha512-", "another tarball".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        PackageVerdict prov = run(SnapshotRegistry.open(f.snapshot()), f).packages().get(1);
        assertEquals(VerificationStatus.INVALID, prov.status(), prov.reason());
        assertTrue(prov.findings().stream().anyMatch(x -> x.ruleId().equals(PipelineFindings.INTEGRITY_MISMATCH)
                && x.severity() == dev.trustlock.core.policy.Severity.ERROR), prov.findings().toString());

        lockIntegrity(f, sri("SHA-1", "sha1-", "another tarball".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        prov = run(SnapshotRegistry.open(f.snapshot()), f).packages().get(1);
        assertTrue(prov.status() != VerificationStatus.VERIFIED, prov.reason());
        assertTrue(prov.findings().stream().anyMatch(x -> x.ruleId().equals(PipelineFindings.INTEGRITY_MISMATCH)),
                prov.findings().toString());
    }

    @Test
    void jsonReportConformsToTheSchemaAndIsStable() throws Exception {
        VerifyFixtures.Layout f = VerifyFixtures.write(tmp);
        VerifyReport report = run(SnapshotRegistry.open(f.snapshot()), f);
        String text = new dev.trustlock.core.report.JsonReportRenderer().render(report);
        Schema schema;
        try (InputStream in = Files.newInputStream(Fixtures.repoRoot().resolve("schemas/verify-report.schema.json"))) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        JsonNode json = JSON.readTree(text);
        assertEquals(List.of(), schema.validate(json));
        assertEquals("VERIFIED", json.at("/packages/1/status").asText());
        assertEquals(text, new dev.trustlock.core.report.JsonReportRenderer().render(run(SnapshotRegistry.open(f.snapshot()), f)));
        // The schema is not vacuous: a passing verdict without a status, or an unknown code, is refused.
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.at("/packages/0")).put("code", "FINE");
        assertTrue(!schema.validate(json).isEmpty());
    }
}
