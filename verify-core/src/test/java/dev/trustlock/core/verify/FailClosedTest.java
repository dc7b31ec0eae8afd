package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.LeafCertificates.LeafSpec;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.BundleVersion;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Fault;
import dev.trustlock.core.attest.testpki.SyntheticAttestations.Options;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.detect.PipelineFindings;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.policy.AllowedSource;
import dev.trustlock.core.policy.Exemption;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.NamePattern;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One regression test per hole of "Fail closed under attack", each reproducing what an attacker
 * controlling a mirror, a snapshot or a pull request could do, through the whole verify pipeline.
 * Holes 3, 8 and 9 concern the CLI's inputs and are tested there (FailClosedCliTest).
 */
class FailClosedTest {

    private static TestPki pki;
    private static TrustMaterial trust;

    @BeforeAll
    static void trust(@TempDir Path dir) throws Exception {
        pki = TestPki.shared();
        var files = pki.writeTrust(dir);
        trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
    }

    private static VerifyReport run(HostileRegistry registry, Policy policy, DependencyGraph graph) {
        return new VerifyRun(registry, trust, policy, LocalDate.of(2026, 1, 1), 2)
                .run(graph, "project", "t", Instant.EPOCH, RunProgress.NONE);
    }

    private static VerifyReport run(HostileRegistry registry) {
        return run(registry, Policy.EMPTY, HostileRegistry.project());
    }

    private static PackageVerdict verdict(VerifyReport report, String name) {
        return report.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> rules(PackageVerdict v) {
        return v.findings().stream().map(Finding::ruleId).toList();
    }

    private static String flipped(String base64) {
        byte[] b = Base64.getDecoder().decode(base64);
        b[b.length - 1] ^= 1;
        return Base64.getEncoder().encodeToString(b);
    }

    private static void forgeSignature(ObjectNode version) {
        ObjectNode sig = (ObjectNode) version.get("dist").get("signatures").get(0);
        sig.put("sig", flipped(sig.get("sig").asText()));
    }

    @Test
    void baselineEverythingVerifies() {
        VerifyReport r = run(new HostileRegistry(pki));
        assertEquals(VerificationStatus.VERIFIED, verdict(r, HostileRegistry.PROV).status(),
                verdict(r, HostileRegistry.PROV).reason());
        assertEquals(VerificationStatus.NO_PROVENANCE, verdict(r, HostileRegistry.PLAIN).status());
        assertEquals(0, r.summary().errors() + r.summary().warnings(), r.findings().toString());
    }

    // ---- hole 1: registry signature skipped -------------------------------------------------------

    @Test
    void hole1_aForgedRegistrySignatureIsCaughtWhenThePublishTimeIsMissing() {
        HostileRegistry registry = new HostileRegistry(pki)
                .packument(HostileRegistry.PLAIN, p -> ((ObjectNode) p.get("time")).remove("2.0.0"))
                .version(HostileRegistry.PLAIN, "2.0.0", FailClosedTest::forgeSignature);
        PackageVerdict plain = verdict(run(registry), HostileRegistry.PLAIN);
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_INVALID, plain.code(), plain.reason());
        assertEquals(EvidenceLevel.NONE, plain.evidence());
    }

