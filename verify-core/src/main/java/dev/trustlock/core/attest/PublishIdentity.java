package dev.trustlock.core.attest;

import java.util.Objects;
import java.util.Optional;

/**
 * Who published a package and how. Every identity field (issuer, repository, ref, commit,
 * workflow, trigger, runner, run) comes from the Fulcio certificate (extensions under
 * 1.3.6.1.4.1.57264.1 and the SAN), which the CA certified from the CI provider's OIDC token; the
 * SLSA predicate's own claims about them are only checked against these
 * ({@link ProvenanceClaims}) and never stand in for a field the certificate lacks. The last four
 * fields describe the build as the predicate records it, for display only. Every field is
 * optional because older certificates (2022-2023) carry only the legacy extensions. Trust any of
 * it only when the result is VERIFIED.
 */
public record PublishIdentity(
        Optional<String> issuer,
        Optional<String> san,
        Optional<String> sourceRepositoryUri,
        Optional<String> sourceRepositoryRef,
        Optional<String> sourceRepositoryDigest,
        Optional<String> sourceRepositoryOwnerUri,
        Optional<String> sourceRepositoryIdentifier,
        Optional<String> sourceRepositoryOwnerIdentifier,
        Optional<String> sourceRepositoryVisibility,
        Optional<String> buildSignerUri,
        Optional<String> buildSignerDigest,
        Optional<String> buildConfigUri,
        Optional<String> buildConfigDigest,
        Optional<String> runnerEnvironment,
        Optional<String> buildTrigger,
        Optional<String> runInvocationUri,
        Optional<String> workflow,
        Optional<String> ref,
        Optional<String> predicateType,
        Optional<String> buildType,
        Optional<String> builderId,
        Optional<String> invocationId) {

    public PublishIdentity {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(san, "san");
        Objects.requireNonNull(sourceRepositoryUri, "sourceRepositoryUri");
        Objects.requireNonNull(sourceRepositoryRef, "sourceRepositoryRef");
        Objects.requireNonNull(sourceRepositoryDigest, "sourceRepositoryDigest");
        Objects.requireNonNull(sourceRepositoryOwnerUri, "sourceRepositoryOwnerUri");
        Objects.requireNonNull(sourceRepositoryIdentifier, "sourceRepositoryIdentifier");
        Objects.requireNonNull(sourceRepositoryOwnerIdentifier, "sourceRepositoryOwnerIdentifier");
        Objects.requireNonNull(sourceRepositoryVisibility, "sourceRepositoryVisibility");
        Objects.requireNonNull(buildSignerUri, "buildSignerUri");
        Objects.requireNonNull(buildSignerDigest, "buildSignerDigest");
        Objects.requireNonNull(buildConfigUri, "buildConfigUri");
        Objects.requireNonNull(buildConfigDigest, "buildConfigDigest");
        Objects.requireNonNull(runnerEnvironment, "runnerEnvironment");
        Objects.requireNonNull(buildTrigger, "buildTrigger");
        Objects.requireNonNull(runInvocationUri, "runInvocationUri");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(buildType, "buildType");
        Objects.requireNonNull(builderId, "builderId");
        Objects.requireNonNull(invocationId, "invocationId");
    }

    /** The build in one short string for people: repository (without https://), workflow and ref. */
    public String build() {
        return String.join(" ", sourceRepositoryUri.map(u -> u.replaceFirst("^https://", "")).orElse("?"),
                workflow.orElse("?"), ref.orElse("?"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy to change some fields of. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.issuer = issuer.orElse(null);
        b.san = san.orElse(null);
        b.sourceRepositoryUri = sourceRepositoryUri.orElse(null);
        b.sourceRepositoryRef = sourceRepositoryRef.orElse(null);
        b.sourceRepositoryDigest = sourceRepositoryDigest.orElse(null);
        b.sourceRepositoryOwnerUri = sourceRepositoryOwnerUri.orElse(null);
        b.sourceRepositoryIdentifier = sourceRepositoryIdentifier.orElse(null);
        b.sourceRepositoryOwnerIdentifier = sourceRepositoryOwnerIdentifier.orElse(null);
        b.sourceRepositoryVisibility = sourceRepositoryVisibility.orElse(null);
        b.buildSignerUri = buildSignerUri.orElse(null);
        b.buildSignerDigest = buildSignerDigest.orElse(null);
        b.buildConfigUri = buildConfigUri.orElse(null);
        b.buildConfigDigest = buildConfigDigest.orElse(null);
        b.runnerEnvironment = runnerEnvironment.orElse(null);
        b.buildTrigger = buildTrigger.orElse(null);
        b.runInvocationUri = runInvocationUri.orElse(null);
        b.workflow = workflow.orElse(null);
        b.ref = ref.orElse(null);
        b.predicateType = predicateType.orElse(null);
        b.buildType = buildType.orElse(null);
        b.builderId = builderId.orElse(null);
        b.invocationId = invocationId.orElse(null);
        return b;
    }

    /** Collects fields as they are found; null or blank means absent. */
    public static final class Builder {
        private String issuer;
        private String san;
        private String sourceRepositoryUri;
        private String sourceRepositoryRef;
        private String sourceRepositoryDigest;
        private String sourceRepositoryOwnerUri;
        private String sourceRepositoryIdentifier;
        private String sourceRepositoryOwnerIdentifier;
        private String sourceRepositoryVisibility;
        private String buildSignerUri;
        private String buildSignerDigest;
        private String buildConfigUri;
        private String buildConfigDigest;
        private String runnerEnvironment;
        private String buildTrigger;
        private String runInvocationUri;
        private String workflow;
        private String ref;
        private String predicateType;
        private String buildType;
        private String builderId;
        private String invocationId;

        private Builder() {
        }

        /** OIDC issuer (Fulcio 1.3.6.1.4.1.57264.1.8, else legacy 1.1). */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** Certificate subject alternative name: for CI the workflow identity URI, e.g. https://github.com/o/r/.github/workflows/publish.yml@refs/tags/v1. */
        public Builder san(String value) {
            this.san = value;
            return this;
        }

        /** 1.12, else https://github.com/ + legacy 1.5. */
        public Builder sourceRepositoryUri(String value) {
            this.sourceRepositoryUri = value;
            return this;
        }

        /** 1.14, else legacy 1.6. */
        public Builder sourceRepositoryRef(String value) {
            this.sourceRepositoryRef = value;
            return this;
        }

        /** 1.13, else legacy 1.3. */
        public Builder sourceRepositoryDigest(String value) {
            this.sourceRepositoryDigest = value;
            return this;
        }

        /** 1.16. */
        public Builder sourceRepositoryOwnerUri(String value) {
            this.sourceRepositoryOwnerUri = value;
            return this;
        }

        /** 1.15. */
        public Builder sourceRepositoryIdentifier(String value) {
            this.sourceRepositoryIdentifier = value;
            return this;
        }

        /** 1.17. */
        public Builder sourceRepositoryOwnerIdentifier(String value) {
            this.sourceRepositoryOwnerIdentifier = value;
            return this;
        }

        /** 1.22. */
        public Builder sourceRepositoryVisibility(String value) {
            this.sourceRepositoryVisibility = value;
            return this;
        }

        /** 1.9: the workflow that signed (may be a reusable workflow). */
        public Builder buildSignerUri(String value) {
            this.buildSignerUri = value;
            return this;
        }

        /** 1.10. */
        public Builder buildSignerDigest(String value) {
            this.buildSignerDigest = value;
            return this;
        }

        /** 1.18: the top-level workflow file at its ref. */
        public Builder buildConfigUri(String value) {
            this.buildConfigUri = value;
            return this;
        }

        /** 1.19. */
        public Builder buildConfigDigest(String value) {
            this.buildConfigDigest = value;
            return this;
        }

        /** 1.11: github-hosted or self-hosted. */
        public Builder runnerEnvironment(String value) {
            this.runnerEnvironment = value;
            return this;
        }

        /** 1.20, else legacy 1.2 (push, release, workflow_dispatch...). */
        public Builder buildTrigger(String value) {
            this.buildTrigger = value;
            return this;
        }

        /** 1.21: link to the CI run. */
        public Builder runInvocationUri(String value) {
            this.runInvocationUri = value;
            return this;
        }

        /** Derived: path of the workflow file in its repository, e.g. .github/workflows/publish.yml (from the build config URI, else the SAN). */
        public Builder workflow(String value) {
            this.workflow = value;
            return this;
        }

        /** Derived: git ref the workflow ran for, e.g. refs/tags/v1.0.0 (source repository ref, else the SAN's @ref). */
        public Builder ref(String value) {
            this.ref = value;
            return this;
        }

        /** The provenance predicate type the build fields below came from. */
        public Builder predicateType(String value) {
            this.predicateType = value;
            return this;
        }

        /** SLSA buildType. */
        public Builder buildType(String value) {
            this.buildType = value;
            return this;
        }

        /** SLSA builder.id (v0.2) / runDetails.builder.id (v1). */
        public Builder builderId(String value) {
            this.builderId = value;
            return this;
        }

        /** SLSA v0.2 metadata.buildInvocationId / v1 runDetails.metadata.invocationId. */
        public Builder invocationId(String value) {
            this.invocationId = value;
            return this;
        }

        public PublishIdentity build() {
            return new PublishIdentity(
                    opt(issuer),
                    opt(san),
                    opt(sourceRepositoryUri),
                    opt(sourceRepositoryRef),
                    opt(sourceRepositoryDigest),
                    opt(sourceRepositoryOwnerUri),
                    opt(sourceRepositoryIdentifier),
                    opt(sourceRepositoryOwnerIdentifier),
                    opt(sourceRepositoryVisibility),
                    opt(buildSignerUri),
                    opt(buildSignerDigest),
                    opt(buildConfigUri),
                    opt(buildConfigDigest),
                    opt(runnerEnvironment),
                    opt(buildTrigger),
                    opt(runInvocationUri),
                    opt(workflow),
                    opt(ref),
                    opt(predicateType),
                    opt(buildType),
                    opt(builderId),
                    opt(invocationId));
        }

        private static Optional<String> opt(String v) {
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
        }
    }
}
