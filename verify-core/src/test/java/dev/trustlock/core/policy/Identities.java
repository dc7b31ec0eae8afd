package dev.trustlock.core.policy;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
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

    /** Verified provenance with this identity, and a verified registry signature. */
    static ReleaseCheck verified(PublishIdentity identity) {
        return new ReleaseCheck(new VerificationResult(ReasonCode.OK, ReasonCode.OK.sentence(), Optional.of(identity),
                List.of(), Optional.empty()), SIGNED);
    }

    /** Attestations that ended with {@code code}, and a verified registry signature. */
    static ReleaseCheck of(ReasonCode code) {
        return new ReleaseCheck(VerificationResult.of(code, ""), SIGNED);
    }

    static final SignatureCheck SIGNED = SignatureCheck.of(ReasonCode.OK, "", Optional.empty());
}
