package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trustlock.core.attest.ParsedBundle.InclusionProof;
import dev.trustlock.core.attest.ParsedBundle.TlogEntry;
import dev.trustlock.core.io.Digests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 9162 audit paths at a log's edges, built by hand: the first entry of a log (index 0, which
 * the synthetic bundles never use), a log of one entry (an empty path), and indexes just outside
 * the tree.
 */
class InclusionProofTest {

    private static final byte[] A = "entry a".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = "entry b".getBytes(StandardCharsets.UTF_8);

    private static byte[] leaf(byte[] body) {
        byte[] in = new byte[body.length + 1];
        System.arraycopy(body, 0, in, 1, body.length);
        return Digests.sha256(in);
    }

    private static byte[] node(byte[] left, byte[] right) {
        byte[] in = new byte[65];
        in[0] = 1;
        System.arraycopy(left, 0, in, 1, 32);
        System.arraycopy(right, 0, in, 33, 32);
        return Digests.sha256(in);
    }

    private static void check(byte[] body, long index, long size, byte[] root, byte[]... path) throws Failure {
        TlogEntry entry = new TlogEntry(index, "00", "intoto", "0.0.2", 0, Optional.empty(), Optional.empty(), body, "");
        TlogChecks.inclusionProof(entry, new InclusionProof(index, root, size, List.of(path), Optional.empty()));
    }

    @Test
    void theFirstEntriesOfALogAreProvenIncluded() {
        assertDoesNotThrow(() -> check(A, 0, 1, leaf(A)));
        byte[] root = node(leaf(A), leaf(B));
        assertDoesNotThrow(() -> check(A, 0, 2, root, leaf(B)));
        assertDoesNotThrow(() -> check(B, 1, 2, root, leaf(A)));
    }

    @Test
    void anIndexOutsideTheTreeOrAPathForAnotherEntryIsRefused() {
        byte[] root = node(leaf(A), leaf(B));
        for (long[] bad : new long[][] {{-1, 2}, {2, 2}, {0, 0}, {1, 1}}) {
            Failure f = assertThrows(Failure.class, () -> check(A, bad[0], bad[1], root, leaf(B)));
            assertEquals(ReasonCode.INCLUSION_PROOF_INVALID, f.code());
        }
        assertThrows(Failure.class, () -> check(B, 0, 2, root, leaf(B)), "B's body on A's path");
        assertThrows(Failure.class, () -> check(A, 0, 1, leaf(B)), "a one-entry log of another entry");
        assertThrows(Failure.class, () -> check(A, 0, 2, root), "a path too short for the tree");
        assertThrows(Failure.class, () -> check(A, 0, 1, leaf(A), leaf(B)), "a path too long for the tree");
    }
}
