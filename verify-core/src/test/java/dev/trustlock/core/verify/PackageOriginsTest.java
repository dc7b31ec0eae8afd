package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which resolved URLs count as a configured registry, and what the finding for the others says. */
class PackageOriginsTest {

    private static final URI MIRROR = URI.create("https://npm.corp.example:8443/artifactory/api/npm/npm-remote/");
    private final PackageOrigins origins = new PackageOrigins(Set.of(MIRROR), Policy.EMPTY);

    @Test
    void tarballsUnderAConfiguredRegistryOrThePublicOnesAreTheRegistry() {
        assertTrue(origins.underRegistry(MIRROR + "axios/-/axios-1.0.0.tgz"));
        assertTrue(origins.underRegistry("https://registry.npmjs.org/axios/-/axios-1.0.0.tgz"));
        assertTrue(origins.underRegistry("http://registry.yarnpkg.com/axios/-/axios-1.0.0.tgz"));
        assertTrue(origins.underRegistry("https://REGISTRY.NPMJS.COM/axios/-/axios-1.0.0.tgz"));
        assertFalse(origins.underRegistry("https://registry.npmjs.org:8443/axios/-/axios-1.0.0.tgz"), "another port");
        assertFalse(origins.underRegistry("https://npm.corp.example:8443/artifactory/api/npm/other/axios/-/a.tgz"), "another path");
        assertFalse(origins.underRegistry("https://npm.corp.example/artifactory/api/npm/npm-remote/a/-/a.tgz"), "another port");
        assertFalse(origins.underRegistry("http://npm.corp.example:8443/artifactory/api/npm/npm-remote/a/-/a.tgz"), "http");
        assertFalse(origins.underRegistry("https://registry.npmjs.org.evil.example/axios/-/axios-1.0.0.tgz"));
        assertFalse(origins.underRegistry("not a url at all"));
        assertFalse(origins.underRegistry("file:../x.tgz"));
        PackageOrigins defaultPort = new PackageOrigins(Set.of(URI.create("http://127.0.0.1/npm/")), Policy.EMPTY);
        assertTrue(defaultPort.underRegistry("http://127.0.0.1:80/npm/a/-/a-1.tgz"));
        assertFalse(defaultPort.underRegistry("https://127.0.0.1/npm/a/-/a-1.tgz"));
    }

    @Test
    void registryPackagesAreCheckedAgainstTheRegistryAndOthersAreNot() {
        assertTrue(origins.checkedAgainstRegistry(HostileRegistry.registryNode("a", "1.0.0")));
        assertTrue(origins.checkedAgainstRegistry(HostileRegistry.node("a", "1.0.0", SourceType.REMOTE_TARBALL,
                MIRROR + "a/1.0.0.tgz")), "a remote tarball under a registry is that registry's package");
        assertFalse(origins.checkedAgainstRegistry(HostileRegistry.node("a", "1.0.0", SourceType.REMOTE_TARBALL,
                "https://cdn.example/a.tgz")));
        assertFalse(origins.checkedAgainstRegistry(HostileRegistry.node("a", "1.0.0", SourceType.GIT, "github:o/a")));
        PackageNode bare = PackageNode.registry("a", "1.0.0");
        assertTrue(origins.checkedAgainstRegistry(bare));
        assertEquals(Optional.empty(), origins.finding(bare), "no resolved URL: the registry's by definition");
        assertEquals(Optional.empty(), origins.finding(HostileRegistry.node("a", "1.0.0", SourceType.REGISTRY,
                "npm:a@1.0.0")), "a specifier that is no URL names the registry");
    }

    @Test
    void theFindingNamesWhereFromAndWhatWasCheckedWithoutSecrets() {
        Finding local = origins.finding(HostileRegistry.node("a", "1.0.0", SourceType.LOCAL, "file:../a")).orElseThrow();
        assertEquals(Severity.ERROR, local.severity());
        assertTrue(local.message().startsWith("installed from a local path (file:../a), not from a configured registry;"),
                local.message());
        assertEquals("local", local.evidence().get("source"));
        assertEquals(MIRROR.toString(), local.evidence().get("registries"));
        Finding foreign = origins.finding(HostileRegistry.node("a", "1.0.0", SourceType.REGISTRY,
                "https://u:p@evil.example/a/-/a-1.0.0.tgz?t=1")).orElseThrow();
        assertTrue(foreign.message().contains("(https://evil.example/a/-/a-1.0.0.tgz?...)")
                && foreign.message().contains("its registry record was still checked"), foreign.message());
        Finding git = origins.finding(HostileRegistry.node("a", "1.0.0", SourceType.GIT,
                "git+ssh://git@github.com/o/a.git")).orElseThrow();
        assertEquals("github.com", git.evidence().get("gitHost"));
        assertEquals("remote-tarball", origins.finding(HostileRegistry.node("a", "1.0.0", SourceType.REMOTE_TARBALL,
                "https://cdn.example/a.tgz")).orElseThrow().evidence().get("source"));
        Finding unrecorded = origins.finding(new PackageNode(dev.trustlock.core.lockfile.PackageKey.of("a", "1.0.0"),
                SourceType.GIT, Optional.empty(), Optional.empty(), Optional.empty(),
                java.util.Collections.emptySortedSet(), Optional.empty(), false)).orElseThrow();
        assertTrue(unrecorded.message().contains("(not recorded)"), unrecorded.message());
    }

    @Test
    void gitHostsInEverySpellingPackageManagersWrite() {
        assertEquals(Optional.of("github.com"), PackageOrigins.gitHost("github:o/r#abc"));
        assertEquals(Optional.of("gitlab.com"), PackageOrigins.gitHost("GitLab:o/r"));
        assertEquals(Optional.of("bitbucket.org"), PackageOrigins.gitHost("bitbucket:o/r"));
        assertEquals(Optional.of("gist.github.com"), PackageOrigins.gitHost("gist:abc"));
        assertEquals(Optional.of("github.com"), PackageOrigins.gitHost("git+https://github.com/o/r.git#abc"));
        assertEquals(Optional.of("git.corp.example"), PackageOrigins.gitHost("git+ssh://git@git.corp.example:22/o/r"));
        assertEquals(Optional.of("github.com"), PackageOrigins.gitHost("git@github.com:o/r.git"));
        assertEquals(Optional.of("github.com"), PackageOrigins.gitHost("https://codeload.github.com/o/r/tar.gz/abc"));
        assertEquals(Optional.empty(), PackageOrigins.gitHost("git@:o/r"));
        assertEquals(Optional.empty(), PackageOrigins.gitHost("just-a-name"));
        assertEquals(Optional.empty(), PackageOrigins.gitHost("git+file:///srv/repo.git"));
        assertEquals(Optional.empty(), PackageOrigins.gitHost("https://exa mple.com/x"));
    }

    @Test
    void redactionDropsUserInfoAndQueries() {
        assertEquals("https://host/a.tgz", PackageOrigins.redact("https://user:tok3n@host/a.tgz"));
        assertEquals("https://host/a.tgz?...", PackageOrigins.redact("https://host/a.tgz?token=abc"));
        assertEquals("git@github.com:o/r", PackageOrigins.redact("git@github.com:o/r"));
        assertEquals("?...", PackageOrigins.redact("?x"));
    }
}
