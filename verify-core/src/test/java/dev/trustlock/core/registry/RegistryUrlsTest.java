package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which URLs may be contacted, what counts as one origin, and what of a URL may be printed. */
class RegistryUrlsTest {

    @Test
    void plainHttpOnlyToALiteralLoopbackHost() {
        assertTrue(RegistryUrls.allowed(URI.create("http://127.255.255.255/")));
        assertTrue(RegistryUrls.allowed(URI.create("HTTP://LOCALHOST:4873/")));
        assertTrue(RegistryUrls.allowed(URI.create("http://[0:0:0:0:0:0:0:1]/")));
        assertFalse(RegistryUrls.allowed(URI.create("http://127.0.0.256/")), "not an address");
        assertFalse(RegistryUrls.allowed(URI.create("http://127.0.0/")));
        assertFalse(RegistryUrls.allowed(URI.create("http://127.0.0.1234/")));
        assertFalse(RegistryUrls.allowed(URI.create("http://localhost.evil.test/")));
        assertFalse(RegistryUrls.allowed(URI.create("http://10.0.0.1/")));
        assertFalse(RegistryUrls.allowed(URI.create("ftp://registry.example/")));
        assertFalse(RegistryUrls.allowed(URI.create("file:///etc/passwd")));
        assertFalse(RegistryUrls.allowed(URI.create("https:///no-host")));
    }

    @Test
    void anOriginIsSchemeHostAndEffectivePort() {
        URI plain = URI.create("https://Registry.Example/npm/");
        assertTrue(RegistryUrls.sameOrigin(plain, URI.create("https://registry.example:443/other")));
        assertFalse(RegistryUrls.sameOrigin(plain, URI.create("https://registry.example:8443/npm/")));
        assertFalse(RegistryUrls.sameOrigin(plain, URI.create("http://registry.example/npm/")));
        assertFalse(RegistryUrls.sameOrigin(plain, URI.create("https://registry.example.evil.test/npm/")));
        assertFalse(RegistryUrls.sameOrigin(plain, URI.create("/relative")));
        assertEquals(80, RegistryUrls.port(URI.create("http://h.example/")));
        assertEquals(443, RegistryUrls.port(URI.create("https://h.example/")));
        assertEquals(8080, RegistryUrls.port(URI.create("https://h.example:8080/")));
        assertEquals("https://registry.example:8443/", RegistryUrls.origin(URI.create("HTTPS://Registry.Example:8443/a/b")));
        assertEquals("http://h.example/", RegistryUrls.origin(URI.create("http://h.example/x?y")));
        assertEquals("https://h.example/", RegistryUrls.origin(URI.create("https://H.example:443/a")), "the default port is no other origin");
        assertEquals("http://h.example/", RegistryUrls.origin(URI.create("http://h.example:80/a")));
        assertEquals("http://h.example:443/", RegistryUrls.origin(URI.create("http://h.example:443/a")));
    }

    @Test
    void aPrintedUrlKeepsNoCredentialsQueryOrFragment() {
        URI u = URI.create("https://user:s3cret@Registry.Example:8443/api/npm/@scope%2fname?token=s3cret#frag");
        String shown = RegistryUrls.display(u);
        assertEquals("https://registry.example:8443/api/npm/@scope%2fname", shown);
        assertFalse(shown.contains("s3cret"), shown);
        assertEquals("https://h.example", RegistryUrls.display(URI.create("https://h.example")));
    }

    @Test
    void aRegistryUrlIsNormalisedAndStrippedOfCredentials() {
        assertEquals(URI.create("https://h.example:8443/npm/"),
                RegistryUrls.normalizeRegistry(" HTTPS://u:p@H.example:8443/npm?x=1 "));
        assertEquals(URI.create("https://h.example/"), RegistryUrls.normalizeRegistry("https://h.example"));
        assertThrows(IllegalArgumentException.class, () -> RegistryUrls.normalizeRegistry("registry.example/npm"));
        assertThrows(IllegalArgumentException.class, () -> RegistryUrls.normalizeRegistry("https://h.example/a b"));
    }

    @Test
    void namesAndVersionsCannotWalkOutOfThePathAndHaveNpmsLengthLimits() {
        assertTrue(RegistryUrls.validName("a".repeat(214)));
        assertFalse(RegistryUrls.validName("a".repeat(215)));
        assertTrue(RegistryUrls.validName("@scope/Old_Name.js"));
        for (String bad : new String[] {null, "", "../etc", "a/b", "@scope/../x", "@/x", ".hidden", "a b", "a%2fb"}) {
            assertFalse(RegistryUrls.validName(bad), String.valueOf(bad));
        }
        assertTrue(RegistryUrls.validVersion("1" + ".0".repeat(127) + "0"));
        assertFalse(RegistryUrls.validVersion("1" + ".0".repeat(128)));
        for (String bad : new String[] {null, "", "-1.0.0", "1.0.0/../../x", "1.0.0?x", "1 .0"}) {
            assertFalse(RegistryUrls.validVersion(bad), String.valueOf(bad));
        }
        assertEquals(URI.create("https://r.example/npm/@scope%2fname"),
                RegistryUrls.packument(URI.create("https://r.example/npm/"), "@scope/name"));
        assertEquals(URI.create("https://r.example/-/npm/v1/attestations/@scope%2fname@1.0.0"),
                RegistryUrls.attestations(URI.create("https://r.example/"), "@scope/name", "1.0.0"));
    }
}