    @Test
    void hole1_aMirrorThatStripsIntegrityAndSignaturesDoesNotPass() {
        HostileRegistry registry = new HostileRegistry(pki).version(HostileRegistry.PLAIN, "2.0.0", v -> {
            ((ObjectNode) v.get("dist")).remove("integrity");
            ((ObjectNode) v.get("dist")).remove("signatures");
        });
        PackageVerdict plain = verdict(run(registry), HostileRegistry.PLAIN);
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_REQUIRED, plain.code(), plain.reason());
        assertEquals(VerificationStatus.INVALID, plain.status());
        assertTrue(rules(plain).contains("verification-invalid"), plain.findings().toString());
    }

    @Test
    void hole1_withoutDistIntegrityTheSignatureIsCheckedOverTheLockfilesIntegrity() {
        HostileRegistry registry = new HostileRegistry(pki)
                .version(HostileRegistry.PLAIN, "2.0.0", v -> ((ObjectNode) v.get("dist")).remove("integrity"));
        assertEquals(VerificationStatus.NO_PROVENANCE, verdict(run(registry), HostileRegistry.PLAIN).status());
        HostileRegistry forged = new HostileRegistry(pki).version(HostileRegistry.PLAIN, "2.0.0", v -> {
            ((ObjectNode) v.get("dist")).remove("integrity");
            forgeSignature(v);
        });
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_INVALID, verdict(run(forged), HostileRegistry.PLAIN).code());
    }

    @Test
    void hole1_aMissingSignatureIsInvalidEvenWithVerifiedAttestations() {
        HostileRegistry registry = new HostileRegistry(pki)
                .version(HostileRegistry.PROV, "1.1.0", v -> ((ObjectNode) v.get("dist")).remove("signatures"));
        PackageVerdict prov = verdict(run(registry), HostileRegistry.PROV);
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_REQUIRED, prov.code(), prov.reason());
        assertEquals(EvidenceLevel.NONE, prov.evidence());
    }

    @Test
    void hole1_aForgedSignatureBesideVerifiedAttestationsIsInvalid() {
        HostileRegistry registry = new HostileRegistry(pki).version(HostileRegistry.PROV, "1.1.0",
                FailClosedTest::forgeSignature);
        PackageVerdict prov = verdict(run(registry), HostileRegistry.PROV);
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_INVALID, prov.code(), prov.reason());
        assertTrue(rules(prov).contains("verification-invalid"));
    }

    @Test
    void hole1_withoutAPublishTimeTheLogsSignedTimePlacesTheSignature() {
        HostileRegistry registry = new HostileRegistry(pki)
                .packument(HostileRegistry.PROV, p -> ((ObjectNode) p.get("time")).removeAll());
        PackageVerdict prov = verdict(run(registry), HostileRegistry.PROV);
        assertEquals(VerificationStatus.VERIFIED, prov.status(), prov.reason());
    }

    /** Adds patch releases 0.1.1 to 0.1.3 to {@code name}, published in reverse: times a mirror rewrote. */
    private static void rewriteTimes(HostileRegistry registry, String name) {
        registry.packument(name, p -> {
            ObjectNode time = (ObjectNode) p.get("time");
            ObjectNode versions = (ObjectNode) p.get("versions");
            for (int patch = 1; patch <= 3; patch++) {
                versions.putObject("0.1." + patch).putObject("dist");
                time.put("0.1." + patch, "2020-01-0" + (4 - patch) + "T00:00:00Z"); // 0.1.3 first, 0.1.1 last
            }
        });
    }

    private static List<Finding> timeFindings(VerifyReport r) {
        return r.findings().stream().filter(f -> f.ruleId().equals(PipelineFindings.REGISTRY_TIMES)).toList();
    }

    /**
     * A mirror that rewrote the publish times of every package: none of its times is believed
     * (releases are compared in version order), said once for the registry, and what signatures
     * prove stands.
     */
    @Test
    void aMirrorThatRewritesTimesIsSaidOnceAndChangesNoSignedVerdict() {
        VerifyReport before = run(new HostileRegistry(pki));
        // A third package whose own times are in order: the registry's habit costs it its times too.
        HostileRegistry registry = new HostileRegistry(pki).plainPackage("other-pkg", "3.0.0");
        rewriteTimes(registry, HostileRegistry.PROV);
        rewriteTimes(registry, HostileRegistry.PLAIN);
        VerifyReport r = run(registry, Policy.EMPTY.withMinimumReleaseAge(java.time.Duration.ofDays(1)),
                HostileRegistry.project(HostileRegistry.registryNode("other-pkg", "3.0.0")));
        List<Finding> said = timeFindings(r);
        assertEquals(1, said.size(), r.findings().toString());
        assertEquals("app", said.get(0).packageName());
        assertEquals("2", said.get(0).evidence().get("packages"));
        assertEquals("plain-pkg 0.1.2 before 0.1.1", said.get(0).evidence().get("first"));
        assertEquals("registry https://registry.npmjs.org/ gives publish times that contradict the version order of 2 of "
                + "its 3 packages (plain-pkg 0.1.2 before 0.1.1, ...); none of its publish times is believed: releases "
                + "are compared in version order, and only transparency-log times date them", said.get(0).message());
        Finding otherAge = verdict(r, "other-pkg").findings().stream()
                .filter(f -> f.ruleId().equals("release-age")).findFirst().orElseThrow();
        assertEquals("the registry's publish times for other-pkg are not believed (its registry rewrites publish times), "
                + "and 3.0.0 has no verified provenance to date it, so its age cannot be checked against "
                + "minimumReleaseAge 1d", otherAge.message(), "its own times were in order, yet not believed");
        for (String name : new String[] {HostileRegistry.PROV, HostileRegistry.PLAIN}) {
            assertEquals(verdict(before, name).status(), verdict(r, name).status(), name + ": " + verdict(r, name).reason());
        }
        assertTrue(timeFindings(before).isEmpty());
        // Under a cooldown, the package without provenance has nothing left to date it; the one with
        // provenance is dated by its signed log time.
        Finding plainAge = verdict(r, HostileRegistry.PLAIN).findings().stream()
                .filter(f -> f.ruleId().equals("release-age")).findFirst().orElseThrow();
        assertEquals(dev.trustlock.core.policy.Severity.ERROR, plainAge.severity());
        assertTrue(plainAge.message().endsWith("so its age cannot be checked against minimumReleaseAge 1d"), plainAge.message());
        assertTrue(verdict(r, HostileRegistry.PROV).findings().stream()
                .noneMatch(f -> f.ruleId().equals("release-age") && f.message().contains("cannot be checked")),
                "dated by its provenance's log time");
    }

    /**
     * Where a registry's own habit begins: two packages of twenty (a tenth) with contradicting
     * times make none of its times believed; two of twenty-one leave the others dated.
     */
    @ParameterizedTest(name = "2 of {0}")
    @ValueSource(ints = {20, 21})
    void aTenthOfARegistrysPackagesWithContradictingTimesDistrustsAllOfIt(int served) {
        HostileRegistry registry = new HostileRegistry(pki);
        List<PackageNode> others = new ArrayList<>();
        for (int i = 0; i < served - 2; i++) {
            registry.plainPackage("other-" + i, "3.0.0");
            others.add(HostileRegistry.registryNode("other-" + i, "3.0.0"));
        }
        rewriteTimes(registry, HostileRegistry.PROV);
        rewriteTimes(registry, HostileRegistry.PLAIN);
        VerifyReport r = run(registry, Policy.EMPTY.withMinimumReleaseAge(java.time.Duration.ofDays(1)),
                HostileRegistry.project(others.toArray(PackageNode[]::new)));
        Finding said = timeFindings(r).get(0);
        assertTrue(said.message().contains("2 of its " + served + " packages"), said.message());
        boolean distrusted = served == 20;
        assertEquals(distrusted, said.message().contains("none of its publish times is believed"), said.message());
        boolean otherUndated = verdict(r, "other-0").findings().stream()
                .anyMatch(f -> f.ruleId().equals("release-age") && f.message().contains("cannot be checked"));
        assertEquals(distrusted, otherUndated, verdict(r, "other-0").findings().toString());
    }

    /**
     * One package of two with rewritten times: its own times are not believed, the registry's
     * others are (here the package without provenance, which only its registry time can date).
     */
    @Test
    void onePackageWhoseTimesContradictItsVersionsLeavesTheOthersDated() {
        HostileRegistry registry = new HostileRegistry(pki);
        rewriteTimes(registry, HostileRegistry.PROV);
        VerifyReport r = run(registry, Policy.EMPTY.withMinimumReleaseAge(java.time.Duration.ofDays(1)),
                HostileRegistry.project());
        List<Finding> said = timeFindings(r);
        assertEquals(1, said.size(), r.findings().toString());
        assertTrue(said.get(0).message().contains("1 of its 2 packages (prov-pkg 0.1.2 before 0.1.1); their times are "
                + "not believed:"), said.get(0).message());
        assertTrue(verdict(r, HostileRegistry.PLAIN).findings().stream()
                .noneMatch(f -> f.ruleId().equals("release-age") && f.message().contains("cannot be checked")),
                "the other package keeps its registry time: " + verdict(r, HostileRegistry.PLAIN).findings());
        assertEquals(VerificationStatus.VERIFIED, verdict(r, HostileRegistry.PROV).status());
    }

    @Test
    void hole1_aRegistryWithoutKeysLeavesAnUnsignedPackageUnverifiableNeverPassing() {
        HostileRegistry registry = new HostileRegistry(pki).noKeys()
                .version(HostileRegistry.PLAIN, "2.0.0", v -> ((ObjectNode) v.get("dist")).remove("signatures"))
                .version(HostileRegistry.PROV, "1.1.0", v -> ((ObjectNode) v.get("dist")).remove("signatures"));
        VerifyReport r = run(registry);
        assertEquals(ReasonCode.REGISTRY_UNSIGNED, verdict(r, HostileRegistry.PLAIN).code());
        // Verified provenance binds name, version and digest without the registry's signature.
        assertEquals(VerificationStatus.VERIFIED, verdict(r, HostileRegistry.PROV).status());
        // Said once for the registry, about the project, not once per unsigned package.
        assertEquals(List.of(), rules(verdict(r, HostileRegistry.PLAIN)));
        List<Finding> once = r.findings().stream().filter(f -> f.ruleId().equals(PipelineFindings.REGISTRY_UNSIGNED))
                .toList();
        assertEquals(1, once.size(), r.findings().toString());
        assertEquals("app", once.get(0).packageName());
        assertEquals("1", once.get(0).evidence().get("packages"));
        assertEquals("registry https://registry.npmjs.org/ publishes no signing keys; registry signatures cannot be checked"
                + " (1 package without provenance is unverifiable); pass --npm-keys or use a registry that signs",
                once.get(0).message());
        assertEquals(VerificationStatus.UNVERIFIABLE, verdict(r, HostileRegistry.PLAIN).status(),
                "the package stays unverifiable");
    }

    // ---- hole 2: non-registry tarballs --------------------------------------------------------------

    @Test
    void hole2_aTarballOutsideTheRegistryIsAnErrorEvenWithTheRightIntegrity() {
        PackageNode foreign = HostileRegistry.node(HostileRegistry.PROV, "1.1.0", SourceType.REGISTRY,
                "https://evil.example/prov-pkg/-/prov-pkg-1.1.0.tgz");
        VerifyReport r = run(new HostileRegistry(pki), Policy.EMPTY, graphWith(foreign));
        PackageVerdict prov = verdict(r, HostileRegistry.PROV);
        Finding f = prov.findings().stream().filter(x -> x.ruleId().equals(PipelineFindings.NOT_FROM_REGISTRY))
                .findFirst().orElseThrow(() -> new AssertionError(prov.findings().toString()));
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("https://evil.example/prov-pkg/-/prov-pkg-1.1.0.tgz"), f.message());
        // Its registry record is still checked.
        assertEquals(VerificationStatus.VERIFIED, prov.status());
    }

    @Test
    void hole2_gitUrlAndLocalDependenciesAreErrorsUntilThePolicyAllowsThem() {
        PackageNode git = HostileRegistry.node("forked", "1.0.0", SourceType.GIT,
                "git+https://github.com/me/forked.git#0123456789abcdef0123456789abcdef01234567");
        PackageNode url = HostileRegistry.node("vendored", "1.0.0", SourceType.REMOTE_TARBALL,
                "https://user:s3cret@cdn.example/vendored-1.0.0.tgz?token=abc");
        PackageNode local = HostileRegistry.node("shared", "1.0.0", SourceType.LOCAL, "file:../shared");
        DependencyGraph g = HostileRegistry.project(git, url, local);
        VerifyReport strict = run(new HostileRegistry(pki), Policy.EMPTY, g);
        List<Finding> origin = strict.findings().stream()
                .filter(f -> f.ruleId().equals(PipelineFindings.NOT_FROM_REGISTRY)).toList();
        assertEquals(3, origin.size(), origin.toString());
        assertTrue(origin.stream().allMatch(f -> f.severity() == Severity.ERROR), origin.toString());
        // Credentials in a resolved URL never reach the report.
        assertFalse(strict.findings().toString().contains("s3cret"), strict.findings().toString());
        assertFalse(strict.findings().toString().contains("token=abc"), strict.findings().toString());

        Policy allowing = new Policy(List.of(), Optional.empty(), Optional.empty(), Severity.WARNING, List.of(), List.of(
                new AllowedSource(0, new NamePattern("forked"), Optional.empty(), Optional.of("github.com"), "our fork"),
                new AllowedSource(1, new NamePattern("vendored"), Optional.of("https://user:s3cret@cdn.example/"),
                        Optional.empty(), "vendored build"),
                new AllowedSource(2, new NamePattern("shared"), Optional.of("file:../"), Optional.empty(), "monorepo")));
        VerifyReport allowed = run(new HostileRegistry(pki), allowing, g);
        List<Finding> notes = allowed.findings().stream()
                .filter(f -> f.ruleId().equals(PipelineFindings.NOT_FROM_REGISTRY)).toList();
        assertEquals(3, notes.size(), allowed.findings().toString());
        assertTrue(notes.stream().allMatch(f -> f.severity() == Severity.NOTE && f.message().contains("allowed by")),
                notes.toString());
        // An allowance is by package: another package from the same host is still an error.
        PackageNode other = HostileRegistry.node("intruder", "6.6.6", SourceType.GIT,
                "git+https://github.com/attacker/intruder.git");
        assertTrue(run(new HostileRegistry(pki), allowing, HostileRegistry.project(other)).findings().stream()
                .anyMatch(f -> f.packageName().equals("intruder") && f.severity() == Severity.ERROR));
        // And by source: the allowed name from another host or URL is still an error.
        for (PackageNode moved : List.of(
                HostileRegistry.node("forked", "6.6.6", SourceType.GIT, "git+https://gitlab.com/attacker/forked.git"),
                HostileRegistry.node("vendored", "6.6.6", SourceType.REMOTE_TARBALL, "https://attacker.example/vendored.tgz"))) {
            assertTrue(run(new HostileRegistry(pki), allowing, HostileRegistry.project(moved)).findings().stream()
                    .anyMatch(f -> f.packageName().equals(moved.name()) && f.severity() == Severity.ERROR
                            && f.ruleId().equals(PipelineFindings.NOT_FROM_REGISTRY)), moved.resolved().orElseThrow());
        }
    }

    @Test
    void hole2_theRegistrysOwnAliasesAreTheRegistry() {
        for (String url : List.of("https://registry.yarnpkg.com/prov-pkg/-/prov-pkg-1.1.0.tgz",
                "https://registry.npmjs.org/prov-pkg/-/prov-pkg-1.1.0.tgz")) {
            PackageNode n = HostileRegistry.node(HostileRegistry.PROV, "1.1.0", SourceType.REGISTRY, url);
            VerifyReport r = run(new HostileRegistry(pki), Policy.EMPTY, graphWith(n));
            assertEquals(List.of(), verdict(r, HostileRegistry.PROV).findings(), url);
        }
    }

    @Test
    void hole2_pipelineFindingsAreNamedByExceptionsLikeEveryOtherFinding() {
        PackageNode foreign = HostileRegistry.node(HostileRegistry.PROV, "1.1.0", SourceType.REGISTRY,
                "https://evil.example/prov-pkg/-/prov-pkg-1.1.0.tgz");
        Policy excepted = new Policy(List.of(), Optional.empty(), Optional.empty(), Severity.WARNING, List.of(
                new Exemption(0, new NamePattern(HostileRegistry.PROV), Optional.empty(),
                        Optional.of(PipelineFindings.NOT_FROM_REGISTRY), "mirror move", LocalDate.of(2026, 12, 31))));
        VerifyReport r = run(new HostileRegistry(pki), excepted, graphWith(foreign));
        assertEquals(List.of(), verdict(r, HostileRegistry.PROV).findings());
    }

    private static DependencyGraph graphWith(PackageNode replacement) {
        DependencyGraph base = HostileRegistry.project();
        DependencyGraph.Builder b = new DependencyGraph.Builder(base.format()).root(base.rootNode());
        for (PackageNode n : base.packages()) {
            PackageNode use = n.key().equals(replacement.key()) ? replacement : n;
            b.add(use).edge(base.root(), use.key(), dev.trustlock.core.lockfile.DependencyKind.PROD);
        }
        return b.build();
    }

    // ---- hole 4: advertised evidence survives failure ------------------------------------------------

    @Test
    void hole4_provenanceThatDoesNotVerifyIsADowngradeThatSaysBothFacts() {
        for (Options o : List.of(new Options().provenanceFault(Fault.ENTRY_FROM_UNKNOWN_LOG),
                new Options().leaf(LeafSpec.standard().withCa(TestPki.Issuer.UNTRUSTED_CA)),
                new Options().provenanceFault(Fault.MEDIA_TYPE_UNKNOWN))) {
            HostileRegistry registry = new HostileRegistry(pki).attestations(HostileRegistry.PROV, "1.1.0", o);
            PackageVerdict prov = verdict(run(registry), HostileRegistry.PROV);
            assertEquals(VerificationStatus.UNVERIFIABLE, prov.status(), prov.reason());
            assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, prov.evidence());
            Finding downgrade = prov.findings().stream().filter(f -> f.ruleId().equals(TrustDowngradeRule.ID))
                    .findFirst().orElseThrow(() -> new AssertionError(prov.code() + " " + prov.findings()));
            assertEquals(Severity.ERROR, downgrade.severity());
            assertTrue(downgrade.message().startsWith("advertises trusted-publisher but only registry-signature verified"),
                    downgrade.message());
            assertTrue(downgrade.message().contains("1.0.0"), downgrade.message());
            assertEquals(prov.code().name(), downgrade.evidence().get("verification"));
        }
    }

    @Test
    void hole4_aRegistryThatDoesNotAnswerIsUnverifiableNotADowngrade() {
        HostileRegistry registry = new HostileRegistry(pki);
        var failing = RegistryDouble.over(registry).attestations((n, v) -> dev.trustlock.core.registry.RegistryResult
                .failed(dev.trustlock.core.registry.RegistryResult.Reason.TIMEOUT, "no answer"));
        VerifyReport r = new VerifyRun(failing, trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), 2)
                .run(HostileRegistry.project(), "p", "t", Instant.EPOCH, RunProgress.NONE);
        PackageVerdict prov = verdict(r, HostileRegistry.PROV);
        assertEquals(ReasonCode.REGISTRY_UNAVAILABLE, prov.code());
        assertEquals(List.of("verification-unverifiable"), rules(prov));
    }

    // ---- hole 5: identity bound to the certificate ---------------------------------------------------

    @Test
    void hole5_aPredicateThatDisagreesWithItsCertificateIsInvalid() {
        for (String[] claim : List.of(new String[] {"repository", "https://github.com/attacker/prov-pkg"},
                new String[] {"path", ".github/workflows/evil.yml"}, new String[] {"ref", "refs/heads/evil"})) {
            HostileRegistry registry = new HostileRegistry(pki)
                    .attestations(HostileRegistry.PROV, "1.1.0", new Options().claim(claim[0], claim[1]));
            PackageVerdict prov = verdict(run(registry), HostileRegistry.PROV);
            assertEquals(ReasonCode.PROVENANCE_CERTIFICATE_MISMATCH, prov.code(), claim[0] + ": " + prov.reason());
            assertEquals(EvidenceLevel.NONE, prov.evidence());
        }
    }

    // ---- hole 6: publish attestation optional --------------------------------------------------------

    @Test
    void hole6_provenanceWithoutThePublishAttestationIsNotVerified() {
        HostileRegistry registry = new HostileRegistry(pki)
                .attestations(HostileRegistry.PROV, "1.1.0", new Options().withPublish(false));
        PackageVerdict prov = verdict(run(registry), HostileRegistry.PROV);
        assertEquals(ReasonCode.PUBLISH_ATTESTATION_MISSING, prov.code(), prov.reason());
        assertEquals(EvidenceLevel.NONE, prov.evidence());
        Finding f = prov.findings().stream().filter(x -> x.ruleId().equals("verification-invalid")).findFirst()
                .orElseThrow();
        assertTrue(f.message().contains(SyntheticAttestations.PUBLISH_V01), f.message());
    }

    // ---- hole 7: bundle leniency ----------------------------------------------------------------------

    @Test
    void hole7_aChainThatDoesNotChainIsRefused() {
        HostileRegistry registry = new HostileRegistry(pki).attestations(HostileRegistry.PROV, "1.1.0",
                new Options().bundleVersion(BundleVersion.V01).chainAfterLeaf(pki.untrustedRoot));
        assertEquals(ReasonCode.BUNDLE_CHAIN_BROKEN, verdict(run(registry), HostileRegistry.PROV).code());
    }

    @Test
    void hole7_aBundleThisVersionCannotCheckIsUnverifiableNeverInvalid() {
        // A log entry with only an inclusion proof (time from a timestamp authority, as newer logs do).
        HostileRegistry registry = new HostileRegistry(pki).attestations(HostileRegistry.PROV, "1.1.0",
                new Options().bundleVersion(BundleVersion.V03).provenanceFault(Fault.SET_REMOVED));
        PackageVerdict prov = verdict(run(registry), HostileRegistry.PROV);
        assertEquals(ReasonCode.SET_MISSING, prov.code(), prov.reason());
        assertEquals(VerificationStatus.UNVERIFIABLE, prov.status());
        assertTrue(prov.reason().contains("which has only an inclusion proof"), prov.reason());
    }
}
