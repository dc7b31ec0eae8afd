package dev.trustlock.core.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustlock.core.io.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry on 127.0.0.1 serving a snapshot directory with npm's URL layout
 * ({@code /<escaped name>}, {@code /-/npm/v1/attestations/<name>@<version>},
 * {@code /-/npm/v1/keys}), with ETag revalidation and faults injectable per path. Packument
 * bodies have the snapshot's registry URL replaced by this server's, as a real mirror would
 * advertise its own attestation URLs. Records every request it sees. Public so that CLI tests and
 * benchmarks can reuse it from the test jar.
 */
public final class LoopbackRegistryServer implements AutoCloseable {

    /** What a path does instead of (or before) answering normally. */
    public sealed interface Fault {
        /** Waits, then answers normally. */
        record Delay(Duration delay) implements Fault {
        }

        /** Answers {@code status} (with Retry-After if given) the first {@code times} requests. */
        record Status(int status, Optional<String> retryAfter, int times) implements Fault {
        }

        /** Declares more bytes than it sends, then drops the connection. */
        record Truncated() implements Fault {
        }

        /** Sends the headers and part of the body, then goes quiet for {@code stall}. */
        record StallBody(Duration stall) implements Fault {
        }

        /** 200 with a body that is not JSON. */
        record InvalidJson() implements Fault {
        }

        /** 200 with {@code bytes} of body; declared in Content-Length only if {@code declared}. */
        record Oversized(long bytes, boolean declared) implements Fault {
        }

        /** A redirect to {@code location} (absolute or relative). */
        record Redirect(int status, String location) implements Fault {
        }

        /** The packument advertises its attestation URLs on {@code origin} instead of this server. */
        /** Answers 200 with this body instead of the recorded one (a mirror serving what it likes). */
        record Body(byte[] body) implements Fault {
        }

        record ForeignAttestationUrl(String origin) implements Fault {
        }
    }

    /** One request as received. */
    public record Request(String rawPath, Optional<String> authorization, Optional<String> accept, Optional<String> ifNoneMatch,
            Optional<String> ifModifiedSince) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<SnapshotRegistry> snapshot;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> faultUses = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong bodyBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile Optional<Fault> everyPath = Optional.empty();

    private LoopbackRegistryServer(Optional<SnapshotRegistry> snapshot) throws IOException {
        this.snapshot = snapshot;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-registry");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LoopbackRegistryServer serve(Path snapshotDir) throws Exception {
        return new LoopbackRegistryServer(Optional.of(SnapshotRegistry.open(snapshotDir)));
    }

