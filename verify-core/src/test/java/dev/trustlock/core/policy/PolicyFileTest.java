package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {

    @TempDir
    Path tmp;

    private static Path sample(String name) {
        return Fixtures.testdata("scenarios/policy-unit/policies/" + name);
    }

    @Test
    void readsEveryFeature() throws Exception {
        Policy p = PolicyFile.read(sample("valid-full.yaml"));
        assertEquals(Optional.of(EvidenceLevel.PROVENANCE), p.requireDirect());
        assertEquals(Optional.of(EvidenceLevel.REGISTRY_SIGNATURE_ONLY), p.requireAll());
        assertEquals(Severity.ERROR, p.unverifiable());
        assertEquals(List.of("axios", "@aws-sdk/*", "**"), p.packages().stream().map(x -> x.pattern().pattern()).toList());

        PackagePolicy axios = p.forPackage("axios").orElseThrow();
        assertEquals(Optional.of("https://github.com/axios/axios"), axios.repository());
        assertEquals(Optional.of(".github/workflows/publish.yml"), axios.workflow());
        assertTrue(axios.ref().orElseThrow().matches("refs/tags/v1.14.0"));
        assertFalse(axios.ref().orElseThrow().matches("refs/heads/main"));
        assertEquals(Optional.of("https://token.actions.githubusercontent.com"), axios.issuer());
        assertEquals(Optional.of("github-hosted"), axios.runnerEnvironment());
        assertTrue(axios.trustedPublisher());
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, p.minimumFor("axios", false));

        PackagePolicy aws = p.forPackage("@aws-sdk/client-s3").orElseThrow();
        assertEquals(Optional.of("https://github.com/aws/aws-sdk-js-v3"), aws.repository());
        assertTrue(aws.ref().orElseThrow().isRegex());
        assertTrue(aws.ref().orElseThrow().matches("refs/tags/v3.700.0"));
        assertFalse(aws.ref().orElseThrow().matches("refs/tags/v3.700.0-x"));
        assertEquals(EvidenceLevel.PROVENANCE, p.minimumFor("@aws-sdk/client-s3", false));
        assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, p.minimumFor("left-pad", false));
        assertEquals(EvidenceLevel.PROVENANCE, p.minimumFor("left-pad", true));

        assertEquals(2, p.exceptions().size());
        Exemption first = p.exceptions().get(0);
        assertEquals(Optional.of("1.14.1"), first.version());
        assertEquals(Optional.of("trust-downgrade"), first.ruleId());
        // Unquoted (a YAML timestamp) and quoted dates read as the same kind of day.
        assertEquals(LocalDate.of(2026, 12, 31), first.expires());
        assertEquals(LocalDate.of(2026, 1, 31), p.exceptions().get(1).expires());
    }

    @Test
    void minimalPolicyRequiresProvenanceOfDirectDependencies() throws Exception {
        Policy p = PolicyFile.read(sample("valid-minimal.yaml"));
        assertEquals(Optional.of(EvidenceLevel.PROVENANCE), p.requireDirect());
        assertEquals(Optional.empty(), p.requireAll());
        assertEquals(Severity.WARNING, p.unverifiable());
    }

    @Test
    void unknownKeyNamesFileLineColumnAndPath() throws Exception {
        Path f = sample("invalid-unknown-key.yaml");
        LockfileException e = assertThrows(LockfileException.class, () -> PolicyFile.read(f));
        int expectedLine = lineOf(f, "workfow:");
        assertEquals(expectedLine, e.line());
        // Reported at the key, where the typo is.
        assertEquals(Files.readAllLines(f).get(expectedLine - 1).indexOf("workfow") + 1, e.column());
        assertTrue(e.getMessage().startsWith(f + ":" + expectedLine + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("packages.axios.workfow"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key \"workfow\""), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void eachInvalidSampleIsRejectedWithAPath() {
        assertProblem("invalid-level.yaml", "require.direct", "signed");
        assertProblem("invalid-exception-no-reason.yaml", "exceptions[0]", "reason");
        assertProblem("invalid-runner.yaml", "packages.axios.runner", "my-laptop");
        assertProblem("invalid-ref-both.yaml", "packages.axios.refRegex", "not both");
        assertProblem("invalid-expires.yaml", "exceptions[0].expires", "YYYY-MM-DD");
        assertProblem("invalid-version.yaml", "version", "version 1");
        assertProblem("invalid-rule.yaml", "exceptions[0].rule", "downgrade");
        assertProblem("invalid-trusted-publisher.yaml", "packages.axios.trustedPublisher", "true or false");
        assertProblem("parse-only-bad-regex.yaml", "packages.axios.refRegex", "invalid regular expression");
        assertProblem("invalid-cooldown.yaml", "minimumReleaseAge", "3 days");
    }

    @Test
    void aCooldownReadsInEveryFormTheOtherToolsUse() throws Exception {
        assertEquals(java.util.Optional.of(java.time.Duration.ofDays(3)),
                PolicyFile.read(sample("valid-cooldown.yaml")).minimumReleaseAge());
        assertEquals(java.util.Optional.of(java.time.Duration.ofMinutes(1440)),
                PolicyFile.read(sample("valid-cooldown-minutes.yaml")).minimumReleaseAge());
        assertEquals(java.util.Optional.empty(),
                PolicyFile.read(sample("valid-minimal.yaml")).minimumReleaseAge());
    }

    @Test
    void yamlSyntaxErrorHasAPosition() throws Exception {
        Path f = sample("parse-only-bad-yaml.yaml");
        LockfileException e = assertThrows(LockfileException.class, () -> PolicyFile.read(f));
        assertTrue(e.line() > 0, e.getMessage());
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
    }

    @Test
    void scopedKeysAreQuotedInPaths() throws Exception {
        Path f = tmp.resolve("trustlock.yaml");
        Files.writeString(f, "packages:\n  \"@aws-sdk/*\":\n    workflow: 12\n");
        LockfileException e = assertThrows(LockfileException.class, () -> PolicyFile.read(f));
        assertTrue(e.getMessage().contains("packages[\"@aws-sdk/*\"].workflow"), e.getMessage());
        assertTrue(e.getMessage().contains("quote it"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void missingAndEmptyFilesAreErrors() throws Exception {
        assertThrows(LockfileException.class, () -> PolicyFile.read(tmp.resolve("absent.yaml")));
        Path empty = tmp.resolve("empty.yaml");
        Files.writeString(empty, "\n");
        assertThrows(LockfileException.class, () -> PolicyFile.read(empty));
        Path list = tmp.resolve("list.yaml");
        Files.writeString(list, "- axios\n");
        LockfileException e = assertThrows(LockfileException.class, () -> PolicyFile.read(list));
        assertTrue(e.getMessage().contains("must be a mapping"), e.getMessage());
    }

    private static void assertProblem(String sample, String path, String words) {
        Path f = sample(sample);
        LockfileException e = assertThrows(LockfileException.class, () -> PolicyFile.read(f), sample);
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("at " + path + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(e.line() > 0, "no line for " + e.getMessage());
    }

    private static int lineOf(Path f, String text) throws Exception {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + f);
    }
}
