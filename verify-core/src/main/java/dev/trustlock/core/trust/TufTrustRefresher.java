package dev.trustlock.core.trust;

import dev.sigstore.json.JsonParseException;
import dev.sigstore.tuf.FileNotFoundException;
import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.InvalidHashesException;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.PassthroughCacheMetaStore;
import dev.sigstore.tuf.RoleExpiredException;
import dev.sigstore.tuf.RollbackVersionException;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.SignatureVerificationException;
import dev.sigstore.tuf.SigstoreTufClient;
import dev.sigstore.tuf.TargetMetadataMissingException;
import dev.sigstore.tuf.TrustedMetaStore;
import dev.sigstore.tuf.TufException;
import dev.sigstore.tuf.Updater;
import dev.sigstore.tuf.model.TargetMeta;
import dev.sigstore.tuf.model.TufMeta;
import dev.trustlock.core.io.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Refreshes the trust material through a Sigstore TUF repository (by default the public-good
 * one at {@value #PUBLIC_GOOD_MIRROR_TEXT}), using sigstore-java's TUF client: the root chain,
 * timestamp, snapshot and targets metadata are verified and cached, then the two targets
 * {@value #TRUSTED_ROOT_TARGET} and {@value #NPM_KEYS_TARGET} are downloaded and checked
 * against the signed targets metadata.
 *
 * <p>Every failure is a {@link TufRefreshException}; nothing here falls back to older material.
 * On top of the TUF client we re-check what it does not on every run: that none of the
 * trusted metadata has expired (the client skips the expiry checks when the mirror's timestamp
 * is unchanged since the last run) and that each target's bytes match the signed length and
 * hashes (the client trusts a cached target whose hashes match, and never checks its length).
 */
public final class TufTrustRefresher {

    private static final String PUBLIC_GOOD_MIRROR_TEXT = "https://tuf-repo-cdn.sigstore.dev";
    /** The Sigstore public-good TUF repository. */
    public static final URI PUBLIC_GOOD_MIRROR = URI.create(PUBLIC_GOOD_MIRROR_TEXT);
    /** The Sigstore trusted root target. */
    public static final String TRUSTED_ROOT_TARGET = "trusted_root.json";
    /** npm's registry keys target (signing keys for registry signatures and publish attestations). */
    public static final String NPM_KEYS_TARGET = "registry.npmjs.org/keys.json";

    private final URI mirror;
    private final Path cacheDir;
    private final RootProvider initialRoot;
    private final String initialRootDescription;
    private final Clock clock;
    private final Duration timeout;

    private TufTrustRefresher(URI mirror, Path cacheDir, RootProvider initialRoot, String initialRootDescription,
            Clock clock, Duration timeout) {
        this.mirror = mirror;
        this.cacheDir = cacheDir;
        this.initialRoot = initialRoot;
        this.initialRootDescription = initialRootDescription;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** How long one request to the mirror may take, body included, unless set otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** {@code ~/.cache/trustlock/tuf}, or under {@code $XDG_CACHE_HOME} when that is set. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("trustlock").resolve("tuf");
    }

    /** The public-good repository, anchored on the root.json embedded in sigstore-java. */
    public static TufTrustRefresher publicGood(Path cacheDir) {
        return builder().cacheDir(cacheDir).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration; every setting has a production default. */
    public static final class Builder {
        private URI mirror = PUBLIC_GOOD_MIRROR;
        private Path cacheDir = defaultCacheDir();
        private Optional<byte[]> initialRoot = Optional.empty();
        private String initialRootDescription = "the public-good root.json embedded in sigstore-java";
        private Clock clock = Clock.systemUTC();
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** How long one request may take, connect to last byte (it is tried twice). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** An http(s) mirror of a TUF repository (metadata at its root, targets under {@code targets/}). */
        public Builder mirror(URI mirror) {
            this.mirror = Objects.requireNonNull(mirror, "mirror");
            return this;
        }

        /** Where verified metadata and targets are kept between runs (one subdirectory per mirror). */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            return this;
        }

        /**
         * The root.json to trust when the cache holds none yet, for a repository other than
         * public-good. Once a root is cached, TUF only moves forward from the cached one.
         */
        public Builder initialRoot(byte[] rootJson, String description) {
            this.initialRoot = Optional.of(rootJson.clone());
            this.initialRootDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The clock expiry is judged by (tests only; production uses the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public TufTrustRefresher build() {
            String scheme = mirror.getScheme() == null ? "" : mirror.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || mirror.getHost() == null) {
                throw new IllegalArgumentException("TUF mirror must be an http(s) URL, got '" + mirror + "'");
            }
            RootProvider root = initialRoot.<RootProvider>map(bytes -> {
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                return () -> text;
            }).orElseGet(() -> RootProvider.fromResource(SigstoreTufClient.PUBLIC_GOOD_ROOT_RESOURCE));
            return new TufTrustRefresher(mirror, cacheDir, root, initialRootDescription, clock, timeout);
        }
    }

    public URI mirror() {
        return mirror;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Where this mirror's metadata and targets are cached: one directory per mirror, so roots never mix. */
    public Path mirrorCacheDir() {
        return cacheDir.resolve(mirrorSlug(mirror));
    }

    static String mirrorSlug(URI mirror) {
        String s = mirror.getHost().toLowerCase(Locale.ROOT)
                + (mirror.getPort() >= 0 ? "_" + mirror.getPort() : "")
                + (mirror.getPath() == null ? "" : mirror.getPath());
        s = s.replaceAll("[^A-Za-z0-9.-]+", "_").replaceAll("_+$", "");
        return s.isEmpty() ? "mirror" : s;
    }

    /**
     * Updates the TUF metadata from the mirror, downloads both targets and parses them.
     * Holds a lock on the cache so that two runs never interleave their writes.
     */
    public RefreshedTrust refresh() throws TufRefreshException {
        Path dir = mirrorCacheDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TufRefreshException(TufRefreshException.Reason.CACHE,
                    "cannot create the TUF cache directory " + dir + ": " + describe(e), e);
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            return refreshLocked(dir);
        } catch (OverlappingFileLockException e) {
            throw new TufRefreshException(TufRefreshException.Reason.CACHE,
                    "the TUF cache " + dir + " is already being refreshed by this process", e);
        } catch (IOException e) {
            throw new TufRefreshException(TufRefreshException.Reason.CACHE,
                    "cannot lock the TUF cache " + dir + ": " + describe(e), e);
        }
    }

    private RefreshedTrust refreshLocked(Path dir) throws TufRefreshException {
        FileSystemTufStore store;
        Updater updater;
        TrustedMetaStore meta;
        try {
            store = FileSystemTufStore.newFileSystemStore(dir);
            meta = TrustedMetaStore.newTrustedMetaStore(PassthroughCacheMetaStore.newPassthroughMetaCache(store));
            URI targetsUri = URI.create(mirror.toString().replaceAll("/+$", "") + "/targets");
            java.net.http.HttpClient http = BoundedTufFetcher.client(timeout);
            updater = Updater.builder()
                    .setClock(clock)
                    .setTrustedRootPath(initialRoot)
                    .setTrustedMetaStore(meta)
                    .setTargetStore(store)
                    .setMetaFetcher(MetaFetcher.newFetcher(new BoundedTufFetcher(http, mirror, timeout)))
                    .setTargetFetcher(new BoundedTufFetcher(http, targetsUri, timeout))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new TufRefreshException(TufRefreshException.Reason.CACHE,
                    "cannot set up the TUF client in " + dir + ": " + describe(e), e);
        }
        try {
            updater.updateMeta();
            int[] versions = checkNotExpired(meta);
            TufTarget root = download(updater, store, meta, TRUSTED_ROOT_TARGET);
            TufTarget keys = download(updater, store, meta, NPM_KEYS_TARGET);
            TrustMaterial material;
            try {
                material = TrustMaterial.fromStreams(new ByteArrayInputStream(root.bytes()),
                        new ByteArrayInputStream(keys.bytes()));
            } catch (TrustMaterialException e) {
                throw new TufRefreshException(TufRefreshException.Reason.REJECTED,
                        "the TUF targets from " + mirror + " verified but are not usable trust material: "
                                + e.getMessage(), e);
            }
            return new RefreshedTrust(material, mirror, root, keys, versions[0], versions[1], versions[2], versions[3],
                    earliestExpiry(meta));
        } catch (TufRefreshException e) {
            throw e;
        } catch (IOException | JsonParseException | RuntimeException e) {
            throw translate(e);
        }
    }

    /** Returns the root, targets, snapshot and timestamp versions once each is known to be unexpired. */
    private int[] checkNotExpired(TrustedMetaStore meta) throws IOException, JsonParseException, TufRefreshException {
        Instant now = clock.instant();
        List<Named> roles = List.of(new Named("root", meta.getRoot().getSignedMeta()),
                new Named("targets", meta.getTargets().getSignedMeta()),
                new Named("snapshot", meta.getSnapshot().getSignedMeta()),
                new Named("timestamp", meta.getTimestamp().getSignedMeta()));
        int[] versions = new int[roles.size()];
        for (int i = 0; i < roles.size(); i++) {
            Named r = roles.get(i);
            Instant expires = r.meta().getExpiresAsDate().toInstant();
            if (!expires.isAfter(now)) {
                throw new TufRefreshException(TufRefreshException.Reason.REJECTED,
                        "TUF " + r.role() + " metadata (version " + r.meta().getVersion() + ") from " + mirror
                                + " expired at " + expires + "; refusing stale trust material");
            }
            versions[i] = r.meta().getVersion();
        }
        return versions;
    }

    private record Named(String role, TufMeta meta) {
    }

    private static Instant earliestExpiry(TrustedMetaStore meta) throws IOException, JsonParseException {
        return List.of(meta.getRoot().getSignedMeta(), meta.getTargets().getSignedMeta(),
                        meta.getSnapshot().getSignedMeta(), meta.getTimestamp().getSignedMeta()).stream()
                .map(m -> m.getExpiresAsDate().toInstant())
                .min(Instant::compareTo)
                .orElseThrow();
    }

    private TufTarget download(Updater updater, FileSystemTufStore store, TrustedMetaStore meta, String name)
            throws IOException, JsonParseException, TufRefreshException {
        TargetMeta.TargetData data = meta.getTargets().getSignedMeta().getTargets().get(name);
        if (data == null) {
            throw new TufRefreshException(TufRefreshException.Reason.REJECTED,
                    "the TUF targets metadata from " + mirror + " lists no target '" + name + "'");
        }
        updater.downloadTarget(name);
        byte[] bytes = store.readTarget(name);
        return described(name, bytes, data.getLength(), Optional.ofNullable(data.getHashes().getSha256()),
                Optional.ofNullable(data.getHashes().getSha512()));
    }

    /**
     * The target, once its bytes are exactly what the signed targets metadata describes: its
     * length and every hash it lists (at least one). The TUF client checked the hashes already;
     * this holds whatever the client version does, and no target without a hash gets through.
     */
    TufTarget described(String name, byte[] bytes, long length, Optional<String> want256, Optional<String> want512)
            throws TufRefreshException {
        if (bytes.length != length) {
            throw new TufRefreshException(TufRefreshException.Reason.REJECTED,
                    "TUF target '" + name + "' from " + mirror + " is " + bytes.length
                            + " bytes but the signed targets metadata says " + length);
        }
        String sha256 = hex("SHA-256", bytes);
        if ((want256.isEmpty() && want512.isEmpty())
                || want256.filter(w -> !w.equalsIgnoreCase(sha256)).isPresent()
                || want512.filter(w -> !w.equalsIgnoreCase(hex("SHA-512", bytes))).isPresent()) {
            throw new TufRefreshException(TufRefreshException.Reason.REJECTED,
                    "TUF target '" + name + "' from " + mirror + " does not match the hashes in the signed targets metadata");
        }
        return new TufTarget(name, bytes, sha256);
    }

    private static String hex(String algorithm, byte[] bytes) {
        return HexFormat.of().formatHex(Digests.digest(algorithm, bytes));
    }

    /** One line per failure, naming the mirror; the cause is kept for --verbose. */
    private TufRefreshException translate(Exception e) {
        TufRefreshException.Reason rejected = TufRefreshException.Reason.REJECTED;
        if (e instanceof RoleExpiredException x) {
            return new TufRefreshException(rejected, "TUF metadata from " + mirror + " expired at "
                    + x.getRoleExpirationTime().toInstant() + " (checked at " + x.getUpdateTime().toInstant()
                    + "); refusing stale trust material", e);
        }
        if (e instanceof SignatureVerificationException x) {
            return new TufRefreshException(rejected, "TUF metadata from " + mirror + " failed signature verification: "
                    + x.getVerifiedSignatures() + " valid signature(s) of the " + x.getRequiredSignatures()
                    + " required", e);
        }
        if (e instanceof InvalidHashesException) {
            return new TufRefreshException(rejected, "TUF data from " + mirror
                    + " does not match the hashes in its signed metadata: " + describe(e), e);
        }
        if (e instanceof TargetMetadataMissingException) {
            return new TufRefreshException(rejected, "the TUF targets metadata from " + mirror
                    + " lacks a target: " + describe(e), e);
        }
        if (e instanceof FileNotFoundException) {
            return new TufRefreshException(TufRefreshException.Reason.UNREACHABLE,
                    "the TUF mirror " + mirror + " does not serve a required file: " + describe(e), e);
        }
        if (e instanceof JsonParseException) {
            return new TufRefreshException(rejected, "malformed TUF metadata from " + mirror + ": " + describe(e), e);
        }
        if (e instanceof RollbackVersionException) {
            return new TufRefreshException(rejected, "TUF metadata from " + mirror
                    + " is older than what was verified before (possible rollback attack): " + describe(e), e);
        }
        if (e instanceof TufException) {
            String m = describe(e);
            boolean http = m.startsWith("Unexpected return from mirror");
            return new TufRefreshException(http ? TufRefreshException.Reason.UNREACHABLE : rejected,
                    (http ? "the TUF mirror " + mirror + " answered with an error: "
                            : "TUF verification of " + mirror + " failed: ") + m, e);
        }
        if (e instanceof java.nio.file.FileSystemException) {
            // The store writes as it goes: a cache that stopped being writable is a local problem.
            return new TufRefreshException(TufRefreshException.Reason.CACHE,
                    "cannot update the TUF cache " + mirrorCacheDir() + ": " + describe(e), e);
        }
        if (e instanceof IOException) {
            return new TufRefreshException(TufRefreshException.Reason.UNREACHABLE,
                    "cannot fetch TUF metadata from " + mirror + ": " + describe(e), e);
        }
        return new TufRefreshException(rejected, "TUF update from " + mirror + " failed: " + describe(e)
                + " (initial root: " + initialRootDescription + ")", e);
    }

    /** The most telling message in the cause chain, without class-name noise where it adds nothing. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t.getMessage() == null || t.getMessage().isBlank() || t instanceof TufException)) {
            t = t.getCause();
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException) {
            return (t instanceof UnknownHostException ? "unknown host " : "") + TufRefreshException.oneLine(t.getMessage());
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : TufRefreshException.oneLine(m);
    }
}
