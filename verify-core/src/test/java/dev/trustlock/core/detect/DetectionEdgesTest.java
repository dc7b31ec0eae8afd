package dev.trustlock.core.detect;

import static dev.trustlock.core.detect.DetectionRulesTest.AT;
import static dev.trustlock.core.detect.DetectionRulesTest.PROV;
import static dev.trustlock.core.detect.DetectionRulesTest.TP;
import static dev.trustlock.core.detect.DetectionRulesTest.check;
import static dev.trustlock.core.detect.DetectionRulesTest.history;
import static dev.trustlock.core.detect.DetectionRulesTest.identity;
import static dev.trustlock.core.detect.DetectionRulesTest.only;
import static dev.trustlock.core.detect.DetectionRulesTest.run;
import static dev.trustlock.core.detect.DetectionRulesTest.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The edges of the detection rules that mutation testing showed untested: boundaries of the
 * windows, what each finding carries as evidence, and the cases where a rule must stay silent.
 */
class DetectionEdgesTest {

    private static final String T3 = "{\"1.0.0\":\"2025-01-01T00:00:00Z\",\"1.0.1\":\"2025-02-01T00:00:00Z\","
            + "\"1.0.2\":\"2025-03-01T00:00:00Z\"}";

    private static List<Finding> publisher(String first, String second, String third, RunContext run) {
        PackageHistory h = history("p", "{\"1.0.0\":{" + first + "},\"1.0.1\":{" + second + "},\"1.0.2\":{" + third + "}}",
                T3);
        return only(run(Policy.EMPTY, CheckTarget.of("1.0.2", h, Optional.empty(), false, Map.of(), run)),
                PublisherChangeRule.ID);
    }

    private static String user(String name, String email) {
        return "\"_npmUser\":{\"name\":\"" + name + "\",\"email\":\"" + email + "\"}";
    }

    @Test
    void publisherEvidenceCountsTheReleasesAndShowsTheApprover() {
        Finding f = publisher(user("ann", "a@a.org"), user("bob", "b@b.org"),
                user("eve", "e@e.org") + ",\"_npmUser2\":1", RunContext.alone(AT)).get(0);
        assertEquals("2", f.evidence().get("releasesCompared"));
        assertEquals("false", f.evidence().get("listedMaintainer"));
        Finding approved = publisher(user("ann", "a@a.org"), user("bob", "b@b.org"),
                "\"_npmUser\":{\"name\":\"bot\",\"email\":\"x@x.org\",\"approver\":{\"name\":\"stranger\","
                        + "\"email\":\"s@s.org\"}}", RunContext.alone(AT)).get(0);
        assertEquals("stranger <s@s.org>", approved.evidence().get("approver"));
        assertEquals(Optional.of("stranger"), ReleaseRecord.accountName("stranger <s@s.org>"));
        assertEquals(Optional.of("solo"), ReleaseRecord.accountName("solo"));
        assertEquals(Optional.empty(), ReleaseRecord.accountName(" <x@y>"));
        assertEquals(Optional.of("a"), ReleaseRecord.accountName("a<x@y>"));
    }

    @Test
    void anApproverWhoOnlyApprovedBeforeIsKnownToo() {
        String approvedByCat = "\"_npmUser\":{\"name\":\"bot\",\"email\":\"x@x.org\",\"approver\":{\"name\":\"cat\"}}";
        assertEquals(List.of(), publisher(user("ann", "a@a.org"), approvedByCat, user("cat", "c@c.org"),
                RunContext.alone(AT)).stream().filter(f -> f.severity() != Severity.NOTE).toList());
    }

