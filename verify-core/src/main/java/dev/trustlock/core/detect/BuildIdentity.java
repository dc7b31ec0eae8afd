package dev.trustlock.core.detect;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.RepositoryUris;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a certified publisher identity that say where and how a release was built, in
 * the form two releases are compared in. Who: the repository (its URI, and the immutable ids
 * GitHub certifies, which survive a rename but not a delete-and-recreate) and the OIDC issuer.
 * How: the workflow file, the kind of ref (a tag or a branch, and which branch), the trigger and
 * the runner environment. All from the certificate, never from the predicate.
 */
public record BuildIdentity(Optional<String> repository, Optional<String> repositoryId, Optional<String> ownerId,
        Optional<String> issuer, Optional<String> workflow, Optional<String> refKind, Optional<String> trigger,
        Optional<String> runner) {

    /** One field in which two identities differ, with both values. */
    public record Difference(String field, String before, String now) {
    }

    public static BuildIdentity of(PublishIdentity id) {
        return new BuildIdentity(id.sourceRepositoryUri().map(RepositoryUris::normalize), id.sourceRepositoryIdentifier(),
                id.sourceRepositoryOwnerIdentifier(), id.issuer().map(BuildIdentity::stripSlash), id.workflow(),
                id.ref().or(id::sourceRepositoryRef).map(BuildIdentity::refKind), id.buildTrigger(),
                id.runnerEnvironment().map(r -> r.toLowerCase(Locale.ROOT)));
    }

    /** Where the release came from differs: another repository, owner or OIDC issuer. */
    public List<Difference> sourceDifferences(BuildIdentity before) {
        List<Difference> out = new ArrayList<>();
        diff(out, "repository", before.repository, repository);
        diff(out, "repository id", before.repositoryId, repositoryId);
        diff(out, "owner id", before.ownerId, ownerId);
        diff(out, "issuer", before.issuer, issuer);
        return out;
    }

    /** How the release was built differs: another workflow, kind of ref, trigger or runner. */
    public List<Difference> buildDifferences(BuildIdentity before) {
        List<Difference> out = new ArrayList<>();
        diff(out, "workflow", before.workflow, workflow);
        diff(out, "ref", before.refKind, refKind);
        diff(out, "trigger", before.trigger, trigger);
        diff(out, "runner", before.runner, runner);
        return out;
    }

    /** Same source and built the same way: nothing either rule would report. */
    public boolean sameBuild(BuildIdentity other) {
        return sourceDifferences(other).isEmpty() && buildDifferences(other).isEmpty();
    }

    /** A field only one side certifies (older certificates lack the newer extensions) is no difference. */
    private static void diff(List<Difference> out, String field, Optional<String> before, Optional<String> now) {
        if (before.isPresent() && now.isPresent() && !before.get().equals(now.get())) {
            out.add(new Difference(field, before.get(), now.get()));
        }
    }

    /**
     * Tags are one kind whatever their name (every release has its own); a branch is itself, so
     * that a release cut from {@code main} after tags, or from a new branch, shows.
     */
    static String refKind(String ref) {
        if (ref.startsWith("refs/tags/")) {
            return "a tag";
        }
        if (ref.startsWith("refs/heads/")) {
            return "branch " + ref.substring("refs/heads/".length());
        }
        return ref;
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
