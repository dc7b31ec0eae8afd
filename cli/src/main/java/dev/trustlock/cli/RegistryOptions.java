package dev.trustlock.cli;

import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.registry.NpmrcConfig;
import dev.trustlock.core.registry.RegistryCache;
import dev.trustlock.core.registry.RegistryClient;
import dev.trustlock.core.registry.RegistryClientOptions;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.verify.VerifiedResults;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where verify and fetch get registry documents from: shared options, one place to build the source. */
final class RegistryOptions {

    @Option(names = "--registry", paramLabel = "URL",
            description = "Registry to ask (default: from .npmrc / npm_config_registry, else registry.npmjs.org).")
    String registry;

    @Option(names = "--offline", description = "Use only the on-disk cache; a package not cached is unverifiable.")
    boolean offline;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Requests in flight at most (default: ${DEFAULT-VALUE}); signatures are checked on one "
                    + "thread per core, never more than this.")
    int concurrency;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries on 429/5xx/timeouts, with backoff honouring Retry-After (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = {"Registry cache directory (default: per user), also where "
            + "verified attestation results are kept between runs; with --snapshot, only when given. Entries are "
            + "sealed with TRUSTLOCK_CACHE_SECRET when set, else a per-user key in ~/.config/trustlock; an entry "
            + "sealed otherwise is fetched and verified again."})
    Path cacheDir;

    /** {@link #seal()}, once asked: reading (or making) the key is I/O. */
    private Optional<CacheSeal> seal;

    int concurrency() {
        if (concurrency < 1 || concurrency > 256) {
            throw new UserError("--concurrency must be between 1 and 256, got " + concurrency);
        }
        return concurrency;
    }

    RegistryClientOptions clientOptions() {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) {
            throw new UserError("--timeout must be more than 0 and at most 600 seconds");
        }
        if (retries < 0 || retries > 10) {
            throw new UserError("--retries must be between 0 and 10, got " + retries);
        }
        RegistryClientOptions d = RegistryClientOptions.defaults();
        return d.withMaxConcurrency(concurrency())
                .withRequestTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000)))
                .withRetries(retries, d.backoffBase(), d.backoffMax())
                .withOffline(offline);
    }

    /** A client for {@code projectDir}'s .npmrc, the user's and the environment; --registry wins over all. */
    RegistrySource client(Path projectDir) throws LockfileException {
        return client(config(projectDir));
    }

    NpmrcConfig config(Path projectDir) throws LockfileException {
        NpmrcConfig config;
        if (registry != null) {
            URI uri;
            try {
                uri = URI.create(registry.endsWith("/") ? registry : registry + "/");
            } catch (IllegalArgumentException e) {
                throw new UserError("--registry is not a URL: " + registry);
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new UserError("--registry must be an absolute http(s) URL, got " + registry);
            }
            // Said now, once, rather than as one unverifiable package per request later; the
            // client's own rule decides.
            if (!dev.trustlock.core.registry.RegistryUrls.allowed(uri)) {
                throw new UserError("--registry must use https (plain http only to a loopback address), got " + registry);
            }
            Map<String, String> env = new HashMap<>(System.getenv());
            env.keySet().removeIf(k -> k.equalsIgnoreCase("npm_config_registry"));
            env.put("npm_config_registry", uri.toString());
            Optional<Path> user = Optional.ofNullable(System.getProperty("user.home")).map(h -> Path.of(h, ".npmrc"));
            config = NpmrcConfig.load(Optional.of(projectDir.resolve(".npmrc")), user, env);
        } else {
            config = NpmrcConfig.forProject(projectDir);
        }
        return config;
    }

    RegistrySource client(NpmrcConfig config) {
        RegistryClientOptions options = clientOptions();
        Optional<RegistryCache> cache = seal().map(s -> new RegistryCache(cacheDirectory(), s));
        return offline ? RegistryClient.offline(config, cache.orElseThrow(), options)
                : new RegistryClient(config, cache, options);
    }

    private Path cacheDirectory() {
        return cacheDir != null ? usableCacheDir() : RegistryCache.defaultDirectory();
    }

    /**
     * The key the cache's entries are sealed with, never kept in the cache (see {@link CacheSeal}).
     * Without one there is no cache: said as a usage error when --cache-dir or --offline asked for
     * one, else the run only goes without.
     */
    private Optional<CacheSeal> seal() {
        if (seal == null) {
            try {
                seal = Optional.of(CacheSeal.forUser());
            } catch (java.io.IOException | RuntimeException e) {
                if (cacheDir != null || offline) {
                    throw new UserError("the cache needs its key, kept at " + CacheSeal.defaultKeyFile(System.getenv())
                            + ", which cannot be made or read (" + e.getMessage() + "); set " + CacheSeal.SECRET_ENV
                            + " instead");
                }
                seal = Optional.empty();
            }
        }
        return seal;
    }

    /**
     * Where verified attestation results are kept: the registry cache's directory. From a
     * snapshot only when --cache-dir names one: an audit run from a snapshot writes nothing of its
     * own accord.
     */
    Optional<VerifiedResults.Store> verifiedCache(boolean fromSnapshot) {
        if (fromSnapshot && cacheDir == null) {
            return Optional.empty();
        }
        return seal().map(s -> new VerifiedResults.Store(cacheDirectory().resolve("verified"), s));
    }

    /**
     * The --cache-dir the user named, created if missing: one that is a file, cannot be created or
     * cannot be written is a usage error (exit 2), said before any work rather than found out as
     * a slow run that caches nothing.
     */
    Path usableCacheDir() {
        try {
            if (Files.exists(cacheDir) && !Files.isDirectory(cacheDir)) {
                throw new UserError("--cache-dir " + cacheDir + " is not a directory");
            }
            Files.createDirectories(cacheDir);
        } catch (java.io.IOException e) {
            throw new UserError("--cache-dir " + cacheDir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(cacheDir)) {
            throw new UserError("--cache-dir " + cacheDir + " is not writable");
        }
        return cacheDir;
    }

    static SnapshotRegistry snapshot(Path dir) throws LockfileException {
        return SnapshotRegistry.open(dir);
    }
}
