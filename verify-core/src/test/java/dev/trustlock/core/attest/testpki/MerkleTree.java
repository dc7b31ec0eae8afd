package dev.trustlock.core.attest.testpki;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 6962 Merkle tree over whole leaves (Rekor hashes each canonicalized entry body as one
 * leaf): leaf hash {@code SHA-256(0x00 || leaf)}, node hash {@code SHA-256(0x01 || left || right)},
 * audit paths ordered from the leaf upwards, as Rekor returns them in an inclusion proof.
 */
final class MerkleTree {

    private final List<byte[]> leafHashes;

    MerkleTree(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        leafHashes = new ArrayList<>();
        for (byte[] leaf : leaves) {
            leafHashes.add(leafHash(leaf));
        }
    }

    int size() {
        return leafHashes.size();
    }

    byte[] root() {
        return hash(0, leafHashes.size());
    }

    /** PATH(m, D[0:n]) of RFC 6962 section 2.1.1. */
    List<byte[]> auditPath(int index) {
        List<byte[]> out = new ArrayList<>();
        path(index, 0, leafHashes.size(), out);
        return out;
    }

    static byte[] leafHash(byte[] leaf) {
        byte[] in = new byte[leaf.length + 1];
        in[0] = 0x00;
        System.arraycopy(leaf, 0, in, 1, leaf.length);
        return TestPki.sha256(in);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        byte[] in = new byte[1 + left.length + right.length];
        in[0] = 0x01;
        System.arraycopy(left, 0, in, 1, left.length);
        System.arraycopy(right, 0, in, 1 + left.length, right.length);
        return TestPki.sha256(in);
    }

    private void path(int m, int lo, int hi, List<byte[]> out) {
        int n = hi - lo;
        if (n == 1) {
            return;
        }
        int k = splitPoint(n);
        if (m - lo < k) {
            path(m, lo, lo + k, out);
            out.add(hash(lo + k, hi));
        } else {
            path(m, lo + k, hi, out);
            out.add(hash(lo, lo + k));
        }
    }

    private byte[] hash(int lo, int hi) {
        int n = hi - lo;
        if (n == 1) {
            return leafHashes.get(lo);
        }
        int k = splitPoint(n);
        return nodeHash(hash(lo, lo + k), hash(lo + k, hi));
    }

    /** The largest power of two smaller than n (n > 1). */
    private static int splitPoint(int n) {
        int k = Integer.highestOneBit(n);
        return k == n ? k >>> 1 : k;
    }
}
