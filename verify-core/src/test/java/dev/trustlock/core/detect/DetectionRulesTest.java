package dev.trustlock.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.NamePattern;
import dev.trustlock.core.policy.PackagePolicy;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The detection rules one by one, on small histories written as the registry serves them: what
 * each reports, at which severity, and when it stays silent (the false-positive classes).
 */
class DetectionRulesTest {

    static final String ISSUER = "https://token.actions.githubusercontent.com";
    static final String TP = "\"_npmUser\":{\"name\":\"GitHub Actions\",\"email\":\"npm-oidc-no-reply@github.com\","
            + "\"trustedPublisher\":{\"id\":\"github\"}}";
    static final String PROV = "\"dist\":{\"integrity\":\"sha512-x\",\"attestations\":{\"url\":\"u\",\"provenance\":"
            + "{\"predicateType\":\"https://slsa.dev/provenance/v1\"}}}";
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    static PackageHistory history(String name, String versions, String times) {
        try {
            return PackageHistory.fromPackument(new ObjectMapper().readTree(
                    "{\"name\":\"" + name + "\",\"versions\":" + versions + ",\"time\":" + times + "}"));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PublishIdentity identity(String repo, String workflow, String ref) {
        String uri = "https://github.com/" + repo;
        return PublishIdentity.builder().issuer(ISSUER).san(uri + "/" + workflow + "@" + ref).sourceRepositoryUri(uri)
                .sourceRepositoryRef(ref).runnerEnvironment("github-hosted").workflow(workflow).ref(ref).build();
    }

    static VerificationResult verified(PublishIdentity id) {
        return new VerificationResult(ReasonCode.OK, "ok", Optional.of(id), List.of(), Optional.empty());
    }

    static ReleaseCheck check(PublishIdentity id) {
        return new ReleaseCheck(verified(id), SignatureCheck.of(ReasonCode.OK, "", Optional.empty()));
    }

    static List<Finding> run(Policy policy, CheckTarget target) {
        return new ReleaseChecks(policy, LocalDate.of(2026, 6, 1)).check(target).findings();
    }

    static List<Finding> only(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    @Nested
    class HistoryIdentity {

        final PackageHistory lib = history("lib", "{\"1.0.0\":{" + TP + "," + PROV + "},\"1.0.1\":{" + TP + "," + PROV
                + "},\"1.0.2\":{" + TP + "," + PROV + "}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-02-01T00:00:00Z\",\"1.0.2\":\"2026-03-01T00:00:00Z\"}");
        final Map<String, VerificationResult> earlier = Map.of(
                "1.0.0", verified(identity("org/lib", ".github/workflows/release.yml", "refs/tags/v1.0.0")),
                "1.0.1", verified(identity("org/lib", ".github/workflows/release.yml", "refs/tags/v1.0.1")));

        List<Finding> judge(PublishIdentity now, Policy policy) {
            return run(policy, CheckTarget.of("1.0.2", lib, Optional.of(check(now)), false, earlier, RunContext.alone(AT)));
        }

        @Test
        void anotherRepositoryIsAnErrorNamingBothAndTheReleasesCompared() {
            List<Finding> f = only(judge(identity("evil/lib", ".github/workflows/release.yml", "refs/tags/v1.0.2"),
                    Policy.EMPTY), IdentityChangeRule.ID);
            assertEquals(1, f.size());
            assertEquals(Severity.ERROR, f.get(0).severity());
            assertEquals("https://github.com/org/lib", f.get(0).evidence().get("repository.before"));
            assertEquals("https://github.com/evil/lib", f.get(0).evidence().get("repository.now"));
            assertEquals("1.0.1, 1.0.0", f.get(0).evidence().get("compared"));
        }

        @Test
        void aRecreatedRepositoryWithTheSameNameIsCaughtByItsImmutableId() {
            Map<String, VerificationResult> withIds = new HashMap<>();
            earlier.forEach((v, r) -> withIds.put(v, verified(r.identity().get().toBuilder()
                    .sourceRepositoryIdentifier("111").build())));
            PublishIdentity now = identity("org/lib", ".github/workflows/release.yml", "refs/tags/v1.0.2").toBuilder()
                    .sourceRepositoryIdentifier("999").build();
            List<Finding> f = run(Policy.EMPTY, CheckTarget.of("1.0.2", lib, Optional.of(check(now)), false, withIds,
                    RunContext.alone(AT)));
            assertEquals("999", only(f, IdentityChangeRule.ID).get(0).evidence().get("repositoryid.now"));
        }

        @Test
        void aBranchBuildAfterTagsIsAWorkflowChange() {
            List<Finding> f = judge(identity("org/lib", ".github/workflows/release.yml", "refs/heads/main"), Policy.EMPTY);
            assertEquals(List.of(), only(f, IdentityChangeRule.ID));
            Finding w = only(f, WorkflowChangeRule.ID).get(0);
            assertEquals(Severity.WARNING, w.severity());
            assertEquals("a tag", w.evidence().get("ref.before"));
            assertEquals("branch main", w.evidence().get("ref.now"));
        }

        @Test
        void anotherWorkflowFileOrASelfHostedRunnerIsAWorkflowChange() {
            assertEquals(1, only(judge(identity("org/lib", ".github/workflows/other.yml", "refs/tags/v1.0.2"),
                    Policy.EMPTY), WorkflowChangeRule.ID).size());
            PublishIdentity selfHosted = identity("org/lib", ".github/workflows/release.yml", "refs/tags/v1.0.2")
                    .toBuilder().runnerEnvironment("self-hosted").build();
            assertEquals("self-hosted", only(judge(selfHosted, Policy.EMPTY), WorkflowChangeRule.ID).get(0)
                    .evidence().get("runner.now"));
        }

        @Test
        void aHistoryThatDoesNotVerifyIsSaidNotSilentlyTakenAsAMatch() {
            Map<String, VerificationResult> garbled = Map.of(
                    "1.0.0", VerificationResult.of(ReasonCode.DSSE_SIGNATURE_INVALID, "x"),
                    "1.0.1", VerificationResult.of(ReasonCode.RESPONSE_MALFORMED, "y"));
            List<Finding> f = run(Policy.EMPTY, CheckTarget.of("1.0.2", lib, Optional.of(check(identity("evil/lib",
                    ".github/workflows/release.yml", "refs/tags/v1.0.2"))), false, garbled, RunContext.alone(AT)));
            assertEquals(List.of(UnverifiedHistoryRule.ID), f.stream().map(Finding::ruleId).toList());
            assertEquals(Severity.NOTE, f.get(0).severity());
            assertTrue(f.get(0).message().contains("1.0.0: DSSE_SIGNATURE_INVALID, 1.0.1: RESPONSE_MALFORMED"),
                    f.get(0).message());
            // One verified earlier release is a baseline: the note goes, the comparison happens.
            Map<String, VerificationResult> one = new HashMap<>(garbled);
            one.put("1.0.1", earlier.get("1.0.1"));
            List<Finding> g = run(Policy.EMPTY, CheckTarget.of("1.0.2", lib, Optional.of(check(identity("evil/lib",
                    ".github/workflows/release.yml", "refs/tags/v1.0.2"))), false, one, RunContext.alone(AT)));
            assertEquals(List.of(IdentityChangeRule.ID), g.stream().map(Finding::ruleId).toList());
        }

        @Test
        void theSameBuildIsSilentAndAPolicyPinOverrides() {
            assertEquals(List.of(), judge(identity("org/lib", ".github/workflows/release.yml", "refs/tags/v1.0.2"),
                    Policy.EMPTY));
            Policy pinned = new Policy(List.of(new PackagePolicy(new NamePattern("lib"),
                    Optional.of("https://github.com/evil/lib"), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), false, Optional.empty())), Optional.empty(), Optional.empty(), Severity.WARNING,
                    List.of());
            List<Finding> f = judge(identity("evil/lib", ".github/workflows/release.yml", "refs/heads/x"), pinned);
            assertEquals(List.of(), only(f, IdentityChangeRule.ID));
            assertEquals(List.of(), only(f, WorkflowChangeRule.ID));
        }

        @Test
        void provenanceFromTheSameWorkflowWithoutTrustedPublishingIsANoteNotADowngrade() {
            PackageHistory tokenPublish = history("lib", "{\"1.0.0\":{" + TP + "," + PROV + "},\"1.0.1\":{" + TP + ","
                    + PROV + "},\"1.0.2\":{\"_npmUser\":{\"name\":\"ann\",\"email\":\"ann@example.org\"}," + PROV + "}}",
                    "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-02-01T00:00:00Z\",\"1.0.2\":\"2026-03-01T00:00:00Z\"}");
            List<Finding> f = run(Policy.EMPTY, CheckTarget.of("1.0.2", tokenPublish, Optional.of(check(identity("org/lib",
                    ".github/workflows/release.yml", "refs/tags/v1.0.2"))), false, earlier, RunContext.alone(AT)));
            assertEquals(List.of(TrustedPublisherDroppedRule.ID), f.stream().filter(x -> x.severity() != Severity.NOTE
                    || x.ruleId().equals(TrustedPublisherDroppedRule.ID)).map(Finding::ruleId).toList());
            assertEquals(List.of(), only(f, TrustDowngradeRule.ID));
        }
    }

    @Nested
    class Publisher {

        static final String TIMES = "{\"1.0.0\":\"2025-01-01T00:00:00Z\",\"1.0.1\":\"2025-02-01T00:00:00Z\","
                + "\"1.0.2\":\"2025-03-01T00:00:00Z\"}";

        List<Finding> judge(String third) {
            PackageHistory h = history("p", "{\"1.0.0\":{\"_npmUser\":{\"name\":\"ann\",\"email\":\"ann@a.org\"},"
                    + "\"maintainers\":[{\"name\":\"ann\"},{\"name\":\"cat\"}]},"
                    + "\"1.0.1\":{\"_npmUser\":{\"name\":\"bob\",\"email\":\"bob@b.org\"}},\"1.0.2\":{" + third + "}}", TIMES);
            return only(run(Policy.EMPTY, CheckTarget.of("1.0.2", h, Optional.empty(), false)), PublisherChangeRule.ID);
        }

        @Test
        void rotationAmongEarlierPublishersIsNothing() {
            assertEquals(List.of(), judge("\"_npmUser\":{\"name\":\"ann\",\"email\":\"ann@a.org\"}"));
        }

        @Test
        void aStrangerIsAWarning() {
            Finding f = judge("\"_npmUser\":{\"name\":\"eve\",\"email\":\"eve@e.org\"}").get(0);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals("ann, bob", f.evidence().get("knownPublishers"));
        }

        @Test
        void aListedMaintainersFirstPublishIsANote() {
            assertEquals(Severity.NOTE, judge("\"_npmUser\":{\"name\":\"cat\",\"email\":\"cat@c.org\"}").get(0).severity());
        }

        @Test
        void aStagedPublishApprovedByAKnownMaintainerIsNothing() {
            assertEquals(List.of(), judge("\"_npmUser\":{\"name\":\"ci-bot\",\"email\":\"ci@x.org\","
                    + "\"approver\":{\"name\":\"bob\",\"email\":\"bob@b.org\"}}"));
        }

        @Test
        void aMoveToTrustedPublishingIsNeverAFinding() {
            assertEquals(List.of(), judge(TP));
        }
    }

    @Nested
    class Dependencies {

        final PackageHistory app = history("app", "{\"1.0.0\":{\"_npmUser\":{\"name\":\"ann\"},\"dependencies\":{\"a\":\"^1\"}},"
                + "\"1.1.0\":{\"_npmUser\":{\"name\":\"ann\"},\"dependencies\":{\"a\":\"^1\",\"young\":\"^1.0.0\","
                + "\"old\":\"^2\"},\"optionalDependencies\":{\"fork\":\"github:evil/fork#abc123\"}}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.1.0\":\"2026-05-01T00:00:00Z\"}");

        List<Finding> judge(String youngPublisher, String youngScripts) {
            PackageHistory young = history("young", "{\"1.0.0\":{\"_npmUser\":{\"name\":\"" + youngPublisher + "\"}"
                    + youngScripts + "}}", "{\"1.0.0\":\"2026-04-30T06:00:00Z\"}");
            PackageHistory old = history("old", "{\"2.0.0\":{\"_npmUser\":{\"name\":\"zed\"}}}",
                    "{\"2.0.0\":\"2020-01-01T00:00:00Z\"}");
            RunContext run = new RunContext(AT, Map.of("app", app, "young", young, "old", old),
                    Map.of("app", List.of("1.1.0"), "young", List.of("1.0.0"), "old", List.of("2.0.0")));
            return run(Policy.EMPTY, CheckTarget.of("1.1.0", app, Optional.empty(), false, Map.of(), run));
        }

        Map<String, Severity> bySeverity(List<Finding> f) {
            Map<String, Severity> out = new HashMap<>();
            only(f, NewDependencyRule.ID).forEach(x -> out.put(x.evidence().get("dependency"), x.severity()));
            return out;
        }

        @Test
        void aYoungDependencyFromStrangersWarnsAnOldOneIsANote() {
            List<Finding> f = judge("mallory", "");
            assertEquals(Map.of("young", Severity.WARNING, "old", Severity.NOTE), bySeverity(f));
            assertTrue(only(f, NewDependencyRule.ID).stream().anyMatch(x -> x.message().contains("first published 18 hours "
                    + "before the release by mallory")));
        }

        @Test
        void aYoungDependencyByTheSameMaintainerIsANoteUnlessItRunsSomethingAtInstall() {
            assertEquals(Severity.NOTE, bySeverity(judge("ann", "")).get("young"));
            assertEquals(Severity.WARNING, bySeverity(judge("ann", ",\"gypfile\":true")).get("young"));
        }

        @Test
        void anOptionalGitDependencyIsExotic() {
            Finding f = only(judge("ann", ""), ExoticDependencyRule.ID).get(0);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals("fork", f.evidence().get("dependency"));
            assertEquals("git", f.evidence().get("kind"));
            assertTrue(bySeverity(judge("ann", "")).get("fork") == null, "an exotic dependency is reported once");
        }
    }

    @Nested
    class InstallVectors {

        List<Finding> judge(String before, String after) {
            PackageHistory h = history("n", "{\"1.0.0\":{" + before + "},\"1.0.1\":{" + after + "}}",
                    "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-02-01T00:00:00Z\"}");
            return only(run(Policy.EMPTY, CheckTarget.of("1.0.1", h, Optional.empty(), false)), NewInstallScriptRule.ID);
        }

        @Test
        void aBindingGypOrAnInstallMarkIsANewVector() {
            assertEquals("binding.gyp", judge("", "\"gypfile\":true").get(0).evidence().get("script"));
            assertEquals("hasInstallScript", judge("", "\"hasInstallScript\":true").get(0).evidence().get("script"));
        }

        @Test
        void theMarkBesideAnExistingScriptIsNoNews() {
            assertEquals(List.of(), judge("\"scripts\":{\"install\":\"node-gyp rebuild\"}", "\"hasInstallScript\":true,"
                    + "\"scripts\":{\"install\":\"node-gyp rebuild\"}"));
            assertEquals(List.of(), judge("\"gypfile\":true", "\"gypfile\":true"));
        }
    }

    @Nested
    class AgeAndBursts {

        final PackageHistory h = history("q", "{\"1.0.0\":{\"_npmUser\":{\"name\":\"ann\"}},\"1.0.1\":{\"_npmUser\":"
                + "{\"name\":\"ann\"}},\"1.0.2\":{\"_npmUser\":{\"name\":\"ann\"}}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-05-31T12:00:00Z\",\"1.0.2\":\"2026-05-31T12:04:00Z\"}");

        @Test
        void withACooldownAYoungerReleaseIsAnErrorWithoutOneANote() {
            Finding withPolicy = only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(3)),
                    CheckTarget.of("1.0.2", h, Optional.empty(), false, Map.of(), RunContext.alone(AT))), ReleaseAgeRule.ID)
                    .get(0);
            assertEquals(Severity.ERROR, withPolicy.severity());
            assertEquals("11h56m", withPolicy.evidence().get("age"));
            assertEquals(Severity.NOTE, only(run(Policy.EMPTY, CheckTarget.of("1.0.2", h, Optional.empty(), false,
                    Map.of(), RunContext.alone(AT))), ReleaseAgeRule.ID).get(0).severity());
            assertEquals(List.of(), only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(3)), CheckTarget.of(
                    "1.0.0", h, Optional.empty(), false, Map.of(), RunContext.alone(AT))), ReleaseAgeRule.ID));
        }

        @Test
        void aReleaseWithoutAPublishTimeFailsACooldown() {
            PackageHistory undated = history("u", "{\"1.0.0\":{}}", "{}");
            assertEquals(Severity.ERROR, only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofHours(1)),
                    CheckTarget.of("1.0.0", undated, Optional.empty(), false, Map.of(), RunContext.alone(AT))),
                    ReleaseAgeRule.ID).get(0).severity());
        }

        @Test
        void theLogsSignedTimeWinsOverAnOlderRegistryTime() {
            PackageHistory backdated = history("b", "{\"1.0.0\":{" + PROV + "}}", "{\"1.0.0\":\"2020-01-01T00:00:00Z\"}");
            VerificationResult logged = new VerificationResult(ReasonCode.OK, "ok", Optional.of(identity("o/b", "w.yml",
                    "refs/tags/v1")), List.of(), Optional.of(AT.minusSeconds(600)));
            ReleaseCheck c = new ReleaseCheck(logged, SignatureCheck.of(ReasonCode.OK, "", Optional.empty()));
            Finding f = only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(1)), CheckTarget.of("1.0.0",
                    backdated, Optional.of(c), false, Map.of(), RunContext.alone(AT))), ReleaseAgeRule.ID).get(0);
            assertEquals("10m", f.evidence().get("age"));
        }

        @Test
        void twoVersionsWithinMinutesAreABurstNoteOnly() {
            List<Finding> f = run(Policy.EMPTY, CheckTarget.of("1.0.2", h, Optional.empty(), false, Map.of(),
                    RunContext.alone(Instant.parse("2030-01-01T00:00:00Z"))));
            assertEquals(List.of(PublishBurstRule.ID), f.stream().map(Finding::ruleId).toList());
            assertEquals(Severity.NOTE, f.get(0).severity());
            assertEquals("1.0.1, 1.0.2", f.get(0).evidence().get("versions"));
        }
    }

    @Nested
    class Correlation {

        static Finding signal(String id, Severity s) {
            return new Finding(id, s, "p", "1.0.0", id, new TreeMap<>());
        }

        Optional<Finding> of(Finding... f) {
            PackageHistory h = history("p", "{\"1.0.0\":{}}", "{}");
            return CorrelatedSignals.of(CheckTarget.of("1.0.0", h, Optional.empty(), false), List.of(f));
        }

        @Test
        void supportingSignalsAloneAreNothing() {
            assertEquals(Optional.empty(), of(signal(MissingGitHeadRule.ID, Severity.NOTE),
                    signal(PublishBurstRule.ID, Severity.NOTE), signal(ReleaseAgeRule.ID, Severity.NOTE)));
        }

        @Test
        void anInstallVectorOrLostEvidenceWithAnythingIsAnError() {
            assertEquals(Severity.ERROR, of(signal(NewInstallScriptRule.ID, Severity.WARNING),
                    signal(PublishBurstRule.ID, Severity.NOTE)).orElseThrow().severity());
            assertEquals(Severity.ERROR, of(signal(TrustDowngradeRule.ID, Severity.ERROR),
                    signal(MissingGitHeadRule.ID, Severity.NOTE)).orElseThrow().severity());
        }

        @Test
        void twoPrimarySignalsAreAWarningOnePrimaryNeedsTwoSupporting() {
            assertEquals(Severity.WARNING, of(signal(WorkflowChangeRule.ID, Severity.WARNING),
                    signal(ExoticDependencyRule.ID, Severity.WARNING)).orElseThrow().severity());
            assertEquals(Optional.empty(), of(signal(WorkflowChangeRule.ID, Severity.WARNING),
                    signal(PublishBurstRule.ID, Severity.NOTE)));
            assertEquals(Severity.WARNING, of(signal(WorkflowChangeRule.ID, Severity.WARNING),
                    signal(PublishBurstRule.ID, Severity.NOTE), signal(MissingGitHeadRule.ID, Severity.NOTE))
                    .orElseThrow().severity());
        }

        @Test
        void noteLevelDependenciesDoNotCountAndEachRuleCountsOnce() {
            assertEquals(Optional.empty(), of(signal(NewDependencyRule.ID, Severity.NOTE),
                    signal(NewDependencyRule.ID, Severity.NOTE), signal(MissingGitHeadRule.ID, Severity.NOTE)));
            assertEquals(Optional.empty(), of(signal(ExoticDependencyRule.ID, Severity.WARNING),
                    signal(ExoticDependencyRule.ID, Severity.WARNING)));
        }
    }
}
