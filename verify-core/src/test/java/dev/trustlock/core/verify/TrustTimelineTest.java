package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustlock explain} on the axios compromise: where trust dropped, and only there. */
class TrustTimelineTest {

    private static final Path SNAPSHOT = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot");

    /** The tests' own PKI as trust material, for timelines of HostileRegistry's packages. */
    private static TrustMaterial testPkiTrust(TestPki pki, Path dir) throws Exception {
        TestPki.TrustFiles files = pki.writeTrust(dir);
        return TrustMaterial.load(files.trustedRoot(), files.npmKeys());
    }

    private static TrustMaterial trust() throws Exception {
        return TrustMaterial.load(SNAPSHOT.resolve("trust/trusted_root.json"), SNAPSHOT.resolve("trust/keys.json"));
    }

    private static Map<String, TrustTimeline.Row> byVersion(TrustTimeline t) {
        return t.rows().stream().collect(Collectors.toMap(TrustTimeline.Row::version, Function.identity()));
    }

    @Test
    void axios1141IsTheFirstReleaseOfThe1xLineWithoutTrustedPublishing() throws Exception {
        TrustTimeline t = TrustTimeline.build(SnapshotRegistry.open(SNAPSHOT), trust(), "axios", 4);
        assertEquals("1.14.1", t.rows().get(t.rows().size() - 1).version(), "publish order");
        Map<String, TrustTimeline.Row> rows = byVersion(t);
        TrustTimeline.Row bad = rows.get("1.14.1");
        assertTrue(bad.trustDropped().orElseThrow().contains("first release of the 1.x line without trusted publishing"),
                bad.toString());
        assertTrue(bad.trustDropped().get().contains("1.14.0"));
        assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, bad.evidence());
        assertEquals(Optional.empty(), bad.trustedPublisher());
        assertEquals(Set.of("plain-crypto-js"), bad.newDependencies().keySet());
        assertEquals(Optional.of("jasonsaayman <ifstap@proton.me>"), bad.publisher());
        assertEquals(Set.of("latest"), bad.distTags());
        TrustTimeline.Row good = rows.get("1.14.0");
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, good.evidence());
        assertEquals(Optional.of("https://github.com/axios/axios"), good.identity().orElseThrow().sourceRepositoryUri());
        assertEquals(List.of("1.14.1"), t.rows().stream().filter(r -> r.trustDropped().isPresent())
                .map(TrustTimeline.Row::version).toList(), "the 0.30.x line never had more than signatures");
    }

    @Test
    void withAVersionItIsThatLineUpToIt() throws Exception {
        TrustTimeline t = TrustTimeline.build(SnapshotRegistry.open(SNAPSHOT), trust(), "axios@1.13.0", 4);
        assertEquals(List.of("1.12.0", "1.12.1", "1.12.2", "1.13.0"),
                t.rows().stream().map(TrustTimeline.Row::version).toList());
        assertEquals(Optional.of("1.13.0"), t.focus());
        assertThrows(TrustTimeline.Unavailable.class,
                () -> TrustTimeline.build(SnapshotRegistry.open(SNAPSHOT), trust(), "axios@9.9.9", 4));
        assertThrows(TrustTimeline.Unavailable.class,
                () -> TrustTimeline.build(SnapshotRegistry.open(SNAPSHOT), trust(), "no-such-package", 4));
    }

    @Test
    void aReleaseThatCouldNotBeCheckedIsNeitherADropNorTheBaseOfOne() throws Exception {
        // The registry fails on 1.14.0's attestations: that row is unchecked, and 1.14.1's drop is
        // measured against 1.13.2, the last release whose evidence was established.
        RegistrySource failing = new FaultyRegistry(SnapshotRegistry.open(SNAPSHOT), name -> false, v -> false) {
            @Override
            public RegistryResult attestations(String name, String v, Optional<String> advertisedUrl) {
                return v.equals("1.14.0") ? new RegistryResult.Failed(RegistryResult.Reason.TIMEOUT, "injected")
                        : super.attestations(name, v, advertisedUrl);
            }
        };
        Map<String, TrustTimeline.Row> rows = byVersion(TrustTimeline.build(failing, trust(), "axios", 4));
        assertEquals(VerificationStatus.UNVERIFIABLE, rows.get("1.14.0").status());
        assertEquals(Optional.empty(), rows.get("1.14.0").trustDropped());
        assertTrue(rows.get("1.14.1").trustDropped().orElseThrow().contains("after 1.13.2"),
                rows.get("1.14.1").toString());
    }

    /** The verify page's timelines: only what the run verified counts, the rest is what the registry advertises. */
    @Test
    void aVerdictsTimelineVerifiesNothingMoreAndMarksNoDropOnMetadata() throws Exception {
        RegistryResult.Found found = (RegistryResult.Found) SnapshotRegistry.open(SNAPSHOT).packument("axios");
        dev.trustlock.core.history.PackageHistory history = dev.trustlock.core.history.PackageHistory.fromPackument(
                dev.trustlock.core.io.JsonTrees.parseRegistryDocument(found.body()));
        PackageVerdict verdict = new PackageVerdict("axios", "1.14.1", "pkg:npm/axios@1.14.1", Optional.empty(),
                dev.trustlock.core.attest.ReasonCode.NO_ATTESTATIONS, "no attestations", Optional.empty(),
                EvidenceLevel.REGISTRY_SIGNATURE_ONLY, List.of());
        TrustTimeline t = TrustTimeline.ofVerdict(history, verdict, 5);
        assertEquals(List.of("1.13.0", "1.13.1", "1.13.2", "1.14.0", "1.14.1"),
                t.rows().stream().map(TrustTimeline.Row::version).toList(), "the last 5 of the 1.x line up to 1.14.1");
        Map<String, TrustTimeline.Row> rows = byVersion(t);
        assertEquals(VerificationStatus.NO_PROVENANCE, rows.get("1.14.1").status(), "the verdict's own");
        assertEquals(VerificationStatus.UNVERIFIABLE, rows.get("1.14.0").status(), "not checked by this run");
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, rows.get("1.14.0").advertised(), "what the packument claims, shown");
        assertEquals(EvidenceLevel.NONE, rows.get("1.14.0").evidence(), "but it is no evidence");
        assertTrue(t.rows().stream().allMatch(r -> r.trustDropped().isEmpty()), "no drop from unverified metadata");
        assertEquals(Optional.of("1.14.1"), t.focus());
        assertEquals(List.of(), TrustTimeline.ofVerdict(history, new PackageVerdict("axios", "9.9.9", "p", Optional.empty(),
                dev.trustlock.core.attest.ReasonCode.VERSION_NOT_IN_REGISTRY, "x", Optional.empty(), EvidenceLevel.NONE,
                List.of()), 5).rows(), "a version the history lacks has no timeline");
    }

    /** Undated releases (a registry without believable times) are in version order, and none after the version judged. */
    @Test
    void anUndatedLineIsInVersionOrderUpToTheVersionJudged() throws Exception {
        dev.trustlock.core.history.PackageHistory history = dev.trustlock.core.history.PackageHistory.fromPackument(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                        {"name":"x","versions":{"1.2.0":{"dist":{}}, "1.10.0":{"dist":{}}, "1.9.0":{"dist":{}},
                          "1.11.0":{"dist":{}}, "2.0.0":{"dist":{}}}}"""));
        PackageVerdict verdict = new PackageVerdict("x", "1.10.0", "pkg:npm/x@1.10.0", Optional.empty(),
                dev.trustlock.core.attest.ReasonCode.NO_ATTESTATIONS, "no attestations", Optional.empty(),
                EvidenceLevel.REGISTRY_SIGNATURE_ONLY, List.of());
        TrustTimeline t = TrustTimeline.ofVerdict(history, verdict, 10);
        assertEquals(List.of("1.2.0", "1.9.0", "1.10.0"), t.rows().stream().map(TrustTimeline.Row::version).toList());
        assertTrue(dev.trustlock.core.report.TimelineRenderer.text(t).startsWith("x: 3 releases of the line of 1.10.0 up "
                + "to it, in version order (the registry gives no publish times to believe)\n"),
                dev.trustlock.core.report.TimelineRenderer.text(t));
    }

    /** A registry whose answers for {@code stuck} never come (until the caller gives up and interrupts). */
    private static RegistrySource hanging(java.util.function.Predicate<String> stuck) throws Exception {
        return new FaultyRegistry(SnapshotRegistry.open(SNAPSHOT), name -> false, v -> false) {
            @Override
            public RegistryResult packument(String name) {
                return stuck.test(name) ? never() : super.packument(name);
            }

            @Override
            public RegistryResult attestations(String name, String v, Optional<String> advertisedUrl) {
                return stuck.test(v) ? never() : super.attestations(name, v, advertisedUrl);
            }

            private RegistryResult never() {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new RegistryResult.Failed(RegistryResult.Reason.INTERRUPTED, "gave up");
            }
        };
    }

    @Test
    void releasesNotCheckedByTheDeadlineAreUnverifiableAndCounted() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        TrustTimeline t = TrustTimeline.build(hanging(v -> v.equals("1.14.0") || v.equals("1.13.2")), trust(), "axios", 4,
                Optional.of(java.time.Duration.ofSeconds(1)), (stage, done, total) -> heard.add(stage + " " + done + "/" + total));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "ended by its deadline, not by the stuck requests");
        List<String> atReturn = List.copyOf(heard);
        Thread.sleep(300);
        assertEquals(atReturn, heard, "the stuck checks, interrupted, report no progress after build returned");
        assertEquals(2, t.late());
        Map<String, TrustTimeline.Row> rows = byVersion(t);
        for (String v : List.of("1.14.0", "1.13.2")) {
            assertEquals(VerificationStatus.UNVERIFIABLE, rows.get(v).status(), v);
            assertEquals(EvidenceLevel.NONE, rows.get(v).evidence(), "late is no evidence: " + v);
            assertEquals("the deadline of 1 s passed before it was verified", rows.get(v).reason());
        }
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, rows.get("1.13.1").evidence(), "the others were checked");
        assertEquals(List.of("FETCHING 0/1", "FETCHING 1/1", "CHECKING 0/10"), heard.subList(0, 3), heard.toString());
        assertTrue(heard.contains("CHECKING 8/10"), "each check that ends is counted: " + heard);
        assertEquals(0, TrustTimeline.build(SnapshotRegistry.open(SNAPSHOT), trust(), "axios", 4).late());
    }

    @Test
    void aScopedNameIsThePackageNotAVersion() throws Exception {
        TrustTimeline.Unavailable e = assertThrows(TrustTimeline.Unavailable.class,
                () -> TrustTimeline.build(SnapshotRegistry.open(SNAPSHOT), trust(), "@scope/pkg", 4));
        assertEquals("the packument of @scope/pkg could not be fetched: the snapshot has no packument of @scope/pkg",
                e.getMessage());
    }

    @Test
    void aScopedPackageIsFoundWithAndWithoutAVersion() throws Exception {
        Path worm = Fixtures.testdata("scenarios/token-worm-2025-09/snapshot");
        TrustMaterial wormTrust = TrustMaterial.load(worm.resolve("trust/trusted_root.json"), worm.resolve("trust/keys.json"));
        TrustTimeline all = TrustTimeline.build(SnapshotRegistry.open(worm), wormTrust, "@ctrlkit/tinycolour", 4);
        assertEquals("@ctrlkit/tinycolour", all.name());
        assertEquals(Optional.empty(), all.focus());
        assertEquals(List.of("4.1.0", "4.1.1"), all.rows().stream().map(TrustTimeline.Row::version).toList());
        TrustTimeline one = TrustTimeline.build(SnapshotRegistry.open(worm), wormTrust, "@ctrlkit/tinycolour@4.1.0", 4);
        assertEquals(Optional.of("4.1.0"), one.focus());
        assertEquals(List.of("4.1.0"), one.rows().stream().map(TrustTimeline.Row::version).toList());
    }

    @Test
    void releasesAreInPublishOrderSoABackportComesAfterTheReleaseItFollows(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.shared();
        HostileRegistry registry = new HostileRegistry(pki).provRelease("1.0.1", HostileRegistry.PUBLISHED.plusSeconds(3600));
        TrustTimeline t = TrustTimeline.build(registry, testPkiTrust(pki, dir),
                HostileRegistry.PROV, 2);
        assertEquals(List.of("1.0.0", "1.1.0", "1.0.1"), t.rows().stream().map(TrustTimeline.Row::version).toList());
    }

    @Test
    void aPackumentOfManyUndatedVersionsSomeNotSemverIsExplainedNotThrown(@TempDir Path dir) throws Exception {
        // A mirror's packument: 64 versions without publish times, half of them not semver.
        TestPki pki = TestPki.shared();
        java.util.Random random = new java.util.Random(22);
        HostileRegistry registry = new HostileRegistry(pki).packument(HostileRegistry.PROV, p -> {
            ObjectNode versions = (ObjectNode) p.get("versions");
            for (int i = 0; i < 64; i++) {
                String v = random.nextBoolean() ? (2 + random.nextInt(20)) + "." + random.nextInt(3) + ".0"
                        : random.nextInt(20) + "x";
                versions.putObject(v).put("name", HostileRegistry.PROV).put("version", v);
            }
        });
        TrustTimeline t = TrustTimeline.build(registry, testPkiTrust(pki, dir),
                HostileRegistry.PROV, 2);
        List<String> order = t.rows().stream().map(TrustTimeline.Row::version).toList();
        assertEquals(List.of("1.0.0", "1.1.0"), order.subList(0, 2), "dated releases first");
        List<String> undated = order.subList(2, order.size());
        List<String> semver = undated.stream().filter(v -> !v.endsWith("x")).toList();
        assertEquals(semver, undated.subList(0, semver.size()), "semver versions before the others: " + undated);
        for (int i = 1; i < semver.size(); i++) {
            String[] a = semver.get(i - 1).split("\\.");
            String[] b = semver.get(i).split("\\.");
            int c = Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0]));
            assertTrue(c < 0 || c == 0 && Integer.parseInt(a[1]) < Integer.parseInt(b[1]), "in precedence order: " + semver);
        }
    }

    @Test
    void aPublisherIsShownWithWhatThePackumentRecordsOfIt(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.shared();
        HostileRegistry registry = new HostileRegistry(pki)
                .version(HostileRegistry.PROV, "1.0.0", v -> ((ObjectNode) v.get("_npmUser")).remove("email"))
                .version(HostileRegistry.PROV, "1.1.0", v -> ((ObjectNode) v.get("_npmUser")).remove("name"))
                .provRelease("1.2.0", HostileRegistry.PUBLISHED.plusSeconds(60))
                .version(HostileRegistry.PROV, "1.2.0", v -> v.remove("_npmUser"));
        Map<String, TrustTimeline.Row> rows = byVersion(TrustTimeline.build(registry,
                testPkiTrust(pki, dir), HostileRegistry.PROV, 2));
        assertEquals(Optional.of("GitHub Actions"), rows.get("1.0.0").publisher());
        assertEquals(Optional.of("? <npm-oidc-no-reply@github.com>"), rows.get("1.1.0").publisher());
        assertEquals(Optional.empty(), rows.get("1.2.0").publisher());
    }

    @Test
    void aPackumentNotHadByTheDeadlineMakesThePackageUnavailable() throws Exception {
        long start = System.nanoTime();
        TrustTimeline.Unavailable e = assertThrows(TrustTimeline.Unavailable.class, () -> TrustTimeline.build(
                hanging(name -> name.equals("axios")), trust(), "axios", 4, Optional.of(java.time.Duration.ofMillis(300)),
                RunProgress.NONE));
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        assertEquals("the deadline of 300 ms passed before the packument of axios was fetched", e.getMessage());
    }

    @Test
    void aCheckThatBreaksIsUnverifiableNotLeftOut() throws Exception {
        RegistrySource breaking = new FaultyRegistry(SnapshotRegistry.open(SNAPSHOT), name -> false, v -> false) {
            @Override
            public RegistryResult attestations(String name, String v, Optional<String> advertisedUrl) {
                if (v.equals("1.14.0")) {
                    throw new IllegalStateException("a bug in a source");
                }
                return super.attestations(name, v, advertisedUrl);
            }
        };
        TrustTimeline.Row row = byVersion(TrustTimeline.build(breaking, trust(), "axios", 4)).get("1.14.0");
        assertEquals(VerificationStatus.UNVERIFIABLE, row.status());
        assertEquals(EvidenceLevel.NONE, row.evidence());
        assertTrue(row.reason().startsWith("the check failed:") && row.reason().contains("a bug in a source"), row.reason());
    }
}