    @Test
    void aNewEmailIsNoNewsWhenTheAccountUsedItElsewhereFirstOrHadNoneRecorded() {
        PackageHistory other = history("other", "{\"9.0.0\":{" + user("ann", "new@a.org") + "}}",
                "{\"9.0.0\":\"2025-02-15T00:00:00Z\"}");
        PackageHistory later = history("other", "{\"9.0.0\":{" + user("ann", "new@a.org") + "}}",
                "{\"9.0.0\":\"2025-03-15T00:00:00Z\"}");
        assertEquals(1, publisher(user("ann", "a@a.org"), user("ann", "a@a.org"), user("ann", "new@a.org"),
                RunContext.alone(AT)).size());
        assertEquals(List.of(), publisher(user("ann", "a@a.org"), user("ann", "a@a.org"), user("ann", "new@a.org"),
                new RunContext(AT, Map.of("other", other), Map.of())));
        assertEquals(1, publisher(user("ann", "a@a.org"), user("ann", "a@a.org"), user("ann", "new@a.org"),
                new RunContext(AT, Map.of("other", later), Map.of())).size(), "used elsewhere only afterwards");
        assertEquals(List.of(), publisher("\"_npmUser\":{\"name\":\"ann\"}", "\"_npmUser\":{\"name\":\"ann\"}",
                user("ann", "new@a.org"), RunContext.alone(AT)), "no e-mail was ever recorded to compare with");
        assertEquals(List.of(), publisher(user("ann", "a@a.org"), user("ann", "a@a.org"), "\"_npmUser\":{\"name\":\"ann\"}",
                RunContext.alone(AT)), "no e-mail now");
    }

    @Test
    void aStrangerWhoPublishedOtherLockfilePackagesInTheSameTrainIsANote() {
        PackageHistory sibling = history("sibling", "{\"2.0.0\":{" + user("eve", "e@e.org") + "}}",
                "{\"2.0.0\":\"2025-03-01T00:40:00Z\"}");
        PackageHistory tooLate = history("sibling", "{\"2.0.0\":{" + user("eve", "e@e.org") + "}}",
                "{\"2.0.0\":\"2025-03-01T01:00:01Z\"}");
        PackageHistory someoneElse = history("sibling", "{\"2.0.0\":{" + user("zed", "e@e.org") + "}}",
                "{\"2.0.0\":\"2025-03-01T00:10:00Z\"}");
        String eve = user("EVE", "e@e.org");
        assertEquals(Severity.NOTE, publisher(user("ann", "a@a.org"), user("bob", "b@b.org"), eve,
                new RunContext(AT, Map.of("sibling", sibling), Map.of())).get(0).severity());
        assertEquals(Severity.WARNING, publisher(user("ann", "a@a.org"), user("bob", "b@b.org"), eve,
                new RunContext(AT, Map.of("sibling", tooLate), Map.of())).get(0).severity());
        assertEquals(Severity.WARNING, publisher(user("ann", "a@a.org"), user("bob", "b@b.org"), eve,
                new RunContext(AT, Map.of("sibling", someoneElse), Map.of())).get(0).severity());
        // The package's own releases do not count as "other packages".
        RunContext self = new RunContext(AT, Map.of("p", history("p", "{\"1.0.2\":{" + eve + "}}", T3)), Map.of());
        assertEquals(Severity.WARNING, publisher(user("ann", "a@a.org"), user("bob", "b@b.org"), eve, self).get(0)
                .severity());
    }

