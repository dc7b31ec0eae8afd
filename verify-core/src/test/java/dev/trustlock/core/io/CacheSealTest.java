package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key that cache entries are sealed with: where it comes from, and what a seal binds. */
class CacheSealTest {

    @Test
    void aSealBindsEveryPartAndItsBoundaries() {
        CacheSeal seal = CacheSeal.withSecret("s");
        String s = seal.of("ab", "c");
        assertTrue(seal.checks(s, "ab", "c"));
        assertFalse(seal.checks(s, "a", "bc"), "parts are length-prefixed");
        assertFalse(seal.checks(s, "ab", "d"));
        assertFalse(seal.checks(s, "ab"));
        assertFalse(seal.checks(null, "ab", "c"));
        assertFalse(CacheSeal.withSecret("t").checks(s, "ab", "c"), "another key");
        assertFalse(seal.checks(s.toUpperCase(java.util.Locale.ROOT), "ab", "c"));
        assertThrows(IllegalArgumentException.class, () -> CacheSeal.withKey(new byte[15]));
        assertTrue(CacheSeal.withKey(new byte[16]).checks(CacheSeal.withKey(new byte[16]).of("x"), "x"), "16 bytes will do");
    }

    @Test
    void theUsersKeyIsMadeOnceReadableByThemAloneAndKeptAcrossRuns(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("config/trustlock/cache-key");
        CacheSeal first = CacheSeal.forUser(Map.of(), keyFile);
        assertTrue(Files.isRegularFile(keyFile));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keyFile));
        String sealed = first.of("x");
        assertTrue(CacheSeal.forUser(Map.of(), keyFile).checks(sealed, "x"), "the next run uses the same key");
        try (var left = Files.list(keyFile.getParent())) {
            assertEquals(1, left.count(), "no temporary file left beside it");
        }
        Path elsewhere = dir.resolve("other/cache-key");
        assertFalse(CacheSeal.forUser(Map.of(), elsewhere).checks(sealed, "x"), "another machine's key is random");
    }

    @Test
    void theSecretInTheEnvironmentWinsSoACiCacheServesTheNextRunner(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of(CacheSeal.SECRET_ENV, "from a CI secret");
        String sealed = CacheSeal.forUser(env, dir.resolve("a/cache-key")).of("x");
        assertTrue(CacheSeal.forUser(env, dir.resolve("b/cache-key")).checks(sealed, "x"));
        assertFalse(Files.exists(dir.resolve("a/cache-key")), "no key file is made when the secret is given");
        Path keyFile = dir.resolve("c/cache-key");
        assertNotEquals(sealed, CacheSeal.forUser(Map.of(CacheSeal.SECRET_ENV, " "), keyFile).of("x"), "blank is unset");
        assertTrue(Files.exists(keyFile));
    }

    @Test
    void aKeyFileThatHoldsNoKeyIsAnErrorNotAWeakKey(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("cache-key");
        for (String content : new String[] {"", "zz", "00", "0".repeat(62), "x".repeat(2000)}) {
            Files.writeString(keyFile, content);
            assertThrows(java.io.IOException.class, () -> CacheSeal.forUser(Map.of(), keyFile), content);
        }
        Files.writeString(keyFile, "ab".repeat(32) + "\n");
        assertTrue(CacheSeal.forUser(Map.of(), keyFile).checks(CacheSeal.withKey(hex("ab".repeat(32))).of("x"), "x"));
    }

    @Test
    void theKeyLivesInTheConfigurationDirectoryNeverInACache() {
        assertEquals(Path.of("/cfg/trustlock/cache-key"), CacheSeal.defaultKeyFile(Map.of("XDG_CONFIG_HOME", "/cfg")));
        assertEquals(Path.of(System.getProperty("user.home"), ".config", "trustlock", "cache-key"),
                CacheSeal.defaultKeyFile(Map.of()));
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
