package dev.trustlock.core.trust;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Serves a {@link TestTufRepository}'s files on 127.0.0.1 and records what was asked for. */
public final class TestTufServer implements AutoCloseable {

    private final HttpServer server;
    private volatile Map<String, byte[]> files;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failing = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int failStatus = 503;

    public TestTufServer(Map<String, byte[]> files) throws IOException {
        this.files = new ConcurrentHashMap<>(files);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().replaceFirst("^/+", "");
            requests.add(path);
            byte[] body = this.files.get(path);
            try (OutputStream out = exchange.getResponseBody()) {
                if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.sendResponseHeaders(failStatus, -1);
                } else if (body == null || !"GET".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            }
        });
        server.start();
    }

    /** Replace what is served (a new repository state). */
    public void serve(Map<String, byte[]> newFiles) {
        this.files = new ConcurrentHashMap<>(newFiles);
    }

    /** The next {@code n} requests, whatever they ask for, are answered {@code status}. */
    public void failNext(int n, int status) {
        failStatus = status;
        failing.set(n);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
