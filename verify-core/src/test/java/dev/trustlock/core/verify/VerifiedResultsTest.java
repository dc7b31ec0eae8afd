package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Earlier releases' verified provenance kept between runs: exact-bytes keys, successes only, misses on doubt. */
class VerifiedResultsTest {

    private static final byte[] BODY = "{\"attestations\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final PublishIdentity ID = PublishIdentity.builder().issuer("https://token.actions.githubusercontent.com")
            .sourceRepositoryUri("https://github.com/o/r").workflow(".github/workflows/release.yml").ref("refs/tags/v1")
            .runnerEnvironment("github-hosted").build();
    private static final VerificationResult OK = new VerificationResult(ReasonCode.OK, "ok", Optional.of(ID), List.of(),
            Optional.empty());

    @Test
    void aVerifiedBaselineComesBackForExactlyTheSameBytesAndTrust(@TempDir Path dir) {
        VerifiedResults cache = new VerifiedResults(store(dir), "trust-a");
        cache.put(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY, OK);
        VerificationResult back = cache.get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY).orElseThrow();
        assertTrue(back.verified());
        assertEquals(ID, back.identity().orElseThrow());
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-y", BODY));
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.1", "sha512-x", BODY));
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), new VerifiedResults(store(dir), "trust-b").get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY));
    }

    @Test
    void aWholeVerdictComesBackWithItsAttestationsAndLogTimeAndKindsNeverMix(@TempDir Path dir) {
        VerifiedResults cache = new VerifiedResults(store(dir), "t");
        VerificationResult whole = new VerificationResult(ReasonCode.OK, "all verified", Optional.of(ID),
                List.of(new dev.trustlock.core.attest.AttestationResult("https://slsa.dev/provenance/v1", ReasonCode.OK, "ok"),
                        new dev.trustlock.core.attest.AttestationResult("https://github.com/npm/attestation/tree/main/specs/publish/v0.1",
                                ReasonCode.OK, "ok")),
                Optional.of(java.time.Instant.parse("2026-03-30T12:00:00Z")));
        cache.put(VerifiedResults.Kind.WHOLE, "p", "1.0.0", "sha512-x", BODY, whole);
        assertEquals(Optional.of(whole), cache.get(VerifiedResults.Kind.WHOLE, "p", "1.0.0", "sha512-x", BODY));
        // A baseline (provenance only) is not a verdict, and a verdict is not a baseline.
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY));
        cache.put(VerifiedResults.Kind.PROVENANCE, "q", "1.0.0", "sha512-x", BODY, OK);
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.WHOLE, "q", "1.0.0", "sha512-x", BODY));
    }

    @Test
    void failuresAreNeverKeptAndADamagedEntryIsAMiss(@TempDir Path dir) throws Exception {
        VerifiedResults cache = new VerifiedResults(store(dir), "t");
        cache.put(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY, VerificationResult.of(ReasonCode.DSSE_SIGNATURE_INVALID, "x"));
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(Files::isRegularFile).count());
        }
        cache.put(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY, OK);
        Path entry;
        try (Stream<Path> s = Files.walk(dir)) {
            entry = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.writeString(entry, "{\"code\":\"OK\",\"identity\":");
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY));
        Files.writeString(entry, "{\"code\":\"DSSE_SIGNATURE_INVALID\",\"identity\":{}}");
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.PROVENANCE, "p", "1.0.0", "sha512-x", BODY));
    }

    @Test
    void trustDigestsDifferWithTheKeysAndStayStable(@TempDir Path dir) throws Exception {
        TrustMaterial bundled = TrustMaterial.bundledDefault();
        assertEquals(bundled.digest(), TrustMaterial.bundledDefault().digest());
        var files = TestPki.shared().writeTrust(dir);
        assertNotEquals(bundled.digest(), TrustMaterial.load(files.trustedRoot(), files.npmKeys()).digest());
    }

    @Test
    void aSecondRunWithTheCacheFindsWhatTheFirstFound(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("package-lock.json"), VerifyFixtures.lockfile(List.of(
                new VerifyFixtures.Release("a-pkg", "1.2.0", TestPki.T0, true),
                new VerifyFixtures.Release("b-pkg", "2.1.3", TestPki.T0, true))));
        Path snapshot = BenchProject.writeSnapshot(Lockfiles.read(project, Optional.empty()), dir, true);
        TrustMaterial trust = TrustMaterial.load(snapshot.resolve("trust/trusted_root.json"),
                snapshot.resolve("trust/keys.json"));
        Path cache = dir.resolve("cache");
        VerifyReport first = run(snapshot, trust, cache);
        long entries;
        try (Stream<Path> s = Files.walk(cache)) {
            entries = s.filter(Files::isRegularFile).count();
        }
        assertEquals(4, entries, "per package its verdict and its one earlier release's provenance, kept");
        VerifyReport second = run(snapshot, trust, cache);
        assertEquals(first.packages(), second.packages());
        assertEquals(first.findings(), second.findings());
        assertEquals(2, first.summary().verified());
        // Entries hold results, not trust: wiped (or never written), the run verifies again, alike.
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.writeString(p, "{\"code\":\"DSSE_SIGNATURE_INVALID\",\"identity\":{}}");
            }
        }
        assertEquals(first.packages(), run(snapshot, trust, cache).packages());
        // And a warm run really takes its verdicts from the cache rather than verifying again.
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                resealed(p, entry -> entry.put("reason", "kept"));
            }
        }
        assertEquals(List.of("kept", "kept"), run(snapshot, trust, cache).packages().stream()
                .map(PackageVerdict::reason).toList());
    }

    @Test
    void anEntryPlantedInASharedCacheOrMovedToAnotherReleaseIsAMiss(@TempDir Path dir) throws Exception {
        VerifiedResults cache = new VerifiedResults(store(dir), "t");
        cache.put(VerifiedResults.Kind.WHOLE, "good", "1.0.0", "sha512-x", BODY, OK);
        Path good = onlyEntry(dir);
        // Whoever can write the cache but lacks the key: an edit, or a whole entry under another key.
        String original = Files.readString(good);
        Files.writeString(good, original.replace("\"reason\":\"ok\"", "\"reason\":\"forged\""));
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.WHOLE, "good", "1.0.0", "sha512-x", BODY), "edited");
        Files.writeString(good, original.replaceFirst("\"seal\":\"[0-9a-f]+\"", "\"seal\":\"" + "0".repeat(64) + "\""));
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.WHOLE, "good", "1.0.0", "sha512-x", BODY), "bad seal");
        Files.writeString(good, original.replaceFirst(",\"seal\":\"[0-9a-f]+\"", ""));
        assertEquals(Optional.empty(), cache.get(VerifiedResults.Kind.WHOLE, "good", "1.0.0", "sha512-x", BODY), "no seal");
        Files.writeString(good, original);
        assertTrue(cache.get(VerifiedResults.Kind.WHOLE, "good", "1.0.0", "sha512-x", BODY).isPresent(), "as written");
        assertEquals(Optional.empty(), new VerifiedResults(new VerifiedResults.Store(dir, CacheSeal.withSecret("another")), "t")
                .get(VerifiedResults.Kind.WHOLE, "good", "1.0.0", "sha512-x", BODY), "sealed under another key");
        // A real entry, copied to the place of a release that has no provenance, vouches for nothing there.
        Path elsewhere = dir.resolve("elsewhere");
        VerifiedResults other = new VerifiedResults(store(elsewhere), "t");
        other.put(VerifiedResults.Kind.WHOLE, "bad", "1.0.1", "sha512-y", BODY, OK);
        Path badPlace = onlyEntry(elsewhere);
        Files.delete(badPlace);
        Files.writeString(badPlace, original);
        assertEquals(Optional.empty(), other.get(VerifiedResults.Kind.WHOLE, "bad", "1.0.1", "sha512-y", BODY));
    }

    @Test
    void aBaselineKeptFromOneRunNeverStandsInForTheWholeVerdictOfTheNext(@TempDir Path dir) throws Exception {
        // prov-pkg 1.0.0's provenance is sound but its publish attestation is forged. As 1.1.0's
        // baseline only its provenance is checked, and kept; when a later run locks 1.0.0 itself,
        // the whole verdict must check the publish attestation too, not take the kept baseline.
        TestPki pki = TestPki.shared();
        TestPki.TrustFiles files = pki.writeTrust(dir);
        TrustMaterial trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
        HostileRegistry registry = new HostileRegistry(pki).attestations(HostileRegistry.PROV, "1.0.0",
                new SyntheticAttestations.Options().publishFault(SyntheticAttestations.Fault.DSSE_SIGNATURE_FLIPPED));
        Path cache = dir.resolve("cache");
        VerifyReport first = hostileRun(registry, trust, cache, HostileRegistry.project());
        assertEquals(VerificationStatus.VERIFIED, verdict(first, "1.1.0").status(), verdict(first, "1.1.0").reason());
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(s.anyMatch(Files::isRegularFile), "the baseline was kept");
        }
        VerifyReport second = hostileRun(registry, trust, cache,
                HostileRegistry.project(HostileRegistry.registryNode(HostileRegistry.PROV, "1.0.0")));
        PackageVerdict old = verdict(second, "1.0.0");
        assertNotEquals(VerificationStatus.VERIFIED, old.status(), old.reason());
        assertEquals(ReasonCode.PUBLISH_SIGNATURE_INVALID, old.code(), old.reason());
    }

    private static VerifyReport hostileRun(HostileRegistry registry, TrustMaterial trust, Path cache,
            dev.trustlock.core.lockfile.DependencyGraph project) {
        return new VerifyRun(registry, trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), TestPki.T0.plusSeconds(86_400),
                2, Optional.of(store(cache))).run(project, "p", "t", TestPki.T0, RunProgress.NONE);
    }

    private static PackageVerdict verdict(VerifyReport report, String version) {
        return report.packages().stream().filter(v -> v.name().equals(HostileRegistry.PROV) && v.version().equals(version))
                .findFirst().orElseThrow();
    }

    private static final CacheSeal SEAL = CacheSeal.withSecret("tests");

    private static VerifiedResults.Store store(Path dir) {
        return new VerifiedResults.Store(dir, SEAL);
    }

    private static Path onlyEntry(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }

    /** {@code p}'s entry edited and sealed again, as only a holder of the key can. */
    private static void resealed(Path p, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode sealed = (ObjectNode) json.readTree(p.toFile());
        edit.accept((ObjectNode) sealed.get("entry"));
        sealed.put("seal", SEAL.of(p.getFileName().toString(), json.writeValueAsString(sealed.get("entry"))));
        Files.writeString(p, json.writeValueAsString(sealed));
    }

    private static VerifyReport run(Path snapshot, TrustMaterial trust, Path cache) throws Exception {
        return new VerifyRun(SnapshotRegistry.open(snapshot), trust, Policy.EMPTY, LocalDate.of(2026, 1, 1),
                TestPki.T0.plusSeconds(86_400 * 30), 2, Optional.of(store(cache)))
                .run(Lockfiles.read(snapshot.getParent().resolve("project"), Optional.empty()), "p", "t", TestPki.T0,
                        RunProgress.NONE);
    }
}
