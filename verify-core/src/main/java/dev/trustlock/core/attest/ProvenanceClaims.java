package dev.trustlock.core.attest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a SLSA provenance predicate says about where and how it was built, read for one purpose:
 * to refuse a predicate that disagrees with its signing certificate. The build wrote the
 * predicate; the certificate was issued by Fulcio from the CI provider's own OIDC token. A build
 * step that can sign can also write any predicate it likes, so where both record a field they
 * must agree (slsa-verifier's provenance-matches-certificate step), and identity is then taken
 * from the certificate alone. A claim the certificate has no counterpart for is not compared.
 *
 * <p>Field mapping (npm CLI provenance, GitHub Actions; GitLab uses the v1 workflow block too):
 * <pre>
 * claim        SLSA v1 predicate                                   SLSA v0.2 predicate                 certificate
 * repository   buildDefinition.externalParameters.workflow.repository  invocation.configSource.uri (repo)  1.12 / legacy 1.5
 * workflow     ...workflow.path                                    invocation.configSource.entryPoint   1.18 build config path
 * ref          ...workflow.ref                                     configSource.uri (@ref)              1.14 / legacy 1.6
 * commit       resolvedDependencies[0].digest.gitCommit            configSource.digest.sha1             1.13 / legacy 1.3
 * trigger      internalParameters.github.event_name                environment.GITHUB_EVENT_NAME        1.20 / legacy 1.2
 * repo id      internalParameters.github.repository_id             environment.GITHUB_REPOSITORY_ID     1.15
 * owner id     internalParameters.github.repository_owner_id       environment.GITHUB_REPOSITORY_OWNER_ID 1.17
 * runner       internalParameters.github.runner_environment,       -                                    1.11
 *              runDetails.builder.id's last segment
 * run          runDetails.metadata.invocationId                    metadata.buildInvocationId (run-attempt) 1.21
 * </pre>
 * The workflow path is compared only with the build config URI (1.18): without it the SAN names
 * the signing workflow, which for a reusable (delegated) builder is not the entry point.
 */
record ProvenanceClaims(Optional<String> repository, Optional<String> workflow, Optional<String> ref,
        Optional<String> commit, Optional<String> trigger, Optional<String> repositoryId, Optional<String> ownerId,
        Optional<String> runner, Optional<String> run) {

    private static final Pattern RUN_URI = Pattern.compile(".*/actions/runs/(\\d+)/attempts/(\\d+)/?");
    private static final Pattern RUN_ID = Pattern.compile("(\\d+)-(\\d+)");
    private static final String GITHUB_RUNNER = "https://github.com/actions/runner/";

    static ProvenanceClaims read(Statement statement) {
        JsonNode p = statement.predicate();
        if (Statement.PROVENANCE_V1.equals(statement.predicateType())) {
            JsonNode def = p.path("buildDefinition");
            JsonNode wf = def.path("externalParameters").path("workflow");
            JsonNode gh = def.path("internalParameters").path("github");
            JsonNode deps = def.path("resolvedDependencies");
            Optional<String> builder = Json.optText(p.path("runDetails").path("builder"), "id");
            Optional<String> runner = Json.optText(gh, "runner_environment")
                    .or(() -> builder.filter(b -> b.startsWith(GITHUB_RUNNER))
                            .map(b -> b.substring(GITHUB_RUNNER.length())));
            return new ProvenanceClaims(Json.optText(wf, "repository"), Json.optText(wf, "path"),
                    Json.optText(wf, "ref"),
                    deps.isArray() && deps.size() > 0 ? Json.optText(deps.get(0).path("digest"), "gitCommit")
                            : Optional.empty(),
                    Json.optText(gh, "event_name"), Json.optText(gh, "repository_id"),
                    Json.optText(gh, "repository_owner_id"), runner,
                    Json.optText(p.path("runDetails").path("metadata"), "invocationId"));
        }
        if (Statement.PROVENANCE_V02.equals(statement.predicateType())) {
            JsonNode cs = p.path("invocation").path("configSource");
            JsonNode env = p.path("invocation").path("environment");
            Optional<String> uri = Json.optText(cs, "uri");
            return new ProvenanceClaims(uri.map(ProvenanceClaims::beforeAt), Json.optText(cs, "entryPoint"),
                    uri.flatMap(FulcioIdentity::refOf),
                    Json.optText(cs.path("digest"), "sha1").or(() -> Json.optText(env, "GITHUB_SHA")),
                    Json.optText(env, "GITHUB_EVENT_NAME"), Json.optText(env, "GITHUB_REPOSITORY_ID"),
                    Json.optText(env, "GITHUB_REPOSITORY_OWNER_ID"), Optional.empty(),
                    Json.optText(p.path("metadata"), "buildInvocationId"));
        }
        return new ProvenanceClaims(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * @param cert the identity read from the signing certificate
     * @throws Failure PROVENANCE_CERTIFICATE_MISMATCH naming the first field that differs
     */
    void checkAgainst(PublishIdentity cert) throws Failure {
        agree("repository", repository, cert.sourceRepositoryUri(), (a, b) -> RepositoryUris.normalize(a).equals(RepositoryUris.normalize(b)));
        agree("workflow", workflow, cert.buildConfigUri().flatMap(FulcioIdentity::workflowPath),
                (a, b) -> path(a).equals(path(b)));
        agree("ref", ref, cert.sourceRepositoryRef(), ProvenanceClaims::sameRef);
        agree("commit", commit, cert.sourceRepositoryDigest(), String::equalsIgnoreCase);
        agree("trigger", trigger, cert.buildTrigger(), String::equals);
        agree("repository id", repositoryId, cert.sourceRepositoryIdentifier(), String::equals);
        agree("owner id", ownerId, cert.sourceRepositoryOwnerIdentifier(), String::equals);
        agree("runner environment", runner, cert.runnerEnvironment(), String::equalsIgnoreCase);
        agree("run", run, cert.runInvocationUri(), ProvenanceClaims::sameRun);
    }

    private static void agree(String field, Optional<String> claimed, Optional<String> certified,
            BiPredicate<String, String> same) throws Failure {
        if (claimed.isPresent() && certified.isPresent() && !same.test(claimed.get().trim(), certified.get().trim())) {
            throw new Failure(ReasonCode.PROVENANCE_CERTIFICATE_MISMATCH, field + ": provenance says '"
                    + BundleParser.clip(claimed.get()) + "', certificate says '" + BundleParser.clip(certified.get()) + "'");
        }
    }

    private static String beforeAt(String uri) {
        int at = uri.lastIndexOf('@');
        return at > uri.indexOf("://") && at > 0 ? uri.substring(0, at) : uri;
    }

    /**
     * A workflow file path: v0.2 entry points may be written "owner/repo/.github/workflows/x.yml@ref"
     * and GitLab's "group/project//.gitlab-ci.yml"; both reduce to the path inside the repository.
     */
    static String path(String p) {
        String s = p.trim();
        int at = s.lastIndexOf('@');
        if (at > 0) {
            s = s.substring(0, at);
        }
        int gh = s.indexOf(".github/");
        if (gh > 0 && s.charAt(gh - 1) == '/') {
            s = s.substring(gh);
        }
        int dbl = s.indexOf("//");
        if (dbl >= 0) {
            s = s.substring(dbl + 2);
        }
        while (s.startsWith("./") || s.startsWith("/")) {
            s = s.substring(s.startsWith("./") ? 2 : 1);
        }
        return s;
    }

    /** Equal, or one is the short form of the other (main vs refs/heads/main). */
    static boolean sameRef(String a, String b) {
        return a.equals(b) || a.equals("refs/heads/" + b) || a.equals("refs/tags/" + b) || b.equals("refs/heads/" + a)
                || b.equals("refs/tags/" + a);
    }

    /** A run URI (.../actions/runs/ID/attempts/N) against the same URI or v0.2's "ID-N". */
    static boolean sameRun(String claimed, String certified) {
        Matcher cert = RUN_URI.matcher(certified);
        if (!cert.matches()) {
            return claimed.equals(certified);
        }
        Matcher asUri = RUN_URI.matcher(claimed);
        if (asUri.matches()) {
            return RepositoryUris.normalize(claimed).equals(RepositoryUris.normalize(certified));
        }
        Matcher asId = RUN_ID.matcher(claimed);
        return asId.matches() && asId.group(1).equals(cert.group(1)) && asId.group(2).equals(cert.group(2));
    }
}
