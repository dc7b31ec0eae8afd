package dev.trustlock.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.io.BoundedReads;
import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Registry responses on disk, keyed by URL (never by credentials): the body plus the validators
 * (ETag, Last-Modified) to revalidate it with a conditional request. A 404 is remembered too, so
 * offline mode can say "no attestations" rather than "unknown". A damaged entry is a miss, and so
 * is one whose {@link CacheSeal} does not check: a copy planted with the registry's real ETag
 * would otherwise be confirmed by a 304.
 */
public final class RegistryCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_META_BYTES = 64 * 1024;

    /** One cached response. {@code status} is 200 or 404. */
    public record Entry(int status, byte[] body, Optional<String> etag, Optional<String> lastModified) {
        public Entry {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private final Path dir;
    private final CacheSeal seal;

    public RegistryCache(Path dir, CacheSeal seal) {
        this.dir = dir.toAbsolutePath();
        this.seal = seal;
    }

    /** {@code $XDG_CACHE_HOME/trustlock} when set, else {@code ~/.cache/trustlock}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "trustlock");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "trustlock");
    }

    public Path directory() {
        return dir;
    }

    public Optional<Entry> get(URI url, long maxBodyBytes) {
        String key = key(url);
        Path meta = dir.resolve(key + ".meta.json");
        Path body = dir.resolve(key + ".body");
        try {
            if (!Files.isRegularFile(meta) || Files.size(meta) > MAX_META_BYTES) {
                return Optional.empty();
            }
            JsonNode m = JSON.readTree(Files.readAllBytes(meta));
            if (!url.toString().equals(m.path("url").asText())) {
                return Optional.empty();
            }
            int status = m.path("status").asInt();
            Optional<String> etag = text(m, "etag");
            Optional<String> lastModified = text(m, "lastModified");
            if (!seal.checks(m.path("seal").asText(null), sealed(url, status, m.path("sha256").asText(), etag, lastModified))) {
                return Optional.empty();
            }
            byte[] bytes = new byte[0];
            if (status == 200) {
                if (!Files.isRegularFile(body) || Files.size(body) > maxBodyBytes) {
                    return Optional.empty();
                }
                try (InputStream in = Files.newInputStream(body)) {
                    bytes = BoundedReads.readAll(in, maxBodyBytes);
                }
                if (!Digests.sha256Hex(bytes).equals(m.path("sha256").asText())) {
                    return Optional.empty();
                }
            } else if (status != 404) {
                return Optional.empty();
            }
            return Optional.of(new Entry(status, bytes, etag, lastModified));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What an entry's seal vouches for: the body (by its digest) as the answer to this URL. */
    private static String[] sealed(URI url, int status, String sha256, Optional<String> etag,
            Optional<String> lastModified) {
        return new String[] {"registry-cache-v1", url.toString(), Integer.toString(status), sha256,
                etag.map(v -> "+" + v).orElse("-"), lastModified.map(v -> "+" + v).orElse("-")};
    }

    private static Optional<String> text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** Stores a response; a cache that cannot be written only costs a refetch, so errors are swallowed. */
    public void put(URI url, Entry entry) {
        try {
            ensureDirectory();
            String key = key(url);
            ObjectNode m = JSON.createObjectNode();
            m.put("url", url.toString());
            m.put("status", entry.status());
            String sha256 = Digests.sha256Hex(entry.body());
            m.put("sha256", sha256);
            entry.etag().ifPresent(v -> m.put("etag", v));
            entry.lastModified().ifPresent(v -> m.put("lastModified", v));
            m.put("seal", seal.of(sealed(url, entry.status(), sha256, entry.etag(), entry.lastModified())));
            // Body first, then the meta that vouches for it: a reader never pairs new meta with an old body.
            write(dir.resolve(key + ".body"), entry.body());
            write(dir.resolve(key + ".meta.json"), JSON.writeValueAsBytes(m));
        } catch (IOException | RuntimeException e) {
            // fall through: the next run fetches again
        }
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // Bodies of private packages may land here: keep them to the user.
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private void write(Path target, byte[] bytes) throws IOException {
        dev.trustlock.core.io.AtomicFiles.write(target, bytes);
    }

    static String key(URI url) {
        return Digests.sha256Hex(url.toString().getBytes(StandardCharsets.UTF_8));
    }
}
