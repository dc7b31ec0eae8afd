package dev.trustlock.core.trust;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.io.Limits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust files in the default place count only as sealed, both together, exactly as written. */
class SealedTrustFilesTest {

    private static final CacheSeal SEAL = CacheSeal.withSecret("tests");

    @Test
    void bothFilesAsWrittenUnderTheUsersKeyAndNothingElse(@TempDir Path dir) throws Exception {
        byte[] root = "{\"root\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] keys = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
        assertFalse(SealedTrustFiles.sealed(dir, SEAL), "nothing there");
        Files.write(dir.resolve(SealedTrustFiles.TRUSTED_ROOT), root);
        Files.write(dir.resolve(SealedTrustFiles.NPM_KEYS), keys);
        assertFalse(SealedTrustFiles.sealed(dir, SEAL), "files without a seal");
        SealedTrustFiles.seal(dir, root, keys, SEAL);
        assertTrue(SealedTrustFiles.sealed(dir, SEAL));
        assertFalse(SealedTrustFiles.sealed(dir, CacheSeal.withSecret("someone else")), "another key");
        Files.write(dir.resolve(SealedTrustFiles.NPM_KEYS), root);
        Files.write(dir.resolve(SealedTrustFiles.TRUSTED_ROOT), keys);
        assertFalse(SealedTrustFiles.sealed(dir, SEAL), "the two swapped");
        Files.write(dir.resolve(SealedTrustFiles.TRUSTED_ROOT), root);
        Files.write(dir.resolve(SealedTrustFiles.NPM_KEYS), "{\"keys\":[{}]}".getBytes(StandardCharsets.UTF_8));
        assertFalse(SealedTrustFiles.sealed(dir, SEAL), "one edited");
        Files.write(dir.resolve(SealedTrustFiles.NPM_KEYS), keys);
        assertTrue(SealedTrustFiles.sealed(dir, SEAL), "restored");
        byte[] largest = new byte[(int) Limits.DOCUMENT_BYTES];
        Files.write(dir.resolve(SealedTrustFiles.NPM_KEYS), largest);
        SealedTrustFiles.seal(dir, root, largest, SEAL);
        assertTrue(SealedTrustFiles.sealed(dir, SEAL), "as large as trust material may be");
        byte[] huge = new byte[(int) Limits.DOCUMENT_BYTES + 1];
        Files.write(dir.resolve(SealedTrustFiles.NPM_KEYS), huge);
        SealedTrustFiles.seal(dir, root, huge, SEAL); // sealed, so only the bound can refuse it
        assertFalse(SealedTrustFiles.sealed(dir, SEAL), "larger than trust material may be");
    }
}
