package dev.trustlock.core.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.trustlock.core.io.LimitedBodySubscriber;
import dev.trustlock.core.io.Limits;
import dev.trustlock.core.registry.RegistryResult.Failed;
import dev.trustlock.core.registry.RegistryResult.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The npm registry over HTTPS (HTTP/2 preferred; plain http only to loopback). Thread-safe.
 * Bounded: requests in flight, time per attempt, body size, retries, redirects (same origin
 * only, followed here rather than by the HTTP client so each hop is checked and gets its own
 * credentials decision). Every outcome is a {@link RegistryResult}; nothing throws.
 */
public final class RegistryClient implements RegistrySource {

    static final String USER_AGENT = "trustlock/0.1 (+https://github.com/trustlock)";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.JSON_DEPTH)
                    .maxStringLength(Limits.STRING_CHARS)
                    .maxNumberLength(1000)
                    .build())
            .build();

    private enum Kind { PACKUMENT, ATTESTATIONS, KEYS }

    private final NpmrcConfig config;
    private final Optional<RegistryCache> cache;
    private final RegistryClientOptions options;
    private final AsyncPermits permits;
    private final HttpClient http;
    private final OriginHealth health = new OriginHealth();
    private final java.util.concurrent.atomic.LongAdder wireBytes = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder notModified = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder cacheHits = new java.util.concurrent.atomic.LongAdder();

    public RegistryClient(NpmrcConfig config, Optional<RegistryCache> cache, RegistryClientOptions options) {
        this.config = Objects.requireNonNull(config, "config");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.options = Objects.requireNonNull(options, "options");
        this.permits = new AsyncPermits(options.maxConcurrency());
        if (options.offline()) {
            this.http = null;
        } else {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(options.requestTimeout());
            config.proxy().ifPresent(b::proxy);
            this.http = b.build();
        }
    }

    /** Cache only: the network is never touched and a miss is {@link Reason#OFFLINE_MISS}. */
    public static RegistryClient offline(NpmrcConfig config, RegistryCache cache, RegistryClientOptions options) {
        return new RegistryClient(config, Optional.of(cache), options.withOffline(true));
    }

    @Override
    public RegistryResult packument(String name) {
        return RegistryResult.await(packumentAsync(name, Runnable::run));
    }

    @Override
    public CompletableFuture<RegistryResult> packumentAsync(String name, Executor blocking) {
        if (!RegistryUrls.validName(name)) {
            return done(RegistryResult.failed(Reason.INVALID_REQUEST, "not a valid npm package name"));
        }
        return fetchAsync(RegistryUrls.packument(config.registryFor(name), name), Kind.PACKUMENT, blocking);
    }

    @Override
    public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
        return RegistryResult.await(attestationsAsync(name, version, advertisedUrl, Runnable::run));
    }

    @Override
    public CompletableFuture<RegistryResult> attestationsAsync(String name, String version,
            Optional<String> advertisedUrl, Executor blocking) {
        if (!RegistryUrls.validName(name) || !RegistryUrls.validVersion(version)) {
            return done(RegistryResult.failed(Reason.INVALID_REQUEST, "not a valid npm package name and version"));
        }
        URI registry = config.registryFor(name);
        Optional<Failed> foreign = checkAdvertised(registry, advertisedUrl);
        if (foreign.isPresent()) {
            return done(foreign.get());
        }
        return fetchAsync(RegistryUrls.attestations(registry, name, version), Kind.ATTESTATIONS, blocking);
    }

    /** The packument's attestations URL must be on the registry's own origin. */
    static Optional<Failed> checkAdvertised(URI registry, Optional<String> advertisedUrl) {
        if (advertisedUrl.isEmpty()) {
            return Optional.empty();
        }
        Optional<URI> adv = RegistryUrls.parse(advertisedUrl.get());
        if (adv.isEmpty() || !RegistryUrls.sameOrigin(registry, adv.get())) {
            String shown = adv.map(RegistryUrls::display).orElse("an unparsable URL");
            return Optional.of(new Failed(Reason.FOREIGN_ORIGIN, "attestations URL " + shown
                    + " is not on the registry's origin " + RegistryUrls.display(registry)));
        }
        return Optional.empty();
    }

    @Override
    public RegistryResult keys() {
        return keys(config.registry());
    }

    @Override
    public RegistryResult keys(URI registry) {
        return RegistryResult.await(keysAsync(registry, Runnable::run));
    }

    @Override
    public CompletableFuture<RegistryResult> keysAsync(URI registry, Executor blocking) {
        return fetchAsync(RegistryUrls.keys(registry), Kind.KEYS, blocking);
    }

    @Override
    public URI registryFor(String name) {
        return config.registryFor(name);
    }

    @Override
    public java.util.Set<URI> registries() {
        return config.registries();
    }

    @Override
    public java.util.SortedMap<String, String> outages() {
        return health.outages();
    }

    @Override
    public Transfers transfers() {
        return new Transfers(requests.sum(), notModified.sum(), cacheHits.sum(), wireBytes.sum());
    }

    private long limit(Kind kind) {
        return kind == Kind.PACKUMENT ? options.maxPackumentBytes() : options.maxDocumentBytes();
    }

    /** {@link #fetchAsync(URI, Kind)} with the cache read on {@code cacheReads}: disk, not network. */
    private CompletableFuture<RegistryResult> fetchAsync(URI url, Kind kind, Executor cacheReads) {
        return CompletableFuture.supplyAsync(() -> fetchAsync(url, kind), cacheReads).thenCompose(answer -> answer)
                .exceptionally(error -> unexpected(error, url));
    }

    /**
     * The document at {@code url}: from the cache when it may be, else from the network, with
     * retries. Never completes exceptionally. The cache is read on the calling thread; nothing
     * after that holds one: permits are queued, requests are asynchronous, and a retry's wait
     * is a timer.
     */
    private CompletableFuture<RegistryResult> fetchAsync(URI url, Kind kind) {
        long limit = limit(kind);
        Optional<RegistryCache.Entry> cached = cache.flatMap(c -> c.get(url, limit));
        if (options.offline()) {
            if (cached.isEmpty()) {
                return done(RegistryResult.failed(Reason.OFFLINE_MISS, "offline and not cached: " + RegistryUrls.display(url)));
            }
            return done(toResult(cached.get(), url));
        }
        if (kind == Kind.ATTESTATIONS && cached.isPresent() && cached.get().status() == 200) {
            // A version's attestations never change once published (they are signed over its
            // tarball): a cached copy is used without asking again. A cached 404 is re-asked.
            cacheHits.increment();
            return done(toResult(cached.get(), url));
        }
        if (!RegistryUrls.allowed(url)) {
            return done(RegistryResult.failed(Reason.INSECURE_URL,
                    "refusing " + RegistryUrls.display(url) + ": only https, or http to a loopback address"));
        }
        return attempt(url, limit, cached, 0);
    }

    private CompletableFuture<RegistryResult> attempt(URI url, long limit, Optional<RegistryCache.Entry> cached,
            int attempt) {
        return permits.acquire()
                .thenCompose(held -> {
                    // Asked with the permit held: requests queued for one before the breaker
                    // tripped must not go out after it.
                    Optional<String> down = health.outage(url);
                    if (down.isPresent()) {
                        return CompletableFuture.completedFuture(Attempt.done(RegistryResult.failed(Reason.REGISTRY_DOWN,
                                down.get())));
                    }
                    health.sending(url);
                    return exchange(url, url, limit, cached, 0);
                })
                .handle((a, error) -> {
                    permits.release();
                    return a != null ? a : Attempt.done(unexpected(error, url));
                })
                .thenCompose(a -> afterAttempt(url, limit, cached, attempt, a))
                .exceptionally(error -> unexpected(error, url));
    }

    private CompletableFuture<RegistryResult> afterAttempt(URI url, long limit, Optional<RegistryCache.Entry> cached,
            int attempt, Attempt a) {
        if (a.result() instanceof Failed f && f.reason() == Reason.REGISTRY_DOWN) {
            return done(a.result()); // not sent: says nothing new about the origin
        }
        if (a.transportFailure()) {
            health.failed(url, ((Failed) a.result()).detail());
        } else {
            health.answered(url);
        }
        if (!a.retry() || attempt >= options.maxRetries()) {
            return done(a.retry() ? withAttempts(a.result(), attempt + 1) : a.result());
        }
        if (!health.takeRetry(url)) {
            Failed f = (Failed) a.result();
            return done(new Failed(f.reason(), f.detail() + " (no retry: this run's " + OriginHealth.RETRY_BUDGET
                    + " retries for " + RegistryUrls.origin(url) + " are spent)"));
        }
        Duration wait = a.retryAfter().isPresent() ? capRetryAfter(a.retryAfter().get()) : backoff(attempt);
        return CompletableFuture.supplyAsync(() -> attempt(url, limit, cached, attempt + 1),
                options.retryTimer().after(wait)).thenCompose(next -> next);
    }

    private static CompletableFuture<RegistryResult> done(RegistryResult r) {
        return CompletableFuture.completedFuture(r);
    }

    /** A failure no branch above foresaw (a bug, not the registry's doing): still an answer, never a pass. */
    private static RegistryResult unexpected(Throwable error, URI url) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return RegistryResult.failed(Reason.IO_ERROR, "reading " + RegistryUrls.display(url) + " failed: "
                + (cause == null ? "unknown error" : cause.getClass().getSimpleName()));
    }

    private Duration capRetryAfter(Duration d) {
        return d.compareTo(options.retryAfterCap()) > 0 ? options.retryAfterCap() : d;
    }

    private static RegistryResult withAttempts(RegistryResult r, int attempts) {
        if (r instanceof Failed f) {
            return new Failed(f.reason(), f.detail() + " (after " + attempts + " attempts)");
        }
        return r;
    }

    /** base·2^attempt, capped, plus up to half of that again as jitter so many clients spread out. */
    Duration backoff(int attempt) {
        long base = options.backoffBase().toMillis();
        long d = Math.min(options.backoffMax().toMillis(), base << Math.min(attempt, 20));
        long jitter = d <= 1 ? 0 : ThreadLocalRandom.current().nextLong(d / 2 + 1);
        return Duration.ofMillis(d + jitter);
    }

    private record Attempt(RegistryResult result, boolean retry, Optional<Duration> retryAfter) {
        static Attempt done(RegistryResult r) {
            return new Attempt(r, false, Optional.empty());
        }

        /** No answer at all (timeout, refused, reset): what trips the origin's breaker. */
        boolean transportFailure() {
            return result instanceof Failed f && (f.reason() == Reason.TIMEOUT || f.reason() == Reason.IO_ERROR) && retry;
        }

        static Attempt again(Reason reason, String detail, Optional<Duration> retryAfter) {
            return new Attempt(new Failed(reason, detail), true, retryAfter);
        }
    }

    /** One request and the same-origin redirects it leads to; never completes exceptionally. */
    private CompletableFuture<Attempt> exchange(URI url, URI current, long limit, Optional<RegistryCache.Entry> cached,
            int hop) {
        HttpRequest.Builder b = HttpRequest.newBuilder(current).GET()
                .timeout(options.requestTimeout())
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", USER_AGENT);
        // Decided per hop from the URL being requested: a token only ever goes to its own registry.
        config.tokenFor(current).ifPresent(t -> b.header("Authorization", "Bearer " + t.reveal()));
        cached.filter(c -> c.status() == 200).ifPresent(c -> {
            c.etag().ifPresent(v -> b.header("If-None-Match", v));
            c.lastModified().ifPresent(v -> b.header("If-Modified-Since", v));
        });
        String where = RegistryUrls.display(current);
        requests.increment();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(b.build(),
                LimitedBodySubscriber.handler(limit, wireBytes::add));
        // The request's own timeout ends at the headers; this one bounds the whole body too.
        return sent.copy().orTimeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((resp, error) -> {
                    if (error == null) {
                        return answered(url, resp, limit, cached, hop);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        sent.cancel(true);
                        return CompletableFuture.completedFuture(Attempt.again(Reason.TIMEOUT, "no complete response from "
                                + where + " within " + options.requestTimeout().toMillis() + " ms", Optional.empty()));
                    }
                    return CompletableFuture.completedFuture(failure(cause, where));
                })
                .thenCompose(next -> next);
    }

    private CompletableFuture<Attempt> answered(URI url, HttpResponse<byte[]> resp, long limit,
            Optional<RegistryCache.Entry> cached, int hop) {
        String where = RegistryUrls.display(resp.uri());
        int status = resp.statusCode();
        if (status == 200) {
            byte[] body = resp.body();
            if (!wellFormedJsonObject(body)) {
                return doneAttempt(RegistryResult.failed(Reason.INVALID_JSON, "response from " + where + " is not a JSON object"));
            }
            cache.ifPresent(c -> c.put(url, new RegistryCache.Entry(200, body,
                    resp.headers().firstValue("etag"), resp.headers().firstValue("last-modified"))));
            return doneAttempt(new RegistryResult.Found(body));
        }
        if (status == 304) {
            if (cached.isPresent() && cached.get().status() == 200) {
                notModified.increment();
                return doneAttempt(new RegistryResult.Found(cached.get().body()));
            }
            return doneAttempt(RegistryResult.failed(Reason.HTTP_STATUS, "304 from " + where + " without a cached copy"));
        }
        if (status == 404) {
            cache.ifPresent(c -> c.put(url, new RegistryCache.Entry(404, new byte[0], Optional.empty(), Optional.empty())));
            return doneAttempt(new RegistryResult.NotFound(where));
        }
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            Optional<URI> target = resp.headers().firstValue("location")
                    .flatMap(loc -> {
                        try {
                            return Optional.of(resp.uri().resolve(loc.strip()));
                        } catch (IllegalArgumentException bad) {
                            return Optional.empty();
                        }
                    });
            if (target.isEmpty() || target.get().getHost() == null) {
                return doneAttempt(RegistryResult.failed(Reason.REDIRECT_REFUSED, status + " from " + where + " without a usable Location"));
            }
            if (!RegistryUrls.sameOrigin(url, target.get())) {
                return doneAttempt(RegistryResult.failed(Reason.REDIRECT_REFUSED, "redirect from " + where
                        + " to another origin, " + RegistryUrls.display(target.get())));
            }
            if (hop >= options.maxRedirects()) {
                return doneAttempt(RegistryResult.failed(Reason.REDIRECT_REFUSED, "more than "
                        + options.maxRedirects() + " redirects from " + RegistryUrls.display(url)));
            }
            return exchange(url, target.get(), limit, cached, hop + 1);
        }
        if (status == 429 || status >= 500) {
            return CompletableFuture.completedFuture(Attempt.again(Reason.SERVER_ERROR, "HTTP " + status + " from " + where,
                    retryAfter(resp.headers(), options.clock().instant())));
        }
        return doneAttempt(RegistryResult.failed(Reason.HTTP_STATUS, "HTTP " + status + " from " + where));
    }

    private static CompletableFuture<Attempt> doneAttempt(RegistryResult r) {
        return CompletableFuture.completedFuture(Attempt.done(r));
    }

    private static Attempt failure(Throwable cause, String where) {
        if (cause instanceof LimitedBodySubscriber.TooLarge) {
            return Attempt.done(RegistryResult.failed(Reason.TOO_LARGE, "response from " + where + " is " + cause.getMessage()));
        }
        if (cause instanceof LimitedBodySubscriber.UnsupportedEncoding) {
            return Attempt.done(RegistryResult.failed(Reason.IO_ERROR, "reading " + where + " failed: " + cause.getMessage()));
        }
        if (cause instanceof HttpTimeoutException) {
            return Attempt.again(Reason.TIMEOUT, "timed out waiting for " + where, Optional.empty());
        }
        if (cause instanceof IOException) {
            // The JDK's messages name the URL at most; headers (and so tokens) never appear in them.
            String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : oneLine(cause.getMessage());
            return Attempt.again(Reason.IO_ERROR, "reading " + where + " failed: " + msg, Optional.empty());
        }
        return Attempt.done(RegistryResult.failed(Reason.IO_ERROR, "reading " + where + " failed: " + cause.getClass().getSimpleName()));
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    /** Retry-After as seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> v = headers.firstValue("retry-after").map(String::strip);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get();
        if (s.matches("[0-9]{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
        }
        try {
            Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static RegistryResult toResult(RegistryCache.Entry e, URI url) {
        return e.status() == 404 ? new RegistryResult.NotFound(RegistryUrls.display(url)) : new RegistryResult.Found(e.body());
    }

    /** Every registry document we ask for is one JSON object; checked by streaming, without a tree. */
    static boolean wellFormedJsonObject(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
