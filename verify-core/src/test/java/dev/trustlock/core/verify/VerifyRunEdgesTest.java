package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.detect.RequiredEvidenceRule;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's paths besides the happy one: what the registry lacks, contradicts or leaves out. */
class VerifyRunEdgesTest {

    private static TestPki pki;
    private static TrustMaterial trust;

    @BeforeAll
    static void trust(@TempDir Path dir) throws Exception {
        pki = TestPki.shared();
        var files = pki.writeTrust(dir);
        trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
    }

    private static VerifyReport run(RegistrySource registry, Policy policy, DependencyGraph graph) {
        return new VerifyRun(registry, trust, policy, LocalDate.of(2026, 1, 1), 1)
                .run(graph, "p", "t", Instant.EPOCH, RunProgress.NONE);
    }

    private static PackageVerdict only(VerifyReport r, String name) {
        return r.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void progressCountsPackagesFetchedThenPackagesChecked() {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        // Three packages under two names: the counts are packages, as the report's are.
        VerifyRun run = new VerifyRun(new HostileRegistry(pki), trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), 2);
        assertEquals("", run.current(), "no package at work before the run");
        run.run(HostileRegistry.project(HostileRegistry.registryNode(HostileRegistry.PLAIN, "1.0.0")), "p", "t",
                Instant.EPOCH, (stage, done, total) -> seen.add(stage + " " + done + "/" + total));
        assertTrue(Set.of(HostileRegistry.PLAIN, HostileRegistry.PROV).contains(run.current()),
                "the progress line names a package of the run: " + run.current());
        List<String> fetching = seen.stream().filter(s -> s.startsWith("FETCHING")).toList();
        List<String> checking = seen.stream().filter(s -> s.startsWith("CHECKING")).toList();
        assertEquals(seen.size(), fetching.size() + checking.size());
        assertEquals("FETCHING 0/3", seen.get(0), "a pass says it has begun before anything is done");
        assertTrue(checking.contains("CHECKING 0/3"), seen.toString());
        assertEquals(3, fetching.size(), "one count per name, by its number of packages: " + seen);
        assertTrue(fetching.contains("FETCHING 3/3"), seen.toString());
        assertTrue(fetching.contains("FETCHING 1/3") != fetching.contains("FETCHING 2/3"), seen.toString());
        assertTrue(checking.contains("CHECKING 3/3"), seen.toString());
        assertEquals(3, checking.size(), "one count per name, by its number of packages: " + seen);
    }

