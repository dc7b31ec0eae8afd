package dev.trustlock.core.policy;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import java.util.List;
import java.util.Optional;

/** Identities as the attest package extracts them from a GitHub Actions publish. */
final class Identities {

    static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

    private Identities() {
    }

    static PublishIdentity.Builder github(String repo, String workflow, String ref) {
        String repoUri = "https://github.com/" + repo;
        return PublishIdentity.builder()
                .issuer(GITHUB_ISSUER)
                .san(repoUri + "/" + workflow + "@" + ref)
                .sourceRepositoryUri(repoUri)
                .sourceRepositoryRef(ref)
                .buildConfigUri(repoUri + "/" + workflow + "@" + ref)
                .runnerEnvironment("github-hosted")
                .workflow(workflow)
                .ref(ref);
    }

    static PublishIdentity axios(String version) {
        return github("axios/axios", ".github/workflows/publish.yml", "refs/tags/v" + version).build();
    }

    static VerificationResult verified(PublishIdentity identity) {
        return new VerificationResult(VerificationStatus.VERIFIED, ReasonCode.OK, ReasonCode.OK.sentence(),
                Optional.of(identity), List.of());
    }

    static VerificationResult of(ReasonCode code) {
        return new VerificationResult(code.status(), code, code.sentence(), Optional.empty(), List.of());
    }
}
