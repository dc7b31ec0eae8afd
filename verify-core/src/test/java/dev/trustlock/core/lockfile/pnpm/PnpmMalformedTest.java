package dev.trustlock.core.lockfile.pnpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and hostile pnpm-lock.yaml files end in a one-line LockfileException naming the file. */
class PnpmMalformedTest {

    @TempDir
    Path dir;

    private LockfileException fails(String content) throws Exception {
        Path file = dir.resolve("pnpm-lock.yaml");
        Files.writeString(file, content);
        LockfileException e = assertThrows(LockfileException.class, () -> new PnpmLockfileReader().read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void invalidYamlReportsLineAndColumn() throws Exception {
        LockfileException e = fails("lockfileVersion: '9.0'\n\npackages:\n  foo@1.0.0:\n    resolution: {integrity: x\n  bar: [\n");
        assertTrue(e.line() >= 5, "line " + e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
    }

    @Test
    void aliasBombIsRefusedNotExpanded() throws Exception {
        StringBuilder y = new StringBuilder("lockfileVersion: '9.0'\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            y.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        LockfileException e = fails(y.toString());
        assertTrue(e.getMessage().toLowerCase().contains("alias"), e.getMessage());
    }

    @Test
    void truncatedRealLockfileFails() throws Exception {
        String real = Files.readString(Fixtures.testdata("lockfiles/pnpm-small/v9.0-workspace/pnpm-lock.yaml"));
        // Cut inside a flow mapping: "resolution: {integrity: sha512-...": YAML cannot close it.
        int cut = real.indexOf("resolution: {integrity: ") + 40;
        LockfileException e = fails(real.substring(0, cut));
        assertTrue(e.line() > 0, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"'4.0'", "3", "'10.0'", "10", "'banana'"})
    void unsupportedVersionIsNamed(String version) throws Exception {
        LockfileException e = fails("lockfileVersion: " + version + "\npackages: {}\n");
        String seen = version.replace("'", "");
        assertTrue(e.getMessage().contains("'" + seen + "'"), e.getMessage());
    }

    @Test
    void missingVersionIsRefused() throws Exception {
        LockfileException e = fails("packages:\n  /foo/1.0.0:\n    resolution: {integrity: sha512-AA==}\n");
        assertTrue(e.getMessage().contains("lockfileVersion"), e.getMessage());
    }

    @Test
    void topLevelThatIsNotAMappingIsRefused() throws Exception {
        fails("- lockfileVersion\n- '9.0'\n");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        fails("\n\n");
    }
}
