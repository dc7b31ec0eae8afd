package dev.trustlock.core.policy;

import dev.trustlock.core.history.EvidenceLevel;
import java.util.Objects;
import java.util.Optional;

/**
 * What the policy expects of the packages a name pattern matches. Every expectation is
 * optional; an absent one is not checked.
 *
 * @param repository        source repository URI, e.g. https://github.com/axios/axios
 * @param workflow          workflow file path in that repository, e.g. .github/workflows/publish.yml
 * @param ref               git ref the workflow ran for
 * @param issuer            OIDC issuer of the signing certificate
 * @param runnerEnvironment e.g. github-hosted (refuses self-hosted runners)
 * @param trustedPublisher  the version must be published by an npm trusted publisher
 * @param require           minimum evidence for these packages, on top of the global minimums
 */
public record PackagePolicy(NamePattern pattern, Optional<String> repository, Optional<String> workflow,
        Optional<RefPattern> ref, Optional<String> issuer, Optional<String> runnerEnvironment,
        boolean trustedPublisher, Optional<EvidenceLevel> require) {

    public PackagePolicy {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(runnerEnvironment, "runnerEnvironment");
        Objects.requireNonNull(require, "require");
    }

    /** True when the policy pins where provenance must come from. */
    public boolean expectsIdentity() {
        return repository.isPresent() || workflow.isPresent() || ref.isPresent() || issuer.isPresent()
                || runnerEnvironment.isPresent();
    }

    /** The weakest evidence this entry accepts. */
    public EvidenceLevel minimum() {
        EvidenceLevel min = require.orElse(EvidenceLevel.NONE);
        if (expectsIdentity() && min.weakerThan(EvidenceLevel.PROVENANCE)) {
            min = EvidenceLevel.PROVENANCE;
        }
        if (trustedPublisher) {
            min = EvidenceLevel.TRUSTED_PUBLISHER;
        }
        return min;
    }
}