    /** A server that knows nothing: every path 404s unless a fault says otherwise. */
    public static LoopbackRegistryServer empty() throws IOException {
        return new LoopbackRegistryServer(Optional.empty());
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public LoopbackRegistryServer fault(String rawPath, Fault fault) {
        faults.put(rawPath, fault);
        faultUses.put(rawPath, new AtomicInteger());
        return this;
    }

    /** A fault for every path that has none of its own (latency for all, say). */
    public LoopbackRegistryServer faultEveryPath(Fault fault) {
        everyPath = Optional.of(fault);
        return this;
    }

    private volatile boolean attestationsServed = true;

    /** A mirror that copies packuments only: every attestations path answers 404. */
    public LoopbackRegistryServer withoutAttestations() {
        attestationsServed = false;
        return this;
    }

    private volatile boolean etags = true;

    /** A server that validates by Last-Modified / If-Modified-Since only, as some mirrors and proxies do. */
    public LoopbackRegistryServer withoutETags() {
        etags = false;
        return this;
    }

    /** Response body bytes sent so far (a 304 sends none). */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(String rawPath) {
        return requests.stream().filter(r -> r.rawPath().equals(rawPath)).count();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = ex.getRequestURI().getRawPath();
            requests.add(new Request(path,
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("If-None-Match")),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("If-Modified-Since"))));
            Fault f = faults.get(path);
            if (f == null && everyPath.isPresent()) {
                f = everyPath.get();
                faultUses.putIfAbsent(path, new AtomicInteger());
            }
            if (f != null && !applyFault(ex, path, f)) {
                return;
            }
            Optional<String> foreign = f instanceof Fault.ForeignAttestationUrl fa ? Optional.of(fa.origin()) : Optional.empty();
            answer(ex, path, foreign);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (aborted an oversized body, timed out); nothing to do
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    /** @return true when the normal answer should follow */
    private boolean applyFault(HttpExchange ex, String path, Fault f) throws IOException, InterruptedException {
        int use = faultUses.get(path).incrementAndGet();
        if (f instanceof Fault.Delay d) {
            Thread.sleep(d.delay().toMillis());
            return true;
        }
        if (f instanceof Fault.Status s) {
            if (use > s.times()) {
                return true;
            }
            s.retryAfter().ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
            send(ex, s.status(), "{\"error\":\"injected\"}".getBytes(StandardCharsets.UTF_8));
            return false;
        }
        if (f instanceof Fault.Truncated) {
            byte[] part = "{\"name\":\"trunc".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, part.length + 4096);
            OutputStream out = ex.getResponseBody();
            out.write(part);
            out.flush();
            // Closing short of Content-Length makes the server drop the connection.
            return false;
        }
        if (f instanceof Fault.StallBody st) {
            byte[] part = "{\"name\":\"sta".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, part.length + 10);
            OutputStream out = ex.getResponseBody();
            out.write(part);
            out.flush();
            Thread.sleep(st.stall().toMillis());
            return false;
        }
        if (f instanceof Fault.InvalidJson) {
            send(ex, 200, "{\"name\": \"x\", \"versions\": {".getBytes(StandardCharsets.UTF_8));
            return false;
        }
        if (f instanceof Fault.Oversized o) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, o.declared() ? o.bytes() : 0);
            OutputStream out = ex.getResponseBody();
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '{';
            for (long sent = 0; sent < o.bytes(); sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, o.bytes() - sent));
                chunk[0] = ' ';
            }
            return false;
        }
        if (f instanceof Fault.Body b) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            send(ex, 200, b.body());
            return false;
        }
        if (f instanceof Fault.Redirect r) {
            ex.getResponseHeaders().set("Location", r.location());
            ex.sendResponseHeaders(r.status(), -1);
            return false;
        }
        return true;
    }

    private void answer(HttpExchange ex, String path, Optional<String> foreignOrigin) throws IOException {
        RegistryResult r = lookup(path);
        if (r instanceof RegistryResult.Found found) {
            byte[] body = found.body();
            if (!path.startsWith("/-/") && snapshot.isPresent()) {
                String text = new String(body, StandardCharsets.UTF_8);
                String origin = foreignOrigin.orElse(baseUrl().toString());
                String base = origin.endsWith("/") ? origin : origin + "/";
                body = text.replace(snapshot.get().registry().toString(), base).getBytes(StandardCharsets.UTF_8);
            }
            String etag = "\"" + Digests.sha256Hex(body).substring(0, 32) + "\"";
            String modified = "Tue, 31 Mar 2026 00:00:00 GMT";
            ex.getResponseHeaders().set("Last-Modified", modified);
            if (etags) {
                ex.getResponseHeaders().set("ETag", etag);
            }
            boolean unchanged = etags ? etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))
                    : modified.equals(ex.getRequestHeaders().getFirst("If-Modified-Since"));
            if (unchanged) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            send(ex, 200, body);
        } else {
            send(ex, 404, "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private RegistryResult lookup(String rawPath) {
        if (snapshot.isEmpty()) {
            return new RegistryResult.NotFound(rawPath);
        }
        SnapshotRegistry s = snapshot.get();
        String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        if (path.equals("/-/npm/v1/keys")) {
            return s.keys();
        }
        String att = "/-/npm/v1/attestations/";
        if (path.startsWith(att) && !attestationsServed) {
            return new RegistryResult.NotFound(rawPath);
        }
        if (path.startsWith(att)) {
            String spec = path.substring(att.length());
            int at = spec.lastIndexOf('@');
            if (at <= 0) {
                return new RegistryResult.NotFound(rawPath);
            }
            return s.attestations(spec.substring(0, at), spec.substring(at + 1));
        }
        return s.packument(path.substring(1));
    }

    private void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
            bodyBytes.addAndGet(body.length);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
