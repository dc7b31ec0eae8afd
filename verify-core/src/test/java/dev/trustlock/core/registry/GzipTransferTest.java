package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.trustlock.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packuments travel compressed: the client asks for gzip, inflates it, and holds the inflated
 * size to the same limit as the wire size, so a small "gzip bomb" is refused, not expanded.
 */
class GzipTransferTest {

    @TempDir
    Path tmp;

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(body);
        }
        return out.toByteArray();
    }

    /** Serves {@code body} for every path, gzip-encoded when asked (or as {@code encoding} says). */
    private static HttpServer serve(byte[] body, String encoding, AtomicLong wire, AtomicReference<String> asked)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            asked.set(ex.getRequestHeaders().getFirst("Accept-Encoding"));
            byte[] out = body;
            if (encoding != null) {
                ex.getResponseHeaders().add("Content-Encoding", encoding);
                out = encoding.equals("gzip") ? gzip(body) : body;
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            wire.addAndGet(out.length);
            ex.close();
        });
        server.start();
        return server;
    }

    private RegistryClient client(HttpServer server, long maxBytes) throws Exception {
        Path npmrc = Files.writeString(tmp.resolve(".npmrc"),
                "registry=http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
        return new RegistryClient(NpmrcConfig.load(Optional.of(npmrc), Optional.empty(), Map.of()), Optional.empty(),
                RegistryClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(5))
                        .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)).withMaxBytes(maxBytes, 64 * 1024));
    }

    @Test
    void aRealPackumentArrivesWhole_atAThirdOfItsSizeOrLess() throws Exception {
        byte[] lodash = Files.readAllBytes(Fixtures.shared("real-histories/packuments/lodash.json"));
        AtomicLong wire = new AtomicLong();
        AtomicReference<String> asked = new AtomicReference<>();
        HttpServer server = serve(lodash, "gzip", wire, asked);
        try {
            RegistryClient client = client(server, 64L * 1024 * 1024);
            RegistryResult r = client.packument("lodash");
            assertArrayEquals(lodash, assertInstanceOf(RegistryResult.Found.class, r).body());
            assertEquals("gzip", asked.get());
            assertTrue(wire.get() * 3 <= lodash.length, wire.get() + " bytes on the wire for " + lodash.length);
            // What progress lines and the benchmark report is what was sent, compressed.
            assertEquals(wire.get(), client.transfers().wireBytes());
            assertEquals(1, client.transfers().requests());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSmallBodyThatInflatesPastTheLimitIsRefused() throws Exception {
        byte[] bomb = new byte[8 * 1024 * 1024]; // 8 MiB of zeros: about 8 KiB compressed
        HttpServer server = serve(bomb, "gzip", new AtomicLong(), new AtomicReference<>());
        try {
            RegistryResult.Failed f = assertInstanceOf(RegistryResult.Failed.class,
                    client(server, 1024 * 1024).packument("bomb"));
            assertEquals(RegistryResult.Reason.TOO_LARGE, f.reason(), f.detail());
        } finally {
            server.stop(0);
        }
    }

    /** A body with no declared length that never stops: reading stops at the limit and the connection is dropped. */
    @Test
    void anEndlessUndeclaredBodyIsCutOffAtTheLimit() throws Exception {
        AtomicLong written = new AtomicLong();
        long endless = 512L * 1024 * 1024;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0); // chunked: no length to refuse up front
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                while (written.get() < endless) {
                    ex.getResponseBody().write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException dropped) {
                // the client hung up: what this test wants
            } finally {
                ex.close();
            }
        });
        server.start();
        try {
            RegistryResult.Failed f = assertInstanceOf(RegistryResult.Failed.class,
                    client(server, 1024 * 1024).packument("endless"));
            assertEquals(RegistryResult.Reason.TOO_LARGE, f.reason(), f.detail());
            // Give a server that is still writing a moment to notice; socket buffers hold a few MB at most.
            long before;
            do {
                before = written.get();
                Thread.sleep(200);
            } while (written.get() != before && written.get() < endless);
            assertTrue(written.get() < 64L * 1024 * 1024, written.get() + " bytes were sent before the client hung up");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anEncodingNotAskedForIsRefusedNotReadAsJson() throws Exception {
        HttpServer server = serve("{}".getBytes(), "br", new AtomicLong(), new AtomicReference<>());
        try {
            RegistryResult.Failed f = assertInstanceOf(RegistryResult.Failed.class,
                    client(server, 1024 * 1024).packument("x"));
            assertTrue(f.detail().contains("content-encoding 'br'"), f.detail());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUncompressedAnswerStillWorks() throws Exception {
        byte[] body = "{\"name\":\"x\",\"versions\":{}}".getBytes();
        HttpServer server = serve(body, null, new AtomicLong(), new AtomicReference<>());
        try {
            assertArrayEquals(body, assertInstanceOf(RegistryResult.Found.class,
                    client(server, 1024 * 1024).packument("x")).body());
        } finally {
            server.stop(0);
        }
    }
}
