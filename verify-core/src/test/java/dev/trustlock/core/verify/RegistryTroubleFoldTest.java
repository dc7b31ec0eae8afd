package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.detect.PipelineFindings;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.RegistryUrls;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry-wide trouble is one finding about the project, not one per package: a registry that
 * stopped answering, a mirror that serves no attestations at all, and a local copy (the cache
 * under --offline, a snapshot) without the packuments or the attestations of several packages. A
 * mirror that serves some attestations but not one package's, or a snapshot without one package,
 * is that package's own finding.
 */
class RegistryTroubleFoldTest {

    @TempDir
    Path tmp;

    private Path snapshot;
    private Path project;
    private TrustMaterial trust;

    private void twoPackagesWithProvenance() throws Exception {
        project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("package-lock.json"), VerifyFixtures.lockfile(List.of(
                new VerifyFixtures.Release("a-pkg", "1.2.0", TestPki.T0, true),
                new VerifyFixtures.Release("b-pkg", "2.1.3", TestPki.T0, true))));
        snapshot = BenchProject.writeSnapshot(Lockfiles.read(project, Optional.empty()), tmp, false);
        trust = TrustMaterial.load(snapshot.resolve("trust/trusted_root.json"), snapshot.resolve("trust/keys.json"));
    }

    private VerifyReport run(RegistrySource registry) throws Exception {
        DependencyGraph graph = Lockfiles.read(project, Optional.empty());
        return new VerifyRun(registry, trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), TestPki.T0.plusSeconds(86_400 * 30),
                2, Optional.empty()).run(graph, "p", "t", TestPki.T0, RunProgress.NONE);
    }

    private static List<Finding> unavailable(List<Finding> findings) {
        return findings.stream().filter(f -> f.ruleId().equals(PipelineFindings.REGISTRY_UNAVAILABLE)).toList();
    }

    /** What says "could not verify" about a package: registry-unavailable or verification-unverifiable. */
    private static List<Finding> couldNotVerify(List<Finding> findings) {
        return findings.stream().filter(f -> f.ruleId().equals(PipelineFindings.REGISTRY_UNAVAILABLE)
                || f.ruleId().equals("verification-unverifiable")).toList();
    }

    @Test
    void registryWideIsDecidedByTheRuleAndTheEvidenceTheFoldWrites() {
        java.util.SortedMap<String, String> both = new TreeMap<>(java.util.Map.of("registry", "https://r/", "packages", "2"));
        java.util.SortedMap<String, String> onlyRegistry = new TreeMap<>(java.util.Map.of("registry", "https://r/"));
        java.util.SortedMap<String, String> onlyPackages = new TreeMap<>(java.util.Map.of("packages", "2"));
        var warning = dev.trustlock.core.policy.Severity.WARNING;
        assertTrue(VerifyRun.registryWide(new Finding(PipelineFindings.REGISTRY_UNAVAILABLE, warning, "app", "1", "m", both)));
        assertTrue(VerifyRun.registryWide(new Finding(PipelineFindings.REGISTRY_UNSIGNED, warning, "app", "1", "m", both)));
        assertFalse(VerifyRun.registryWide(new Finding("new-dependency", warning, "app", "1", "m", both)),
                "a package rule's evidence may name a registry and a count; it is still the package's");
        assertFalse(VerifyRun.registryWide(new Finding(PipelineFindings.REGISTRY_UNAVAILABLE, warning, "a", "1", "m", onlyRegistry)));
        assertFalse(VerifyRun.registryWide(new Finding(PipelineFindings.REGISTRY_UNSIGNED, warning, "a", "1", "m", onlyPackages)));
    }

    @Test
    void aRegistryThatStoppedAnsweringIsOneFindingAboutTheProject() throws Exception {
        twoPackagesWithProvenance();
        SnapshotRegistry inner = SnapshotRegistry.open(snapshot);
        String origin = RegistryUrls.origin(inner.registryFor("a-pkg"));
        RegistrySource down = new FaultyRegistry(inner, name -> true, v -> false) {
            @Override
            public SortedMap<String, String> outages() {
                return new TreeMap<>(java.util.Map.of(origin, "registry " + origin + " stopped answering (test)"));
            }
        };
        VerifyReport report = run(down);
        assertEquals(2, report.summary().unverifiable());
        report.packages().forEach(p -> {
            assertEquals(VerificationStatus.UNVERIFIABLE, p.status());
            assertEquals(List.of(), couldNotVerify(p.findings()), "no finding per package");
        });
        List<Finding> run = unavailable(report.findings());
        assertEquals(1, run.size(), run.toString());
        assertTrue(run.get(0).message().contains("stopped answering") && run.get(0).message().contains("2 packages are"),
                run.get(0).message());
        assertEquals("2", run.get(0).evidence().get("packages"));
        assertTrue(VerifyRun.registryWide(run.get(0)), "the CLI says it once on stderr");
    }

    @Test
    void aMirrorServingNoAttestationsAtAllIsOneFinding() throws Exception {
        twoPackagesWithProvenance();
        VerifyReport report = run(new FaultyRegistry(SnapshotRegistry.open(snapshot), name -> false, v -> true));
        assertEquals(2, report.summary().unverifiable());
        List<Finding> run = unavailable(report.findings());
        assertEquals(1, run.size(), run.toString());
        assertTrue(run.get(0).message().contains("serves no attestations"), run.get(0).message());
        report.packages().forEach(p -> assertEquals(List.of(), couldNotVerify(p.findings()), p.name()));
        assertTrue(VerifyRun.registryWide(run.get(0)), "the CLI says it once on stderr");
    }

    @Test
    void aMirrorMissingOnePackagesAttestationsLeavesThatFindingOnThePackage() throws Exception {
        twoPackagesWithProvenance();
        VerifyReport report = run(new FaultyRegistry(SnapshotRegistry.open(snapshot), name -> false, v -> v.equals("2.1.3")));
        PackageVerdict a = report.packages().get(0);
        PackageVerdict b = report.packages().get(1);
        assertEquals(VerificationStatus.VERIFIED, a.status(), a.reason());
        assertEquals(VerificationStatus.UNVERIFIABLE, b.status(), b.reason());
        assertEquals(1, couldNotVerify(b.findings()).size(), "b-pkg keeps its own finding: " + b.findings());
        assertEquals(List.of(), unavailable(report.findings()), "and there is no run-level one");
        assertEquals(Set.of("b-pkg"), Set.copyOf(couldNotVerify(report.findings()).stream().map(Finding::packageName).toList()));
    }

    @Test
    void aRegistryCannotPassItsErrorsOffAsAMirrorsByWhatItSays() throws Exception {
        // Each failure's text echoes the mirror case's words: the fold goes by the reason code,
        // so these stay each package's own failure, not one "serves no attestations" finding.
        twoPackagesWithProvenance();
        RegistrySource echoing = new FaultyRegistry(SnapshotRegistry.open(snapshot), name -> false, v -> false) {
            @Override
            public dev.trustlock.core.registry.RegistryResult attestations(String name, String v, Optional<String> url) {
                return new dev.trustlock.core.registry.RegistryResult.Failed(
                        dev.trustlock.core.registry.RegistryResult.Reason.SERVER_ERROR,
                        "the packument advertises attestations the registry does not serve");
            }
        };
        VerifyReport report = run(echoing);
        assertEquals(2, report.summary().unverifiable());
        assertTrue(unavailable(report.findings()).stream().noneMatch(f -> f.message().contains("serves no attestations")),
                report.findings().toString());
        report.packages().forEach(p -> {
            assertEquals(dev.trustlock.core.attest.ReasonCode.REGISTRY_UNAVAILABLE, p.code(), p.reason());
            assertEquals(1, couldNotVerify(p.findings()).size(), "its own finding: " + p.findings());
            assertFalse(VerifyRun.registryWide(couldNotVerify(p.findings()).get(0)), "one package's, not the registry's");
        });
    }

    @Test
    void anOfflineRunOnAnEmptyCacheIsOneFindingThatSaysHowToFillIt() throws Exception {
        twoPackagesWithProvenance();
        RegistrySource offline = dev.trustlock.core.registry.RegistryClient.offline(
                dev.trustlock.core.registry.NpmrcConfig.load(Optional.empty(), Optional.empty(), java.util.Map.of()),
                new dev.trustlock.core.registry.RegistryCache(tmp.resolve("empty-cache"), dev.trustlock.core.io.CacheSeal.withSecret("tests")),
                dev.trustlock.core.registry.RegistryClientOptions.defaults());
        VerifyReport report = run(offline);
        assertEquals(2, report.summary().unverifiable());
        report.packages().forEach(p -> {
            assertEquals(VerificationStatus.UNVERIFIABLE, p.status());
            assertTrue(p.reason().contains("offline"), "the verdict still says why: " + p.reason());
            assertEquals(List.of(), couldNotVerify(p.findings()), "no finding per package");
        });
        List<Finding> run = unavailable(report.findings());
        assertEquals(1, run.size(), run.toString());
        assertTrue(run.get(0).message().startsWith("offline, and the cache lacks packuments from https://registry.npmjs.org")
                && run.get(0).message().contains("without --offline") && run.get(0).message().endsWith("2 packages are unverifiable"),
                run.get(0).message());
        assertEquals("a-pkg@1.2.0", run.get(0).evidence().get("first"));
        assertTrue(VerifyRun.registryWide(run.get(0)), "the CLI says it once on stderr");
    }

    @Test
    void aSnapshotWithoutSeveralPackagesIsOneFindingAndWithoutOneIsThatPackages() throws Exception {
        twoPackagesWithProvenance();
        withoutEntries("packument", Set.of("a-pkg", "b-pkg"));
        VerifyReport none = run(SnapshotRegistry.open(snapshot));
        assertEquals(2, none.summary().unverifiable());
        none.packages().forEach(p -> assertEquals(List.of(), couldNotVerify(p.findings()), p.name()));
        List<Finding> run = unavailable(none.findings());
        assertEquals(1, run.size(), run.toString());
        assertTrue(run.get(0).message().startsWith("the snapshot lacks packuments from https://registry.npmjs.org/ (was it"
                + " recorded for another lockfile? record this one with trustlock fetch)")
                && run.get(0).message().endsWith("2 packages are unverifiable"), run.get(0).message());

        twoPackagesWithProvenance();
        withoutEntries("packument", Set.of("b-pkg"));
        VerifyReport one = run(SnapshotRegistry.open(snapshot));
        assertEquals(VerificationStatus.VERIFIED, one.packages().get(0).status(), one.packages().get(0).reason());
        PackageVerdict b = one.packages().get(1);
        assertEquals(VerificationStatus.UNVERIFIABLE, b.status());
        assertEquals(1, couldNotVerify(b.findings()).size(), "b-pkg keeps its own finding: " + b.findings());
        assertTrue(couldNotVerify(b.findings()).get(0).message().contains("the snapshot has no packument of b-pkg"),
                b.findings().toString());
        assertEquals(List.of(), one.findings().stream().filter(VerifyRun::registryWide).toList(), "and there is no run-level one");
    }

    @Test
    void aRegistryThatAnswersNotFoundIsNotTakenForAMissingCopy() throws Exception {
        // Two packages the registry itself says it does not have: each is its own finding (a
        // package that does not exist is worth naming), never "record this one with fetch".
        twoPackagesWithProvenance();
        RegistrySource gone = new FaultyRegistry(SnapshotRegistry.open(snapshot), name -> false, v -> false) {
            @Override
            public RegistryResult packument(String name) {
                return new RegistryResult.NotFound(name);
            }
        };
        VerifyReport report = run(gone);
        assertEquals(2, report.summary().unverifiable());
        assertEquals(List.of(), report.findings().stream().filter(VerifyRun::registryWide).toList(), report.findings().toString());
        report.packages().forEach(p -> assertEquals(1, couldNotVerify(p.findings()).size(), p.findings().toString()));
    }

    @Test
    void aSnapshotWithoutTheAttestationsOfSeveralReleasesIsOneFindingAndWithoutOnesIsThatPackages() throws Exception {
        twoPackagesWithProvenance();
        withoutEntries("attestations", Set.of("a-pkg", "b-pkg"));
        VerifyReport none = run(SnapshotRegistry.open(snapshot));
        assertEquals(2, none.summary().unverifiable());
        none.packages().forEach(p -> {
            assertTrue(p.reason().contains("the snapshot has no attestations of " + p.name()), "the verdict says why: " + p.reason());
            assertEquals(List.of(), couldNotVerify(p.findings()), p.name());
        });
        List<Finding> run = unavailable(none.findings());
        assertEquals(1, run.size(), run.toString());
        assertTrue(run.get(0).message().startsWith("the snapshot lacks attestations from https://registry.npmjs.org/ (was it"
                + " recorded by hand or cut short? record it again with trustlock fetch)")
                && run.get(0).message().endsWith("2 packages are unverifiable"),
                run.get(0).message());

        twoPackagesWithProvenance();
        withoutEntries("attestations", Set.of("b-pkg"));
        VerifyReport one = run(SnapshotRegistry.open(snapshot));
        assertEquals(VerificationStatus.VERIFIED, one.packages().get(0).status(), one.packages().get(0).reason());
        PackageVerdict b = one.packages().get(1);
        assertEquals(VerificationStatus.UNVERIFIABLE, b.status());
        assertEquals(1, couldNotVerify(b.findings()).size(), "b-pkg keeps its own finding: " + b.findings());
        assertEquals(List.of(), one.findings().stream().filter(VerifyRun::registryWide).toList(), "and there is no run-level one");
    }

    @Test
    void oneMissingPackumentAndOneMissingBundleAreTwoGapsEachItsPackages() throws Exception {
        // The two-package bar counts each kind of gap apart: one of each is no pattern.
        twoPackagesWithProvenance();
        withoutEntries("packument", Set.of("a-pkg"));
        withoutEntries("attestations", Set.of("b-pkg"));
        VerifyReport report = run(SnapshotRegistry.open(snapshot));
        assertEquals(2, report.summary().unverifiable());
        assertEquals(List.of(), report.findings().stream().filter(VerifyRun::registryWide).toList(), report.findings().toString());
        report.packages().forEach(p -> assertEquals(1, couldNotVerify(p.findings()).size(), p.findings().toString()));
    }

    @Test
    void anOfflineCacheWithPackumentsButNoAttestationsIsOneFindingThatSaysHowToFillIt() throws Exception {
        twoPackagesWithProvenance();
        VerifyReport report = run(attestationsFail(RegistryResult.Reason.OFFLINE_MISS));
        assertEquals(2, report.summary().unverifiable());
        report.packages().forEach(p -> assertEquals(List.of(), couldNotVerify(p.findings()), p.name()));
        List<Finding> run = unavailable(report.findings());
        assertEquals(1, run.size(), run.toString());
        assertTrue(run.get(0).message().startsWith("offline, and the cache lacks attestations from https://registry.npmjs.org")
                && run.get(0).message().contains("without --offline"), run.get(0).message());
    }

    @Test
    void attestationsThatTimedOutAreNotTakenForAGapInALocalCopy() throws Exception {
        // A registry that fails to answer for two attestations is each package's trouble (or an
        // outage, when the client gives the registry up): "record it again" would be wrong advice.
        twoPackagesWithProvenance();
        VerifyReport report = run(attestationsFail(RegistryResult.Reason.TIMEOUT));
        assertEquals(2, report.summary().unverifiable());
        assertEquals(List.of(), report.findings().stream().filter(VerifyRun::registryWide).toList(), report.findings().toString());
        report.packages().forEach(p -> assertEquals(1, couldNotVerify(p.findings()).size(), p.findings().toString()));
    }

    private RegistrySource attestationsFail(RegistryResult.Reason reason) throws Exception {
        return new FaultyRegistry(SnapshotRegistry.open(snapshot), name -> false, v -> false) {
            @Override
            public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
                return RegistryResult.failed(reason, "no copy of " + name + "@" + version);
            }
        };
    }

    /** Removes the named packages' entries of {@code kind} from the snapshot's index, as if never recorded. */
    private void withoutEntries(String kind, Set<String> names) throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var index = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(snapshot.resolve("index.json").toFile());
        var entries = (com.fasterxml.jackson.databind.node.ArrayNode) index.get("entries");
        int removed = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).path("kind").asText().equals(kind) && names.contains(entries.get(i).path("name").asText())) {
                entries.remove(i);
                removed++;
            }
        }
        assertTrue(removed >= names.size(), "the snapshot had " + kind + " of " + names);
        mapper.writeValue(snapshot.resolve("index.json").toFile(), index);
    }
}