    @Test
    void concurrencyMustBeAtLeastOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new VerifyRun(new HostileRegistry(pki), trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), 0));
        assertEquals(2, run(new HostileRegistry(pki), Policy.EMPTY, HostileRegistry.project()).packages().size());
    }

    @Test
    void aPackumentOfAnotherPackageIsNoAnswer() {
        HostileRegistry base = new HostileRegistry(pki);
        RegistrySource swapped = RegistryDouble.over(base)
                .packuments(n -> n.equals(HostileRegistry.PLAIN) ? base.packument(HostileRegistry.PROV) : base.packument(n));
        PackageVerdict plain = only(run(swapped, Policy.EMPTY, HostileRegistry.project()), HostileRegistry.PLAIN);
        assertEquals(ReasonCode.REGISTRY_UNAVAILABLE, plain.code());
        assertTrue(plain.reason().contains("answered for plain-pkg with the packument of prov-pkg"), plain.reason());
    }

    @Test
    void aPackumentThatIsNotJsonIsNoAnswerAndTheReasonCarriesNoParserInternals() {
        HostileRegistry base = new HostileRegistry(pki);
        RegistrySource broken = RegistryDouble.over(base).packuments(n ->
                new RegistryResult.Found("{\"name\": \"plain-pkg\", \"versions\": {".getBytes(StandardCharsets.UTF_8)));
        PackageVerdict plain = only(run(broken, Policy.EMPTY, HostileRegistry.project()), HostileRegistry.PLAIN);
        assertEquals(ReasonCode.REGISTRY_UNAVAILABLE, plain.code());
        assertTrue(plain.reason().contains("is not usable") && !plain.reason().contains("Source:"), plain.reason());
        RegistrySource missing = RegistryDouble.over(base).packuments(n -> new RegistryResult.NotFound(n));
        assertTrue(only(run(missing, Policy.EMPTY, HostileRegistry.project()), HostileRegistry.PLAIN).reason()
                .contains("has no package plain-pkg"));
    }

    @Test
    void aVersionTheRegistryDoesNotListIsUnverifiableAndSaidOnce() {
        DependencyGraph g = HostileRegistry.project(HostileRegistry.registryNode(HostileRegistry.PLAIN, "9.9.9"));
        PackageVerdict ghost = run(new HostileRegistry(pki), Policy.EMPTY, g).packages().stream()
                .filter(p -> p.version().equals("9.9.9")).findFirst().orElseThrow();
        assertEquals(ReasonCode.VERSION_NOT_IN_REGISTRY, ghost.code());
        assertEquals(EvidenceLevel.NONE, ghost.evidence());
        assertEquals(List.of(ReleaseChecks.UNKNOWN_VERSION), ghost.findings().stream().map(Finding::ruleId).toList());
    }

    @Test
    void aLockfileWithoutAnIntegrityIsCheckedAgainstTheRegistrysOne() {
        // Some lockfiles record none (yarn v1 for some sources, hand-edited npm ones): the attestations
        // and the registry signature are then checked over the registry's dist.integrity.
        PackageNode noIntegrity = new PackageNode(PackageKey.of(HostileRegistry.PROV, "1.1.0"), SourceType.REGISTRY,
                Optional.empty(), Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.empty(), false);
        DependencyGraph base = HostileRegistry.project();
        DependencyGraph g = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK).root(base.rootNode())
                .add(noIntegrity).edge(base.root(), noIntegrity.key(), DependencyKind.PROD).build();
        PackageVerdict v = run(new HostileRegistry(pki), Policy.EMPTY, g).packages().get(0);
        assertEquals(VerificationStatus.VERIFIED, v.status(), v.reason());
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, v.evidence());
    }

    @Test
    void withNoIntegrityAnywhereNothingCanBeChecked() {
        HostileRegistry registry = new HostileRegistry(pki)
                .version(HostileRegistry.PLAIN, "2.0.0", v -> ((ObjectNode) v.get("dist")).remove("integrity"));
        PackageNode noIntegrity = new PackageNode(PackageKey.of(HostileRegistry.PLAIN, "2.0.0"), SourceType.REGISTRY,
                Optional.empty(), Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.empty(), false);
        DependencyGraph.Builder b = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        DependencyGraph base = HostileRegistry.project();
        b.root(base.rootNode()).add(noIntegrity).edge(base.root(), noIntegrity.key(), DependencyKind.PROD);
        PackageVerdict v = run(registry, Policy.EMPTY, b.build()).packages().get(0);
        assertEquals(ReasonCode.INTEGRITY_UNUSABLE, v.code(), v.reason());
        assertEquals(VerificationStatus.UNVERIFIABLE, v.status());
    }

    @Test
    void aWorkspacesDependenciesAreDirectDependenciesOfTheProject() {
        DependencyGraph base = HostileRegistry.project();
        PackageNode ws = new PackageNode(PackageKey.of("@app/ui", "1.0.0"), SourceType.WORKSPACE, Optional.empty(),
                Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.of("packages/ui"), false);
        PackageNode plain = HostileRegistry.registryNode(HostileRegistry.PLAIN, "2.0.0");
        DependencyGraph g = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK).root(base.rootNode()).add(ws)
                .add(plain).edge(base.root(), ws.key(), DependencyKind.PROD).edge(ws.key(), plain.key(), DependencyKind.PROD)
                .build();
        Policy directProvenance = new Policy(List.of(), Optional.of(EvidenceLevel.PROVENANCE), Optional.empty(),
                Severity.WARNING, List.of());
        PackageVerdict v = run(new HostileRegistry(pki), directProvenance, g).packages().get(0);
        assertEquals(List.of(RequiredEvidenceRule.ID), v.findings().stream().map(Finding::ruleId).toList());
    }

    @Test
    void withoutAPublishTimeARetiredKeysSignatureIsPlacedByTheLogsSignedTime() {
        Instant published2024 = Instant.parse("2024-06-01T12:00:00Z");
        HostileRegistry registry = new HostileRegistry(pki)
                .attestations(HostileRegistry.PROV, "1.1.0", new SyntheticAttestations.Options()
                        .leaf(LeafSpec.standard().withNotBefore(published2024.minusSeconds(60)))
                        .provenanceIntegratedTime(published2024.minusSeconds(30))
                        .publishIntegratedTime(published2024.minusSeconds(28)).publishKey(pki.npmRetired))
                .version(HostileRegistry.PROV, "1.1.0", v -> {
                    ArrayNode sigs = ((ObjectNode) v.get("dist")).putArray("signatures");
                    for (DistSignature s : SyntheticAttestations.distSignatures(HostileRegistry.ref(HostileRegistry.PROV,
                            "1.1.0"), pki.npmRetired)) {
                        sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
                    }
                })
                .packument(HostileRegistry.PROV, p -> ((ObjectNode) p.get("time")).removeAll());
        PackageVerdict prov = only(run(registry, Policy.EMPTY, HostileRegistry.project()), HostileRegistry.PROV);
        assertEquals(VerificationStatus.VERIFIED, prov.status(), prov.reason());
        // Without verified provenance there is no signed time, and the retired key cannot be placed.
        HostileRegistry unplaced = new HostileRegistry(pki)
                .version(HostileRegistry.PLAIN, "2.0.0", v -> {
                    ArrayNode sigs = ((ObjectNode) v.get("dist")).putArray("signatures");
                    for (DistSignature s : SyntheticAttestations.distSignatures(HostileRegistry.ref(HostileRegistry.PLAIN,
                            "2.0.0"), pki.npmRetired)) {
                        sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
                    }
                })
                .packument(HostileRegistry.PLAIN, p -> ((ObjectNode) p.get("time")).removeAll());
        assertEquals(ReasonCode.SIGNATURE_TIME_UNKNOWN,
                only(run(unplaced, Policy.EMPTY, HostileRegistry.project()), HostileRegistry.PLAIN).code());
    }

    @Test
    void anAttestationsUrlAloneIsEnoughToAskForThem() {
        HostileRegistry registry = new HostileRegistry(pki).version(HostileRegistry.PROV, "1.1.0",
                v -> ((ObjectNode) v.get("dist").get("attestations")).remove("provenance"));
        PackageVerdict prov = only(run(registry, Policy.EMPTY, HostileRegistry.project()), HostileRegistry.PROV);
        assertEquals(VerificationStatus.VERIFIED, prov.status(), prov.reason());
        HostileRegistry advertisedAbsent = new HostileRegistry(pki).attestationsBody(HostileRegistry.PROV, "1.1.0", null);
        PackageVerdict gone = only(run(advertisedAbsent, Policy.EMPTY, HostileRegistry.project()), HostileRegistry.PROV);
        assertEquals(ReasonCode.ATTESTATIONS_NOT_SERVED, gone.code());
        assertEquals(VerificationStatus.UNVERIFIABLE, gone.status(), "fail closed: never a pass, never no-provenance");
        assertTrue(gone.reason().contains("advertises attestations the registry does not serve"), gone.reason());
        assertFalse(gone.findings().isEmpty());
    }
}
