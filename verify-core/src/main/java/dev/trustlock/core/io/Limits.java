package dev.trustlock.core.io;

/**
 * Every bound trustlock puts on what it reads, in one place, so that hostile input costs at most
 * this much and each limit is documented (docs/robustness.md lists them, generated from here).
 * Each one is generous for real data and says why; exceeding any is a clear error naming the
 * input, never a crash, a hang or a silent truncation.
 */
public final class Limits {

    private Limits() {
    }

    /**
     * Lockfiles, package.json, policies, SBOMs, snapshot indexes: the largest real lockfile in the
     * test data (5,591 entries) is 3.6 MB; raise it with {@code -Dtrustlock.maxLockfileBytes}.
     */
    public static final long LOCKFILE_BYTES = 32L * 1024 * 1024;

    /**
     * A packument, from the network or a snapshot: the largest seen in real use (typescript's,
     * with thousands of nightly versions) is about 11 MB uncompressed; this leaves room for ten
     * times that and refuses the 200 MB an attacker could serve.
     */
    public static final long PACKUMENT_BYTES = 128L * 1024 * 1024;

    /** An attestations response, a keys list, trust material: real ones are 5 to 20 KB. */
    public static final long DOCUMENT_BYTES = 8L * 1024 * 1024;

    /** Nesting of lockfile and packument JSON; npm's deepest real trees are under 50. */
    public static final int JSON_DEPTH = 400;

    /** Nesting of attestation JSON (bundles, statements, log bodies); real ones are under 10. */
    public static final int ATTESTATION_JSON_DEPTH = 64;

    /** Nesting of YAML (pnpm-lock.yaml, yarn berry, policies); real ones are under 10. */
    public static final int YAML_DEPTH = 100;

    /** YAML aliases per document: pnpm and yarn write none; a few allow for hand-written policies. */
    public static final int YAML_ALIASES = 50;

    /** One JSON string (an inline script, a base64 body): real ones are at most a few hundred KB. */
    public static final int STRING_CHARS = 8 * 1024 * 1024;

    /** Distinct packages in one graph: the largest real monorepo lockfiles hold about 10,000. */
    public static final int PACKAGES = 200_000;

    /** Certificates a bundle may list after its leaf: Fulcio's chain is intermediate and root. */
    public static final int BUNDLE_CHAIN = 4;

    /** Transparency-log entries per bundle: one per log, so one in practice. */
    public static final int TLOG_ENTRIES = 4;

    /** Inclusion-proof hashes: a proof in a tree of 2^64 entries is 64 hashes long. */
    public static final int PROOF_HASHES = 64;

    /** Registry signatures per version: the registry writes one per key in force. */
    public static final int REGISTRY_SIGNATURES = 8;
}
