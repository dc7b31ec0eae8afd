package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmrcConfigTest {

    private static final String TOKEN = "npm_S3cretT0kenValue0123456789abcdef";

    @TempDir
    Path tmp;

    private NpmrcConfig load(String project, String user, Map<String, String> env) throws Exception {
        Path p = tmp.resolve("project.npmrc");
        Path u = tmp.resolve("user.npmrc");
        Files.writeString(p, project);
        Files.writeString(u, user);
        return NpmrcConfig.load(Optional.of(p), Optional.of(u), env);
    }

    @Test
    void defaultsToThePublicRegistryWhenNothingIsConfigured() throws Exception {
        NpmrcConfig c = NpmrcConfig.load(Optional.of(tmp.resolve("absent")), Optional.empty(), Map.of());
        assertEquals(URI.create("https://registry.npmjs.org/"), c.registry());
        assertEquals(c.registry(), c.registryFor("@any/thing"));
        assertTrue(c.tokenFor(URI.create("https://registry.npmjs.org/axios")).isEmpty());
    }

    @Test
    void projectOverridesUserAndEnvironmentOverridesBoth() throws Exception {
        NpmrcConfig c = load("registry=https://project.example/npm\n@corp:registry=https://corp.example/api/npm/\n",
                "registry=https://user.example/\n@corp:registry=https://user-corp.example/\n@other:registry = \"https://other.example\"\n",
                Map.of());
        assertEquals(URI.create("https://project.example/npm/"), c.registry());
        assertEquals(URI.create("https://corp.example/api/npm/"), c.registryFor("@corp/lib"));
        assertEquals(URI.create("https://corp.example/api/npm/"), c.registryFor("@CORP/lib"));
        assertEquals(URI.create("https://other.example/"), c.registryFor("@other/x"));
        assertEquals(URI.create("https://project.example/npm/"), c.registryFor("left-pad"));

        NpmrcConfig e = load("registry=https://project.example/\n", "", Map.of("NPM_CONFIG_REGISTRY", "https://env.example/"));
        assertEquals(URI.create("https://env.example/"), e.registry());
        NpmrcConfig lower = load("", "", Map.of("npm_config_registry", "http://127.0.0.1:4873"));
        assertEquals(URI.create("http://127.0.0.1:4873/"), lower.registry());
    }

    @Test
    void tokensExpandFromTheEnvironmentAndGoOnlyToTheirOwnHostAndPath() throws Exception {
        NpmrcConfig c = load("//corp.example/api/npm/:_authToken=${CORP_TOKEN}\n"
                        + "//registry.npmjs.org/:_authToken=other-token\n",
                "", Map.of("CORP_TOKEN", TOKEN));
        assertEquals(TOKEN, c.tokenFor(URI.create("https://corp.example/api/npm/@corp%2flib")).orElseThrow().reveal());
        assertEquals(TOKEN, c.tokenFor(URI.create("https://corp.example:443/api/npm/-/npm/v1/keys")).orElseThrow().reveal());
        assertEquals("other-token", c.tokenFor(URI.create("https://registry.npmjs.org/axios")).orElseThrow().reveal());
        // Another path on the same host, another host, a host that merely starts the same: nothing.
        assertTrue(c.tokenFor(URI.create("https://corp.example/other/x")).isEmpty());
        assertTrue(c.tokenFor(URI.create("https://corp.example.evil.test/api/npm/x")).isEmpty());
        assertTrue(c.tokenFor(URI.create("https://evil.test/api/npm/x")).isEmpty());
        assertTrue(c.tokenFor(URI.create("https://corp.example:8443/api/npm/x")).isEmpty());
    }

    @Test
    void aTokenWrittenWithTheDefaultPortGoesToThatOriginOnly() throws Exception {
        NpmrcConfig c = load("//H.example:443/npm/:_authToken=" + TOKEN + "\n//plain.example:80/:_authToken=plain\n", "",
                Map.of());
        // ":443" is https's own port: a URL that leaves it out is the same origin.
        assertEquals(TOKEN, c.tokenFor(URI.create("https://h.example/npm/pkg")).orElseThrow().reveal());
        assertEquals(TOKEN, c.tokenFor(URI.create("https://h.example:443/npm/pkg")).orElseThrow().reveal());
        assertEquals("plain", c.tokenFor(URI.create("http://plain.example/x")).orElseThrow().reveal());
        // Another port is another server: the token must not follow the host there.
        assertTrue(c.tokenFor(URI.create("https://h.example:8443/npm/pkg")).isEmpty());
        assertTrue(c.tokenFor(URI.create("http://h.example/npm/pkg")).isEmpty());
        assertTrue(c.tokenFor(URI.create("https://plain.example:8080/x")).isEmpty());
    }

    @Test
    void theLongestMatchingPathWins() throws Exception {
        NpmrcConfig c = load("//h.example/:_authToken=outer\n//h.example/deep/path/:_authToken=inner\n", "", Map.of());
        assertEquals("inner", c.tokenFor(URI.create("https://h.example/deep/path/pkg")).orElseThrow().reveal());
        assertEquals("outer", c.tokenFor(URI.create("https://h.example/deep/pkg")).orElseThrow().reveal());
    }

    @Test
    void tokensNeverShowInTextAndAnUnsetVariableIsNotSentLiterally() throws Exception {
        NpmrcConfig c = load("//a.example/:_authToken=" + TOKEN + "\n//b.example/:_authToken=${MISSING_TOKEN}\n"
                + "//c.example/:_authToken=${MISSING_TOKEN?}\n", "", Map.of());
        assertFalse(c.toString().contains(TOKEN), c.toString());
        assertEquals("***", c.tokenFor(URI.create("https://a.example/x")).orElseThrow().toString());
        assertTrue(c.tokenFor(URI.create("https://b.example/x")).isEmpty());
        assertTrue(c.tokenFor(URI.create("https://c.example/x")).isEmpty());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("unset environment variable"), c.warnings().get(0));
        assertFalse(String.join("\n", c.warnings()).contains(TOKEN));
    }

    @Test
    void basicAuthIsReportedAsUnsupportedWithoutItsValue() throws Exception {
        NpmrcConfig c = load("//h.example/:_auth=dXNlcjpodW50ZXIy\n", "", Map.of());
        assertTrue(c.tokenFor(URI.create("https://h.example/x")).isEmpty());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("only _authToken"), c.warnings().get(0));
        assertFalse(c.warnings().get(0).contains("dXNlcjpodW50ZXIy"));
    }

    @Test
    void expansionFollowsNpm() {
        Map<String, String> env = Map.of("A", "1", "B", "two");
        assertEquals("x1y", NpmrcConfig.expand("x${A}y", env).orElseThrow());
        assertEquals("1-two", NpmrcConfig.expand("${A}-${B}", env).orElseThrow());
        assertEquals("${A}", NpmrcConfig.expand("\\${A}", env).orElseThrow());
        assertEquals("", NpmrcConfig.expand("${NOPE?}", env).orElseThrow());
        assertTrue(NpmrcConfig.expand("${NOPE}", env).isEmpty());
    }

    @Test
    void commentsAndNoiseAreIgnored() throws Exception {
        NpmrcConfig c = load("# registry=https://commented.example/\n; also a comment\n\nnot a setting\n"
                + "registry=https://real.example/\r\n", "", Map.of());
        assertEquals(URI.create("https://real.example/"), c.registry());
    }
}
