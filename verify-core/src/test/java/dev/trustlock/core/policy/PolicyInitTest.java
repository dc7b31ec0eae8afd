package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.IdentityMismatchRule;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.detect.RequiredEvidenceRule;
import dev.trustlock.core.history.Packuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyInitTest {

    @TempDir
    Path tmp;

    private static List<PolicyInit.Pin> pins() {
        PublishIdentity aws = Identities.github("aws/aws-sdk-js-v3", ".github/workflows/release.yml", "refs/heads/main")
                .build();
        return List.of(
                new PolicyInit.Pin("axios", Identities.axios("1.13.1"), true),
                new PolicyInit.Pin("axios", Identities.axios("1.14.0"), true),
                new PolicyInit.Pin("@aws-sdk/client-s3", aws),
                // Two versions built by different workflows: only what they share is pinned.
                new PolicyInit.Pin("split", Identities.github("o/split", ".github/workflows/a.yml", "refs/tags/v1").build()),
                new PolicyInit.Pin("split", Identities.github("o/split", ".github/workflows/b.yml", "refs/tags/v2").build()),
                new PolicyInit.Pin("bare", PublishIdentity.builder().build()));
    }

    @Test
    void outputIsDeterministicWhateverTheInputOrder() {
        List<PolicyInit.Pin> shuffled = new ArrayList<>(pins());
        Collections.shuffle(shuffled, new java.util.Random(3));
        assertEquals(PolicyInit.yaml(pins()), PolicyInit.yaml(shuffled));
    }

    @Test
    void writtenPolicyReadsBackWithWhatWasPinned() throws Exception {
        Path f = tmp.resolve("trustlock.yaml");
        Files.writeString(f, PolicyInit.yaml(pins()));
        Policy p = PolicyFile.read(f);
        assertEquals(List.of("@aws-sdk/client-s3", "axios", "split"),
                p.packages().stream().map(x -> x.pattern().pattern()).toList());

        PackagePolicy axios = p.forPackage("axios").orElseThrow();
        assertEquals(Optional.of("https://github.com/axios/axios"), axios.repository());
        assertEquals(Optional.of(".github/workflows/publish.yml"), axios.workflow());
        assertEquals("refs/tags/*", axios.ref().orElseThrow().source());
        assertEquals(Optional.of(Identities.GITHUB_ISSUER), axios.issuer());
        assertEquals(Optional.of("github-hosted"), axios.runnerEnvironment());
        assertTrue(axios.trustedPublisher());

        PackagePolicy aws = p.forPackage("@aws-sdk/client-s3").orElseThrow();
        assertEquals("refs/heads/main", aws.ref().orElseThrow().source());
        assertFalse(aws.trustedPublisher());
        assertFalse(p.forPackage("@aws-sdk/client-sts").isPresent());

        PackagePolicy split = p.forPackage("split").orElseThrow();
        assertEquals(Optional.of("https://github.com/o/split"), split.repository());
        assertEquals(Optional.empty(), split.workflow());
        assertEquals("refs/tags/*", split.ref().orElseThrow().source());

        assertFalse(p.forPackage("bare").isPresent());
    }

    @Test
    void writtenPolicyValidatesAgainstTheSchema() throws Exception {
        assertEquals(List.of(), PolicySchemaTest.validate(PolicyInit.yaml(pins())));
        assertEquals(List.of(), PolicySchemaTest.validate(PolicyInit.yaml(List.of())));
    }

    @Test
    void trustOnFirstUsePassesTheSameIdentityAndCatchesAnother() throws Exception {
        Path f = tmp.resolve("trustlock.yaml");
        Files.writeString(f, PolicyInit.yaml(List.of(new PolicyInit.Pin("axios", Identities.axios("1.13.1")))));
        ReleaseChecks checks = new ReleaseChecks(PolicyFile.read(f), LocalDate.of(2026, 4, 1));
        var history = Packuments.history("axios");
        assertEquals(List.of(), checks.check(CheckTarget.of("1.14.0", history,
                Optional.of(Identities.verified(Identities.axios("1.14.0"))), true)).findings());
        PublishIdentity fork = Identities.github("attacker/axios", ".github/workflows/publish.yml", "refs/tags/v1.14.0")
                .build();
        Evaluation e = checks.check(CheckTarget.of("1.14.0", history, Optional.of(Identities.verified(fork)), true));
        assertEquals(Set.of(IdentityMismatchRule.ID), AxiosIncidentTest.ruleIds(e));
        // The hand-published 1.14.1 has no provenance: the pinned identity cannot be shown.
        Evaluation compromised = checks.check(CheckTarget.of("1.14.1", history, Optional.empty(), true));
        assertTrue(AxiosIncidentTest.ruleIds(compromised).contains(RequiredEvidenceRule.ID));
    }

    @Test
    void hostileNamesAndValuesStayQuoted() throws Exception {
        PublishIdentity odd = PublishIdentity.builder().sourceRepositoryUri("https://x/\"quoted\"\n# comment: yes").build();
        Path f = tmp.resolve("trustlock.yaml");
        Files.writeString(f, PolicyInit.yaml(List.of(new PolicyInit.Pin("we:ird #name", odd))));
        Policy p = PolicyFile.read(f);
        assertEquals(Optional.of("https://x/\"quoted\"\n# comment: yes"), p.forPackage("we:ird #name").orElseThrow().repository());
    }
}
