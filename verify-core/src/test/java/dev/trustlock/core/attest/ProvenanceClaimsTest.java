package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How predicate claims are read and compared with the certificate, field by field and spelling by spelling. */
class ProvenanceClaimsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Statement statement(String predicateType, String predicateJson) throws Exception {
        String st = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"pkg:npm/a@1.0.0\","
                + "\"digest\":{\"sha512\":\"00\"}}],\"predicateType\":\"" + predicateType + "\",\"predicate\":"
                + predicateJson + "}";
        return Statement.parse(Statement.PAYLOAD_TYPE, st.getBytes(StandardCharsets.UTF_8));
    }

    private static PublishIdentity cert() {
        return PublishIdentity.builder()
                .sourceRepositoryUri("https://github.com/o/r")
                .sourceRepositoryRef("refs/tags/v1")
                .sourceRepositoryDigest("abc123")
                .buildTrigger("release")
                .sourceRepositoryIdentifier("11")
                .sourceRepositoryOwnerIdentifier("22")
                .runnerEnvironment("github-hosted")
                .runInvocationUri("https://github.com/o/r/actions/runs/99/attempts/2")
                .buildConfigUri("https://github.com/o/r/.github/workflows/publish.yml@refs/tags/v1")
                .build();
    }

    @Test
    void v1ClaimsAreReadFromTheWorkflowBlockTheGithubParametersAndTheRunDetails() throws Exception {
        ProvenanceClaims c = ProvenanceClaims.read(statement(Statement.PROVENANCE_V1, """
                {"buildDefinition": {
                   "externalParameters": {"workflow": {"repository": "https://github.com/o/r", "path": ".github/workflows/publish.yml", "ref": "refs/tags/v1"}},
                   "internalParameters": {"github": {"event_name": "release", "repository_id": "11", "repository_owner_id": "22"}},
                   "resolvedDependencies": [{"uri": "git+https://github.com/o/r@refs/tags/v1", "digest": {"gitCommit": "ABC123"}}]},
                 "runDetails": {"builder": {"id": "https://github.com/actions/runner/github-hosted"},
                   "metadata": {"invocationId": "https://github.com/o/r/actions/runs/99/attempts/2"}}}"""));
        assertEquals(Optional.of("https://github.com/o/r"), c.repository());
        assertEquals(Optional.of("github-hosted"), c.runner(), "from the builder id when not stated");
        assertEquals(Optional.of("ABC123"), c.commit());
        c.checkAgainst(cert()); // commit compared without regard to case
    }

    @Test
    void v02ClaimsAreReadFromTheConfigSourceTheEnvironmentAndTheInvocationId() throws Exception {
        ProvenanceClaims c = ProvenanceClaims.read(statement(Statement.PROVENANCE_V02, """
                {"invocation": {"configSource": {"uri": "git+https://github.com/o/r@refs/tags/v1", "digest": {"sha1": "abc123"},
                   "entryPoint": "o/r/.github/workflows/publish.yml@refs/tags/v1"},
                   "environment": {"GITHUB_EVENT_NAME": "release", "GITHUB_REPOSITORY_ID": "11", "GITHUB_REPOSITORY_OWNER_ID": "22"}},
                 "metadata": {"buildInvocationId": "99-2"}}"""));
        assertEquals(Optional.of("git+https://github.com/o/r"), c.repository());
        assertEquals(Optional.of("refs/tags/v1"), c.ref());
        assertEquals(Optional.empty(), c.runner());
        c.checkAgainst(cert());
        ProvenanceClaims otherRun = ProvenanceClaims.read(statement(Statement.PROVENANCE_V02,
                "{\"metadata\": {\"buildInvocationId\": \"99-3\"}}"));
        Failure f = assertThrows(Failure.class, () -> otherRun.checkAgainst(cert()));
        assertEquals(ReasonCode.PROVENANCE_CERTIFICATE_MISMATCH, f.code());
        assertTrue(f.detail().startsWith("run: provenance says '99-3', certificate says"), f.detail());
    }

    @Test
    void otherPredicatesClaimNothing() throws Exception {
        ProvenanceClaims c = ProvenanceClaims.read(statement("https://example.test/other", "{\"x\": 1}"));
        assertEquals(new ProvenanceClaims(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), c);
        c.checkAgainst(cert());
    }

    @Test
    void repositoriesCompareWithoutDecorationsOrCase() {
        assertEquals("https://github.com/o/r", RepositoryUris.normalize("git+https://GitHub.com/O/r.git/"));
        assertEquals("https://github.com/o/r", RepositoryUris.normalize("https://github.com/o/r//"));
        assertEquals("https://github.com/o/r.gitx", RepositoryUris.normalize("https://github.com/o/r.gitx"));
    }

    @Test
    void workflowPathsReduceToThePathInTheRepository() {
        assertEquals(".github/workflows/x.yml", ProvenanceClaims.path("o/r/.github/workflows/x.yml@refs/tags/v1"));
        assertEquals(".github/workflows/x.yml", ProvenanceClaims.path("./.github/workflows/x.yml"));
        assertEquals(".github/workflows/x.yml", ProvenanceClaims.path(".github/workflows/x.yml"));
        assertEquals(".gitlab-ci.yml", ProvenanceClaims.path("group/project//.gitlab-ci.yml@refs/heads/main"));
        assertEquals(".github/x.yml", ProvenanceClaims.path("/ci/.github/x.yml"));
        assertEquals("publish.yml", ProvenanceClaims.path("/publish.yml"));
        assertEquals("a@b", ProvenanceClaims.path("a@b@refs/tags/v1"));
    }

    @Test
    void refsCompareInFullOrShortFormEitherWay() {
        assertTrue(ProvenanceClaims.sameRef("refs/heads/main", "main"));
        assertTrue(ProvenanceClaims.sameRef("v1", "refs/tags/v1"));
        assertTrue(ProvenanceClaims.sameRef("refs/tags/v1", "refs/tags/v1"));
        assertFalse(ProvenanceClaims.sameRef("refs/heads/v1", "refs/tags/v1"));
        assertFalse(ProvenanceClaims.sameRef("main", "refs/heads/evil"));
    }

    @Test
    void runsCompareAsUrisOrAsV02RunAttemptPairs() {
        String cert = "https://github.com/o/r/actions/runs/99/attempts/2";
        assertTrue(ProvenanceClaims.sameRun(cert, cert));
        assertTrue(ProvenanceClaims.sameRun("https://GITHUB.com/o/r/actions/runs/99/attempts/2", cert));
        assertFalse(ProvenanceClaims.sameRun("https://github.com/o/other/actions/runs/99/attempts/2", cert));
        assertTrue(ProvenanceClaims.sameRun("99-2", cert));
        assertFalse(ProvenanceClaims.sameRun("99-1", cert));
        assertFalse(ProvenanceClaims.sameRun("98-2", cert));
        assertFalse(ProvenanceClaims.sameRun("not a run", cert));
        assertTrue(ProvenanceClaims.sameRun("opaque-id", "opaque-id"), "a certificate value not in URI form is compared as is");
        assertFalse(ProvenanceClaims.sameRun("99-2", "opaque-id"));
    }
}