    @Test
    void anUndatedReleaseIsComparedWithEveryOtherAndAnUndatedOneIsNoBaseline() {
        PackageHistory h = history("p", "{\"1.0.0\":{" + user("ann", "a@a.org") + "},\"1.0.1\":{" + user("bob", "b@b.org")
                + "},\"1.0.2\":{" + user("eve", "e@e.org") + "}}", "{\"1.0.0\":\"2025-01-01T00:00:00Z\"}");
        List<Finding> undatedSelf = only(run(Policy.EMPTY, CheckTarget.of("1.0.2", h, Optional.empty(), false)),
                PublisherChangeRule.ID);
        assertEquals("2", undatedSelf.get(0).evidence().get("releasesCompared"));
        PackageHistory h2 = history("p", "{\"1.0.0\":{" + user("ann", "a@a.org") + "},\"1.0.1\":{" + user("eve", "e@e.org")
                + "}}", "{\"1.0.1\":\"2025-01-01T00:00:00Z\"}");
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.1", h2, Optional.empty(), false)),
                PublisherChangeRule.ID), "an undated earlier release is no baseline for a dated one");
    }

    @Test
    void correlationWeighsPublisherNotesAndGitDependenciesByWhatTheySay() {
        Finding newEmail = new Finding(PublisherChangeRule.ID, Severity.NOTE, "p", "1", "m",
                new TreeMap<>(Map.of("knownEmails", "a@a.org")));
        Finding firstPublish = new Finding(PublisherChangeRule.ID, Severity.NOTE, "p", "1", "m", new TreeMap<>());
        Finding git = new Finding(ExoticDependencyRule.ID, Severity.WARNING, "p", "1", "m",
                new TreeMap<>(Map.of("kind", "git")));
        Finding url = new Finding(ExoticDependencyRule.ID, Severity.WARNING, "p", "1", "m",
                new TreeMap<>(Map.of("kind", "remote-tarball")));
        Finding burst = new Finding(PublishBurstRule.ID, Severity.NOTE, "p", "1", "burst message", new TreeMap<>());
        Finding gitHead = new Finding(MissingGitHeadRule.ID, Severity.NOTE, "p", "1", "m", new TreeMap<>());
        CheckTarget t = CheckTarget.of("1.0.0", history("p", "{\"1.0.0\":{}}", "{}"), Optional.empty(), false);
        assertEquals(Severity.WARNING, CorrelatedSignals.of(t, List.of(newEmail, url)).orElseThrow().severity());
        assertEquals(Optional.empty(), CorrelatedSignals.of(t, List.of(firstPublish, burst)));
        assertEquals(Optional.empty(), CorrelatedSignals.of(t, List.of(url, firstPublish)));
        assertEquals(Severity.WARNING, CorrelatedSignals.of(t, List.of(url, firstPublish, burst)).orElseThrow().severity());
        Finding withGit = CorrelatedSignals.of(t, List.of(git, burst)).orElseThrow();
        assertEquals(Severity.ERROR, withGit.severity());
        assertEquals("burst message", withGit.evidence().get("signal.publish-burst"));
        assertEquals(Severity.WARNING, CorrelatedSignals.of(t, List.of(url, newEmail, gitHead)).orElseThrow().severity());
    }

    @Test
    void burstsCountVersionsWithinTenMinutesAndOneHumanAccountsPackages() {
        PackageHistory twoApart = history("q", "{\"1.0.0\":{},\"1.0.1\":{}}",
                "{\"1.0.0\":\"2026-05-01T00:00:00Z\",\"1.0.1\":\"2026-05-01T00:10:00Z\"}");
        assertEquals(1, only(run(Policy.EMPTY, CheckTarget.of("1.0.1", twoApart, Optional.empty(), false, Map.of(),
                RunContext.alone(AT))), PublishBurstRule.ID).size(), "ten minutes apart is within");
        PackageHistory further = history("q", "{\"1.0.0\":{},\"1.0.1\":{}}",
                "{\"1.0.0\":\"2026-05-01T00:00:00Z\",\"1.0.1\":\"2026-05-01T00:10:01Z\"}");
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.1", further, Optional.empty(), false,
                Map.of(), RunContext.alone(AT))), PublishBurstRule.ID));

        Map<String, PackageHistory> packages = new TreeMap<>();
        Map<String, List<String>> locked = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            packages.put("w" + i, history("w" + i, "{\"1.0.0\":{" + user("Scott", "s@s.org") + "}}",
                    "{\"1.0.0\":\"2026-05-01T00:0" + i + ":00Z\"}"));
            locked.put("w" + i, List.of("1.0.0"));
        }
        RunContext run = new RunContext(AT, packages, locked);
        Finding f = only(run(Policy.EMPTY, CheckTarget.of("1.0.0", packages.get("w0"), Optional.empty(), false, Map.of(),
                run)), PublishBurstRule.ID).get(0);
        assertEquals("w0, w1, w2, w3, w4", f.evidence().get("packages"));
        assertEquals("Scott", f.evidence().get("publisher"));
        assertFalse(f.evidence().containsKey("versions"));
        // Four packages are no burst; nor are five trusted publishes ("GitHub Actions" publishes for everyone).
        packages.remove("w4");
        locked.remove("w4");
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.0", packages.get("w0"), Optional.empty(),
                false, Map.of(), new RunContext(AT, packages, locked))), PublishBurstRule.ID));
        Map<String, PackageHistory> tp = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            tp.put("t" + i, history("t" + i, "{\"1.0.0\":{" + TP + "}}", "{\"1.0.0\":\"2026-05-01T00:0" + i + ":00Z\"}"));
        }
        Map<String, List<String>> tpLocked = new TreeMap<>();
        tp.keySet().forEach(k -> tpLocked.put(k, List.of("1.0.0")));
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.0", tp.get("t0"), Optional.empty(), false,
                Map.of(), new RunContext(AT, tp, tpLocked))), PublishBurstRule.ID));
    }

    @Test
    void ageBoundariesAndItsEvidence() {
        PackageHistory h = history("a", "{\"1.0.0\":{}}", "{\"1.0.0\":\"2026-05-29T00:00:00Z\"}");
        Instant exactlyThreeDays = Instant.parse("2026-06-01T00:00:00Z");
        assertEquals(List.of(), only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(3)), CheckTarget.of("1.0.0",
                h, Optional.empty(), false, Map.of(), RunContext.alone(exactlyThreeDays))), ReleaseAgeRule.ID));
        Finding young = only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(3)), CheckTarget.of("1.0.0", h,
                Optional.empty(), false, Map.of(), RunContext.alone(exactlyThreeDays.minusSeconds(60)))),
                ReleaseAgeRule.ID).get(0);
        assertEquals("3d", young.evidence().get("minimumReleaseAge"));
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.0", h, Optional.empty(), false, Map.of(),
                RunContext.alone(Instant.parse("2026-05-30T00:00:00Z")))), ReleaseAgeRule.ID), "a day old is not young");
        assertEquals("0m", only(run(Policy.EMPTY, CheckTarget.of("1.0.0", h, Optional.empty(), false, Map.of(),
                RunContext.alone(Instant.parse("2026-05-28T00:00:00Z")))), ReleaseAgeRule.ID).get(0).evidence().get("age"),
                "judged before it existed: as young as can be");
        // A verified log time earlier than the registry's time does not make the release older.
        VerificationResult logged = new VerificationResult(ReasonCode.OK, "ok", Optional.of(identity("o/a", "w.yml",
                "refs/tags/v1")), List.of(), Optional.of(Instant.parse("2026-05-20T00:00:00Z")));
        PackageHistory hp = history("a", "{\"1.0.0\":{" + PROV + "}}", "{\"1.0.0\":\"2026-05-29T00:00:00Z\"}");
        Finding f = only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(3)), CheckTarget.of("1.0.0", hp,
                Optional.of(new ReleaseCheck(logged, SignatureCheck.of(ReasonCode.OK, "", Optional.empty()))), false,
                Map.of(), RunContext.alone(Instant.parse("2026-05-30T00:00:00Z")))), ReleaseAgeRule.ID).get(0);
        assertEquals("2026-05-29T00:00:00Z", f.evidence().get("published"));
        // Without a registry time the signed time stands.
        PackageHistory undated = history("a", "{\"1.0.0\":{" + PROV + "}}", "{}");
        Finding g = only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(30)), CheckTarget.of("1.0.0", undated,
                Optional.of(new ReleaseCheck(logged, SignatureCheck.of(ReasonCode.OK, "", Optional.empty()))), false,
                Map.of(), RunContext.alone(Instant.parse("2026-05-30T00:00:00Z")))), ReleaseAgeRule.ID).get(0);
        assertEquals("2026-05-20T00:00:00Z", g.evidence().get("published"));
        // Times that contradict the versions date nothing: under a cooldown that is an error, saying why.
        PackageHistory rewritten = history("a", "{\"1.0.0\":{},\"1.0.1\":{},\"1.0.2\":{}}",
                "{\"1.0.0\":\"2026-05-03T00:00:00Z\",\"1.0.1\":\"2026-05-02T00:00:00Z\",\"1.0.2\":\"2026-05-01T00:00:00Z\"}");
        Finding h2 = only(run(Policy.EMPTY.withMinimumReleaseAge(Duration.ofDays(3)), CheckTarget.of("1.0.2", rewritten,
                Optional.empty(), false, Map.of(), RunContext.alone(Instant.parse("2026-05-30T00:00:00Z")))),
                ReleaseAgeRule.ID).get(0);
        assertEquals(Severity.ERROR, h2.severity());
        assertEquals("the registry's publish times for a are not believed (they contradict its versions: 1.0.1 before "
                + "1.0.0), and 1.0.2 has no verified provenance to date it, so its age cannot be checked against "
                + "minimumReleaseAge 3d", h2.message());
    }

    /** A megabyte install script is quoted in the message only so far; the evidence keeps it whole. */
    @Test
    void aHugeInstallScriptMakesABoundedMessage() {
        String script = "node payload.js " + "x".repeat(200_000);
        PackageHistory h = history("n", "{\"1.0.0\":{},\"1.0.1\":{\"scripts\":{\"postinstall\":\"" + script + "\"}}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-02-01T00:00:00Z\"}");
        Finding f = only(run(Policy.EMPTY, CheckTarget.of("1.0.1", h, Optional.empty(), false)), NewInstallScriptRule.ID).get(0);
        String head = "adds a postinstall script that 1.0.0 did not have: ";
        assertEquals(head + script.substring(0, Finding.MAX_MESSAGE - head.length()) + " … ("
                + (head.length() + script.length() - Finding.MAX_MESSAGE) + " more characters)", f.message());
        assertEquals(script, f.evidence().get("command"));
    }

    @Test
    void dependencyAgesReadAsAPersonWouldSayThem() {
        Instant r = Instant.parse("2026-05-10T00:00:00Z");
        assertEquals("2 days before the release", NewDependencyRule.age(r.minus(Duration.ofDays(2)), r));
        assertEquals("47 hours before the release", NewDependencyRule.age(r.minus(Duration.ofHours(47)), r));
        assertEquals("2 hours before the release", NewDependencyRule.age(r.minus(Duration.ofHours(2)), r));
        assertEquals("119 minutes before the release", NewDependencyRule.age(r.minus(Duration.ofMinutes(119)), r));
        assertEquals("1 minutes before the release", NewDependencyRule.age(r.minusSeconds(5), r));
        assertEquals("3 hours after the release", NewDependencyRule.age(r.plus(Duration.ofHours(3)), r));
    }

    @Test
    void findingsSayWhatTheyFound() {
        PackageHistory gyp = history("n", "{\"1.0.0\":{},\"1.0.1\":{\"gypfile\":true}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-02-01T00:00:00Z\"}");
        assertEquals("adds a binding.gyp, which npm builds with node-gyp at install, that 1.0.0 did not have",
                only(run(Policy.EMPTY, CheckTarget.of("1.0.1", gyp, Optional.empty(), false)), NewInstallScriptRule.ID)
                        .get(0).message());
        PackageHistory url = history("n", "{\"1.0.0\":{\"dependencies\":{\"x\":\"^1\"}},\"1.0.1\":{\"dependencies\":"
                + "{\"x\":\"https://evil.example/x.tgz\",\"y\":\"file:../y\"}}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-02-01T00:00:00Z\"}");
        List<Finding> exotic = only(run(Policy.EMPTY, CheckTarget.of("1.0.1", url, Optional.empty(), false)),
                ExoticDependencyRule.ID);
        assertEquals(2, exotic.size());
        assertEquals("depends on x from a tarball URL (https://evil.example/x.tgz), which 1.0.0 did not",
                exotic.get(0).message());
        assertEquals("^1", exotic.get(0).evidence().get("previousSpecifier"));
        assertTrue(exotic.get(1).message().contains("from a local path (file:../y)"), exotic.get(1).message());
        assertFalse(exotic.get(1).evidence().containsKey("previousSpecifier"));
    }

    @Test
    void identityFindingsNameTheFieldsAndStaySilentWithoutAnIdentityPin() {
        PackageHistory lib = history("lib", "{\"1.0.0\":{" + TP + "," + PROV + "},\"1.0.1\":{" + TP + "," + PROV + "}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-03-01T00:00:00Z\"}");
        Map<String, VerificationResult> earlier = Map.of("1.0.0", verified(identity("org/lib", "w.yml", "refs/tags/v1")));
        PublishIdentity moved = identity("evil/lib", "other.yml", "refs/heads/main");
        Finding f = only(run(Policy.EMPTY, CheckTarget.of("1.0.1", lib, Optional.of(check(moved)), false, earlier,
                RunContext.alone(AT))), IdentityChangeRule.ID).get(0);
        assertEquals("provenance repository: https://github.com/evil/lib, not https://github.com/org/lib as in 1.0.0"
                + " (compared with 1.0.0)", f.message());
        // A policy entry for the package that pins no identity (only a minimum) leaves the history rules on.
        Policy minimumOnly = new Policy(List.of(new dev.trustlock.core.policy.PackagePolicy(
                new dev.trustlock.core.policy.NamePattern("lib"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.of(dev.trustlock.core.history.EvidenceLevel.PROVENANCE))),
                Optional.empty(), Optional.empty(), Severity.WARNING, List.of());
        assertEquals(1, only(run(minimumOnly, CheckTarget.of("1.0.1", lib, Optional.of(check(moved)), false, earlier,
                RunContext.alone(AT))), IdentityChangeRule.ID).size());
        // Another workflow in another repository is the repository's finding, not also a workflow change.
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.1", lib, Optional.of(check(moved)), false,
                earlier, RunContext.alone(AT))), WorkflowChangeRule.ID));
    }

    @Test
    void buildIdentitiesCompareEveryCertifiedField() {
        PublishIdentity base = identity("o/r", "w.yml", "refs/tags/v1").toBuilder().sourceRepositoryIdentifier("1")
                .sourceRepositoryOwnerIdentifier("2").buildTrigger("push").build();
        BuildIdentity b = BuildIdentity.of(base);
        assertEquals(List.of("owner id"), BuildIdentity.of(base.toBuilder().sourceRepositoryOwnerIdentifier("3").build())
                .sourceDifferences(b).stream().map(BuildIdentity.Difference::field).toList());
        assertEquals(List.of("issuer"), BuildIdentity.of(base.toBuilder().issuer("https://gitlab.com").build())
                .sourceDifferences(b).stream().map(BuildIdentity.Difference::field).toList());
        assertEquals(List.of(), BuildIdentity.of(base.toBuilder().issuer(base.issuer().get() + "//").build())
                .sourceDifferences(b), "a trailing slash is the same issuer");
        assertEquals(List.of("trigger"), BuildIdentity.of(base.toBuilder().buildTrigger("workflow_dispatch").build())
                .buildDifferences(b).stream().map(BuildIdentity.Difference::field).toList());
        assertEquals("refs/pull/1/merge", BuildIdentity.refKind("refs/pull/1/merge"));
        assertEquals("branch main", BuildIdentity.refKind("refs/heads/main"));
    }

    @Test
    void aTrustedPublisherDropNeedsTheSameBuildAndAnEarlierTrustedPublish() {
        String times = "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-03-01T00:00:00Z\"}";
        String token = "\"_npmUser\":{\"name\":\"lena\",\"email\":\"l@l.org\"}," + PROV;
        Map<String, VerificationResult> earlier = Map.of("1.0.0", verified(identity("org/lib", "w.yml", "refs/tags/v1")));
        PackageHistory afterTp = history("lib", "{\"1.0.0\":{" + TP + "," + PROV + "},\"1.0.1\":{" + token + "}}", times);
        PackageHistory afterToken = history("lib", "{\"1.0.0\":{" + token + "},\"1.0.1\":{" + token + "}}", times);
        PublishIdentity same = identity("org/lib", "w.yml", "refs/tags/v2");
        PublishIdentity otherWorkflow = identity("org/lib", "x.yml", "refs/tags/v2");
        assertEquals(1, only(run(Policy.EMPTY, CheckTarget.of("1.0.1", afterTp, Optional.of(check(same)), false, earlier,
                RunContext.alone(AT))), TrustedPublisherDroppedRule.ID).size());
        assertEquals("lena", only(run(Policy.EMPTY, CheckTarget.of("1.0.1", afterTp, Optional.of(check(same)), false,
                earlier, RunContext.alone(AT))), TrustedPublisherDroppedRule.ID).get(0).evidence().get("publisher"));
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.1", afterToken, Optional.of(check(same)), false,
                earlier, RunContext.alone(AT))), TrustedPublisherDroppedRule.ID), "no trusted publish to drop");
        List<Finding> moved = run(Policy.EMPTY, CheckTarget.of("1.0.1", afterTp, Optional.of(check(otherWorkflow)), false,
                earlier, RunContext.alone(AT)));
        assertEquals(List.of(), only(moved, TrustedPublisherDroppedRule.ID));
        assertEquals(1, only(moved, TrustDowngradeRule.ID).size(), "another workflow without the marker is a downgrade");
        assertFalse(CheckTarget.of("1.0.1", afterTp, Optional.of(check(otherWorkflow)), false, earlier,
                RunContext.alone(AT)).builtLikeEarlier());
        assertTrue(CheckTarget.of("1.0.1", afterTp, Optional.of(check(same)), false, earlier, RunContext.alone(AT))
                .builtLikeEarlier());
    }

    @Test
    void aRegistryThatDidNotAnswerLeavesTheEvidenceUndecided() {
        ReleaseCheck unavailable = new ReleaseCheck(VerificationResult.of(ReasonCode.REGISTRY_UNAVAILABLE, "timeout"),
                SignatureCheck.of(ReasonCode.OK, "", Optional.empty()));
        ReleaseCheck refused = new ReleaseCheck(VerificationResult.of(ReasonCode.DSSE_SIGNATURE_INVALID, "x"),
                SignatureCheck.of(ReasonCode.OK, "", Optional.empty()));
        PackageHistory h = history("lib", "{\"1.0.0\":{" + TP + "," + PROV + "},\"1.0.1\":{" + TP + "," + PROV + "}}",
                "{\"1.0.0\":\"2026-01-01T00:00:00Z\",\"1.0.1\":\"2026-03-01T00:00:00Z\"}");
        assertTrue(CheckTarget.of("1.0.1", h, Optional.of(unavailable), false).evidenceUndecided());
        assertFalse(CheckTarget.of("1.0.1", h, Optional.of(refused), false).evidenceUndecided());
        assertEquals(List.of(), only(run(Policy.EMPTY, CheckTarget.of("1.0.1", h, Optional.of(unavailable), false)),
                TrustDowngradeRule.ID));
        Finding d = only(run(Policy.EMPTY, CheckTarget.of("1.0.1", h, Optional.of(refused), false)),
                TrustDowngradeRule.ID).get(0);
        assertEquals("DSSE_SIGNATURE_INVALID", d.evidence().get("verification"));
        assertEquals("2026-01-01T00:00:00Z", d.evidence().get("lastStrongPublished"));
        assertEquals("2026-03-01T00:00:00Z", d.evidence().get("published"));
    }
}
