package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Identity read from Fulcio extensions, cross-checked against the SAN and the signed predicate. */
class PublishIdentityTest {

    private static VerificationResult verify(String file, String purl, String integrity) throws Exception {
        byte[] body = Files.readAllBytes(RealWorldFixtures.dir().resolve(file));
        return new AttestationVerifier(RealWorldFixtures.trust()).verify(RealWorldFixtures.fromPurl(purl, integrity), body);
    }

    @Test
    void v1ProvenanceWithModernExtensions() throws Exception {
        VerificationResult r = verify("attestations/@playwright__cli@0.1.1.json", "pkg:npm/%40playwright/cli@0.1.1",
                "sha512-9k11ZfDwAfMVDDIuEVW1Wvs8SoDNXIY1dNQ+9C9/SS8ZmElkcxesu5eoL7vNa96ntibUGaq1TM2qQoqvdl/I9g==");
        assertEquals(VerificationStatus.VERIFIED, r.status(), r.reason());
        PublishIdentity id = r.identity().orElseThrow();
        assertEquals(Optional.of("https://github.com/microsoft/playwright-cli"), id.sourceRepositoryUri());
        assertEquals(Optional.of(".github/workflows/publish.yml"), id.workflow());
        assertEquals(Optional.of("refs/tags/v0.1.1"), id.ref());
        assertEquals(Optional.of("github-hosted"), id.runnerEnvironment());
        assertEquals(Optional.of("release"), id.buildTrigger());
        assertEquals(Optional.of("https://github.com/microsoft"), id.sourceRepositoryOwnerUri());
        assertEquals(Optional.of("6154722"), id.sourceRepositoryOwnerIdentifier());
        assertEquals(Optional.of("273562379"), id.sourceRepositoryIdentifier());
        assertEquals(Optional.of("d1c6d1113932ddcee243e8b111b6d4aea553df20"), id.sourceRepositoryDigest());
        assertTrue(id.runInvocationUri().orElseThrow().startsWith("https://github.com/microsoft/playwright-cli/actions/runs/"));
        // VERIFIED includes the signed predicate telling the same story as the certificate (ProvenanceClaims).
        assertEquals(Optional.of(Statement.PROVENANCE_V1), id.predicateType());
        assertEquals(Optional.of("https://github.com/actions/runner/github-hosted"), id.builderId());
        assertEquals(Optional.of("https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1"), id.buildType());
    }

    @Test
    void everyVerifiedFixtureHasAConsistentWorkflowAndRef() throws Exception {
        for (JsonNode a : RealWorldFixtures.manifest().path("attestations")) {
            if (!a.path("expect").asText().startsWith("valid") || !a.path("integrity").isTextual()) {
                continue;
            }
            VerificationResult r = verify(a.path("file").asText(), a.path("purl").asText(), a.path("integrity").asText());
            assertEquals(VerificationStatus.VERIFIED, r.status(), a.path("file").asText() + ": " + r.reason());
            PublishIdentity id = r.identity().orElseThrow();
            String san = a.path("san").asText();
            // SAN = <repository>/<workflow path>@<ref> for a repository's own workflow.
            assertEquals(san, id.sourceRepositoryUri().orElseThrow() + "/" + id.workflow().orElseThrow() + "@"
                    + id.ref().orElseThrow(), a.path("file").asText());
        }
    }

    @Test
    void delegatedBuilderKeepsTheCallersWorkflowApart() throws Exception {
        String file = "attestations/@laurentsimon__provenance-npm-test@1.0.5.json";
        byte[] body = Files.readAllBytes(RealWorldFixtures.dir().resolve(file));
        // Verify without a subject check: the MANIFEST has no independent integrity for this one.
        VerificationResult r = new AttestationVerifier(RealWorldFixtures.trust()).verify(
                new PackageRef("@laurentsimon/provenance-npm-test", "1.0.5", "sha512-unknown"), body);
        assertEquals(ReasonCode.INTEGRITY_UNUSABLE, r.code(), r.reason());
        assertEquals(VerificationStatus.UNVERIFIABLE, r.status());
        PublishIdentity id = r.identity().orElseThrow();
        assertTrue(id.san().orElseThrow().startsWith("https://github.com/slsa-framework/slsa-github-generator/"));
        assertEquals(Optional.of("https://github.com/laurentsimon/provenance-npm-test"), id.sourceRepositoryUri());
    }

    @Test
    void everyFieldChainsThroughTheBuilderAndBack() {
        PublishIdentity id = PublishIdentity.builder().issuer("i").san("s").sourceRepositoryUri("ru")
                .sourceRepositoryRef("rr").sourceRepositoryDigest("rd").sourceRepositoryOwnerUri("ou")
                .sourceRepositoryIdentifier("ri").sourceRepositoryOwnerIdentifier("oi").sourceRepositoryVisibility("v")
                .buildSignerUri("bs").buildSignerDigest("bd").buildConfigUri("bc").buildConfigDigest("bcd")
                .runnerEnvironment("re").buildTrigger("bt").runInvocationUri("run").workflow("w").ref("r")
                .predicateType("pt").buildType("btype").builderId("bid").invocationId("inv").build();
        assertEquals(List.of("i", "s", "ru", "rr", "rd", "ou", "ri", "oi", "v", "bs", "bd", "bc", "bcd", "re", "bt", "run",
                "w", "r", "pt", "btype", "bid", "inv"), fields(id));
        assertEquals(id, id.toBuilder().build());
        assertEquals(Optional.empty(), PublishIdentity.builder().issuer(" ").build().issuer(), "blank is absent");
    }

    private static List<String> fields(PublishIdentity id) {
        List<String> out = new java.util.ArrayList<>();
        for (java.lang.reflect.RecordComponent c : PublishIdentity.class.getRecordComponents()) {
            try {
                out.add(((Optional<?>) c.getAccessor().invoke(id)).map(Object::toString).orElse("-"));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}
