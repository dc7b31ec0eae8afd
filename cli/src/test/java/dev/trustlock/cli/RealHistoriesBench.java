package dev.trustlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.trust.TrustMaterial;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Helpers of {@code bench/registry-bench.sh}, not tests:
 * <ul>
 * <li>{@code project PACKUMENTS OUT}: a package-lock.json (v3) depending on the latest release of
 *     every real packument in PACKUMENTS, with its recorded integrity;</li>
 * <li>{@code serve PACKUMENTS LATENCY_MS KBPS PORTFILE}: a registry on 127.0.0.1 serving them as
 *     npm does (full packuments, gzip when asked, ETag and 304, attestations and keys 404 since
 *     none were recorded), each answer after LATENCY_MS and at KBPS kilobytes per second (0: no
 *     limit); {@code GET /-/bench/stats} gives requests and body bytes sent, {@code /-/bench/reset}
 *     zeroes them;</li>
 * <li>{@code offline ATTESTATIONS_DIR MANIFEST TRUSTED_ROOT NPM_KEYS ROUNDS}: verifies the recorded
 *     real attestation bundles ROUNDS times in one process, the work bench/ref/sigstore-verify.js
 *     does with npm's sigstore libraries; prints bundles verified and per second.</li>
 * </ul>
 */
public final class RealHistoriesBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealHistoriesBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "project" -> project(Path.of(args[1]), Path.of(args[2]));
            case "serve" -> serve(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]), Path.of(args[4]));
            case "offline" -> offline(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("project | serve | offline");
        }
    }

    private static List<Path> packuments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static void project(Path dir, Path out) throws IOException {
        ObjectNode lock = JSON.createObjectNode();
        lock.put("name", "bench-real-histories");
        lock.put("version", "1.0.0");
        lock.put("lockfileVersion", 3);
        lock.put("requires", true);
        ObjectNode packages = lock.putObject("packages");
        ObjectNode root = packages.putObject("");
        root.put("name", "bench-real-histories");
        root.put("version", "1.0.0");
        ObjectNode deps = root.putObject("dependencies");
        Map<String, String> names = new TreeMap<>();
        for (Path p : packuments(dir)) {
            JsonNode doc = JSON.readTree(p.toFile());
            String name = doc.path("name").asText();
            String latest = doc.path("dist-tags").path("latest").asText();
            JsonNode dist = doc.path("versions").path(latest).path("dist");
            if (name.isEmpty() || latest.isEmpty() || !dist.path("integrity").isTextual() || names.containsKey(name)) {
                continue;
            }
            names.put(name, latest);
            deps.put(name, latest);
            ObjectNode entry = packages.putObject("node_modules/" + name);
            entry.put("version", latest);
            entry.put("resolved", dist.path("tarball").asText());
            entry.put("integrity", dist.path("integrity").asText());
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("package-lock.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(lock));
        Files.writeString(out.resolve("package.json"), "{\"name\": \"bench-real-histories\", \"version\": \"1.0.0\","
                + " \"dependencies\": " + JSON.writeValueAsString(deps) + "}\n");
        Files.writeString(out.resolve("names.json"), JSON.writeValueAsString(names.keySet()));
        System.out.println(names.size());
    }

    private record Doc(byte[] plain, byte[] gzip, String etag) {
    }

    static void serve(Path dir, long latencyMs, long kbps, Path portFile) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        Map<String, Doc> docs = new ConcurrentHashMap<>();
        for (Path p : packuments(dir)) {
            String text = Files.readString(p).replace("https://registry.npmjs.org/", base);
            String name = JSON.readTree(text).path("name").asText();
            byte[] plain = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
                gz.write(plain);
            }
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain)).substring(0, 32)
                    + "\"";
            docs.put(name, new Doc(plain, z.toByteArray(), etag));
        }
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (ex) {
                String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
                if (path.equals("/-/bench/stats")) {
                    send(ex, 200, ("{\"requests\":" + requests.get() + ",\"bytes\":" + bytes.get() + "}")
                            .getBytes(StandardCharsets.UTF_8), 0, null);
                    return;
                }
                if (path.equals("/-/bench/reset")) {
                    requests.set(0);
                    bytes.set(0);
                    send(ex, 200, "{}".getBytes(StandardCharsets.UTF_8), 0, null);
                    return;
                }
                requests.incrementAndGet();
                Thread.sleep(latencyMs);
                Doc d = path.startsWith("/-/") ? null : docs.get(path.substring(1));
                if (d == null) {
                    bytes.addAndGet(send(ex, 404, "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8), kbps, null));
                    return;
                }
                ex.getResponseHeaders().set("ETag", d.etag());
                ex.getResponseHeaders().set("Content-Type", "application/json");
                if (d.etag().equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept-Encoding"));
                boolean gzip = accept.contains("gzip");
                bytes.addAndGet(send(ex, 200, gzip ? d.gzip() : d.plain(), kbps, gzip ? "gzip" : null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
        Files.writeString(portFile, base);
        Thread.currentThread().join();
    }

    private static long send(HttpExchange ex, int status, byte[] body, long kbps, String encoding)
            throws IOException, InterruptedException {
        if (encoding != null) {
            ex.getResponseHeaders().set("Content-Encoding", encoding);
        }
        ex.sendResponseHeaders(status, body.length);
        OutputStream out = ex.getResponseBody();
        int chunk = kbps > 0 ? (int) Math.max(1024, kbps * 1024 / 20) : body.length;
        for (int off = 0; off < body.length; off += chunk) {
            out.write(body, off, Math.min(chunk, body.length - off));
            if (kbps > 0) {
                Thread.sleep(50); // chunk = a twentieth of a second's worth
            }
        }
        return body.length;
    }

    static void offline(Path attestations, Path manifest, Path trustedRoot, Path npmKeys, int rounds) throws Exception {
        TrustMaterial trust = TrustMaterial.load(trustedRoot, npmKeys);
        AttestationVerifier verifier = new AttestationVerifier(trust);
        record Item(PackageRef ref, byte[] body, int bundles) {
        }
        List<Item> items = new java.util.ArrayList<>();
        for (JsonNode a : JSON.readTree(manifest.toFile()).path("attestations")) {
            // Responses both sides can check in full: valid, with the integrity their subjects name.
            if (!a.path("expect").asText().startsWith("valid") || !a.path("integrity").isTextual() || a.path("integrity").asText().isEmpty()) {
                continue;
            }
            String purl = a.path("purl").asText().substring("pkg:npm/".length()).replace("%40", "@");
            int at = purl.lastIndexOf('@');
            byte[] body = Files.readAllBytes(attestations.resolve(Path.of(a.path("file").asText()).getFileName()));
            items.add(new Item(new PackageRef(purl.substring(0, at), purl.substring(at + 1), a.path("integrity").asText("")),
                    body, JSON.readTree(body).path("attestations").size()));
        }
        long start = System.nanoTime();
        long bundles = 0;
        long verified = 0;
        for (int r = 0; r < rounds; r++) {
            for (Item it : items) {
                if (verifier.verify(it.ref(), it.body()).verified()) {
                    verified++;
                }
                bundles += it.bundles();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d bundles (%d of %d responses verified) in %.2f s: %.0f bundles/s%n", bundles, verified,
                (long) rounds * items.size(), seconds, bundles / seconds);
    }
}
