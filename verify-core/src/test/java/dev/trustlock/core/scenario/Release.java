package dev.trustlock.core.scenario;

import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.testpki.LeafCertificates.GithubIdentity;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One published version of a package in a scenario, as the registry records it. With provenance
 * it was built by that GitHub workflow run; {@code trustedPublisher} says whether it was also
 * published through OIDC trusted publishing (the registry then names "GitHub Actions" as
 * publisher) or with a maintainer's token and {@code --provenance}.
 *
 * @param approver staged publishing's approver, "name email"
 */
record Release(String name, String version, Instant publishedAt, String publisher, String email,
        Optional<String> gitHead, SortedMap<String, String> dependencies, SortedMap<String, String> optionalDependencies,
        SortedMap<String, String> scripts, Optional<GithubIdentity> provenance, boolean trustedPublisher,
        Optional<String> approver, boolean gypfile) {

    /** Who the registry names as publisher for an OIDC (trusted publisher) publish. */
    static final String OIDC_PUBLISHER = "GitHub Actions";
    static final String OIDC_EMAIL = "npm-oidc-no-reply@github.com";

    Release {
        dependencies = new TreeMap<>(dependencies);
        optionalDependencies = new TreeMap<>(optionalDependencies);
        scripts = new TreeMap<>(scripts);
    }

    static Release byPerson(String name, String version, String publishedAt, String publisher, String email) {
        return new Release(name, version, Instant.parse(publishedAt), publisher, email,
                Optional.of(gitHeadFor(name, version)), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), Optional.empty(),
                false, Optional.empty(), false);
    }

    static Release fromWorkflow(String name, String version, String publishedAt, String owner, String repo) {
        String sha = gitHeadFor(name, version);
        GithubIdentity id = new GithubIdentity(owner, repo, ".github/workflows/publish.yml", "refs/tags/v" + version,
                sha, "release", String.valueOf(Math.abs((long) (owner + "/" + repo).hashCode())),
                String.valueOf(Math.abs((long) owner.hashCode())),
                Instant.parse(publishedAt).getEpochSecond());
        return new Release(name, version, Instant.parse(publishedAt), OIDC_PUBLISHER, OIDC_EMAIL, Optional.of(sha),
                new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), Optional.of(id), true, Optional.empty(), false);
    }

    Release withDependency(String dep, String range) {
        SortedMap<String, String> d = new TreeMap<>(dependencies);
        d.put(dep, range);
        return new Release(name, version, publishedAt, publisher, email, gitHead, d, optionalDependencies, scripts,
                provenance, trustedPublisher, approver, gypfile);
    }

    Release withOptionalDependency(String dep, String spec) {
        SortedMap<String, String> d = new TreeMap<>(optionalDependencies);
        d.put(dep, spec);
        return new Release(name, version, publishedAt, publisher, email, gitHead, dependencies, d, scripts,
                provenance, trustedPublisher, approver, gypfile);
    }

    Release withScript(String script, String command) {
        SortedMap<String, String> s = new TreeMap<>(scripts);
        s.put(script, command);
        return new Release(name, version, publishedAt, publisher, email, gitHead, dependencies, optionalDependencies, s,
                provenance, trustedPublisher, approver, gypfile);
    }

    Release withoutGitHead() {
        return new Release(name, version, publishedAt, publisher, email, Optional.empty(), dependencies,
                optionalDependencies, scripts, provenance, trustedPublisher, approver, gypfile);
    }

    /** A binding.gyp in the tarball: npm builds it with node-gyp at install. */
    Release withBindingGyp() {
        return new Release(name, version, publishedAt, publisher, email, gitHead, dependencies, optionalDependencies,
                scripts, provenance, trustedPublisher, approver, true);
    }

    /** The workflow built from another ref (a branch, say) than the release tag. */
    Release builtFrom(String ref) {
        GithubIdentity id = provenance.orElseThrow();
        GithubIdentity moved = new GithubIdentity(id.owner(), id.repo(), id.workflowPath(), ref, id.sha(), id.trigger(),
                id.repositoryId(), id.ownerId(), id.runId());
        return new Release(name, version, publishedAt, publisher, email, gitHead, dependencies, optionalDependencies,
                scripts, Optional.of(moved), trustedPublisher, approver, gypfile);
    }

    /** Published with a maintainer's token and --provenance from the same workflow, not through OIDC. */
    Release withToken(String person, String personEmail) {
        return new Release(name, version, publishedAt, person, personEmail, gitHead, dependencies, optionalDependencies,
                scripts, provenance, false, approver, gypfile);
    }

    /** Staged publishing: another account published, this maintainer approved. */
    Release approvedBy(String maintainer, String maintainerEmail) {
        return new Release(name, version, publishedAt, publisher, email, gitHead, dependencies, optionalDependencies,
                scripts, provenance, trustedPublisher, Optional.of(maintainer + " " + maintainerEmail), gypfile);
    }

    /**
     * The synthetic tarball: the bytes {@link SyntheticAttestations#packageFor} hashes, so the
     * packument, the lockfile and the attestation subject all carry the SHA-512 of the same bytes.
     */
    byte[] tarballBytes() {
        return ("synthetic tarball of " + name + "@" + version).getBytes(StandardCharsets.UTF_8);
    }

    PackageRef ref() {
        return SyntheticAttestations.packageFor(name, version);
    }

    String integrity() {
        return ref().integrity();
    }

    String shasum() {
        return HexFormat.of().formatHex(digest("SHA-1", tarballBytes()));
    }

    String tarballUrl() {
        String bare = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        return "https://registry.npmjs.org/" + name + "/-/" + bare + "-" + version + ".tgz";
    }

    String attestationsUrl() {
        return "https://registry.npmjs.org/-/npm/v1/attestations/" + name + "@" + version;
    }

    /** A stable 40-hex commit id per release, so regenerating gives the same gitHead. */
    static String gitHeadFor(String name, String version) {
        return HexFormat.of().formatHex(digest("SHA-1",
                ("commit of " + name + "@" + version).getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
