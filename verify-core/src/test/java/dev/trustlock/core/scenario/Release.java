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
 * One published version of a package in a scenario, as the registry records it. Provenance
 * present = published from that GitHub workflow run with a trusted publisher (the registry only
 * marks {@code _npmUser.trustedPublisher} for OIDC publishes, which always carry provenance).
 */
record Release(String name, String version, Instant publishedAt, String publisher, String email,
        Optional<String> gitHead, SortedMap<String, String> dependencies, SortedMap<String, String> scripts,
        Optional<GithubIdentity> provenance) {

    /** Who the registry names as publisher for an OIDC (trusted publisher) publish. */
    static final String OIDC_PUBLISHER = "GitHub Actions";
    static final String OIDC_EMAIL = "npm-oidc-no-reply@github.com";

    Release {
        dependencies = new TreeMap<>(dependencies);
        scripts = new TreeMap<>(scripts);
    }

    static Release byPerson(String name, String version, String publishedAt, String publisher, String email) {
        return new Release(name, version, Instant.parse(publishedAt), publisher, email,
                Optional.of(gitHeadFor(name, version)), new TreeMap<>(), new TreeMap<>(), Optional.empty());
    }

    static Release fromWorkflow(String name, String version, String publishedAt, String owner, String repo) {
        String sha = gitHeadFor(name, version);
        GithubIdentity id = new GithubIdentity(owner, repo, ".github/workflows/publish.yml", "refs/tags/v" + version,
                sha, "release", String.valueOf(Math.abs((long) (owner + "/" + repo).hashCode())),
                String.valueOf(Math.abs((long) owner.hashCode())),
                Instant.parse(publishedAt).getEpochSecond());
        return new Release(name, version, Instant.parse(publishedAt), OIDC_PUBLISHER, OIDC_EMAIL, Optional.of(sha),
                new TreeMap<>(), new TreeMap<>(), Optional.of(id));
    }

    Release withDependency(String dep, String range) {
        SortedMap<String, String> d = new TreeMap<>(dependencies);
        d.put(dep, range);
        return new Release(name, version, publishedAt, publisher, email, gitHead, d, scripts, provenance);
    }

    Release withScript(String script, String command) {
        SortedMap<String, String> s = new TreeMap<>(scripts);
        s.put(script, command);
        return new Release(name, version, publishedAt, publisher, email, gitHead, dependencies, s, provenance);
    }

    Release withoutGitHead() {
        return new Release(name, version, publishedAt, publisher, email, Optional.empty(), dependencies, scripts,
                provenance);
    }

    boolean trustedPublisher() {
        return provenance.isPresent();
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
