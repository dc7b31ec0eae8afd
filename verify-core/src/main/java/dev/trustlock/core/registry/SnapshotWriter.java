package dev.trustlock.core.registry;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.registry.SnapshotIndex.Entry;
import dev.trustlock.core.registry.SnapshotIndex.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a registry snapshot: registry bodies byte for byte, one file each under
 * {@code packuments/}, {@code attestations/} and {@code keys.json}, listed with their SHA-256 in
 * {@code index.json} (schema: {@code schemas/registry-snapshot.schema.json}). Bodies are written
 * as they are added; {@link #finish} writes the index, sorted, so the same answers give the same
 * bytes. Thread-safe.
 */
public final class SnapshotWriter {

    private final Path dir;
    private final URI registry;
    private final Map<String, URI> scopes;
    private final Map<String, Entry> entries = new TreeMap<>();

    private SnapshotWriter(Path dir, URI registry, Map<String, URI> scopes) {
        this.dir = dir;
        this.registry = registry;
        this.scopes = new TreeMap<>(scopes);
    }

    /**
     * Starts a snapshot in {@code dir}, which must be absent, empty, or an earlier snapshot (then
     * replaced). Anything else is refused rather than mixed with registry files.
     */
    public static SnapshotWriter create(Path dir, URI registry, Map<String, URI> scopeRegistries) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            boolean snapshot = Files.isRegularFile(abs.resolve(SnapshotIndex.FILE));
            try (Stream<Path> list = Files.list(abs)) {
                if (!snapshot && list.findAny().isPresent()) {
                    throw new IOException(abs + " is neither empty nor a registry snapshot; refusing to write into it");
                }
            }
            if (snapshot) {
                clear(abs);
            }
        }
        Files.createDirectories(abs.resolve("packuments"));
        Files.createDirectories(abs.resolve("attestations"));
        return new SnapshotWriter(abs, RegistryUrls.normalizeRegistry(registry.toString()), scopeRegistries);
    }

    private static void clear(Path abs) throws IOException {
        for (String sub : List.of("packuments", "attestations")) {
            Path d = abs.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.delete(f);
                    }
                }
            }
        }
        Files.deleteIfExists(abs.resolve(SnapshotIndex.KEYS_FILE));
        Files.deleteIfExists(abs.resolve(SnapshotIndex.FILE));
    }

    public Path directory() {
        return dir;
    }

    /** The default registry whose answers this snapshot records. */
    public URI registry() {
        return registry;
    }

    public synchronized void addPackument(String name, byte[] body) throws IOException {
        requireName(name);
        put(Kind.PACKUMENT, name, "", SnapshotNames.packumentFile(name), body);
    }

    public synchronized void addAttestations(String name, String version, byte[] body) throws IOException {
        requireName(name);
        requireVersion(version);
        put(Kind.ATTESTATIONS, name, version, SnapshotNames.attestationsFile(name, version), body);
    }

    /** The registry answered 404: the version has no attestations. */
    public synchronized void addNoAttestations(String name, String version) throws IOException {
        requireName(name);
        requireVersion(version);
        Files.deleteIfExists(dir.resolve(SnapshotNames.attestationsFile(name, version)));
        Entry e = new Entry(Kind.ATTESTATIONS, name, version, false, Optional.empty(), Optional.empty());
        entries.put(e.key(), e);
    }

    public synchronized void addKeys(byte[] body) throws IOException {
        put(Kind.KEYS, "", "", SnapshotIndex.KEYS_FILE, body);
    }

    /** The registry answered 404 for its keys: it does not sign. */
    public synchronized void addNoKeys() throws IOException {
        Files.deleteIfExists(dir.resolve(SnapshotIndex.KEYS_FILE));
        Entry e = new Entry(Kind.KEYS, "", "", false, Optional.empty(), Optional.empty());
        entries.put(e.key(), e);
    }

    /** Whether the registry's answer about its keys (found, or none) is recorded already. */
    public synchronized boolean hasKeys() {
        return entries.containsKey(Entry.key(Kind.KEYS, "", ""));
    }

    /** Records a registry answer; a failure is not recorded, so the snapshot will not vouch for it. */
    void record(Kind kind, String name, String version, RegistryResult result) throws IOException {
        if (result instanceof RegistryResult.Found f) {
            switch (kind) {
                case PACKUMENT -> addPackument(name, f.body());
                case ATTESTATIONS -> addAttestations(name, version, f.body());
                case KEYS -> addKeys(f.body());
            }
        } else if (result instanceof RegistryResult.NotFound && kind == Kind.ATTESTATIONS) {
            addNoAttestations(name, version);
        } else if (result instanceof RegistryResult.NotFound && kind == Kind.KEYS) {
            addNoKeys();
        }
    }

    private static void requireName(String name) {
        if (!RegistryUrls.validName(name)) {
            throw new IllegalArgumentException("not a valid npm package name");
        }
    }

    private static void requireVersion(String version) {
        if (!RegistryUrls.validVersion(version)) {
            throw new IllegalArgumentException("not a valid version");
        }
    }

    private void put(Kind kind, String name, String version, String file, byte[] body) throws IOException {
        writeAtomically(dir.resolve(file), body);
        Entry e = new Entry(kind, name, version, true, Optional.of(file), Optional.of(Digests.sha256Hex(body)));
        entries.put(e.key(), e);
    }

    /** SOURCE_DATE_EPOCH (seconds) when set, for reproducible snapshots; else the clock, to the second. */
    public static Instant creationTime(Map<String, String> env, Clock clock) {
        String epoch = env.get("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.strip().matches("[0-9]{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
        }
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Writes {@code index.json}; the snapshot is complete once it exists. */
    public synchronized Path finish(Instant created) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format", SnapshotIndex.FORMAT);
        root.put("formatVersion", SnapshotIndex.VERSION);
        root.put("registry", registry.toString());
        if (!scopes.isEmpty()) {
            ObjectNode s = root.putObject("scopes");
            scopes.forEach((scope, url) -> s.put(scope, RegistryUrls.normalizeRegistry(url.toString()).toString()));
        }
        root.put("created", DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)));
        ArrayNode list = root.putArray("entries");
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(SnapshotIndex.ORDER);
        for (Entry e : sorted) {
            ObjectNode n = list.addObject();
            n.put("kind", e.kind().json);
            if (e.kind() != Kind.KEYS) {
                n.put("name", e.name());
            }
            if (e.kind() == Kind.ATTESTATIONS) {
                n.put("version", e.version());
            }
            if (e.kind() == Kind.ATTESTATIONS || !e.found()) {
                n.put("status", e.found() ? "found" : "not-found");
            }
            e.file().ifPresent(f -> n.put("file", f));
            e.sha256().ifPresent(h -> n.put("sha256", h));
        }
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        byte[] bytes = (json.writer(pretty).writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path index = dir.resolve(SnapshotIndex.FILE);
        writeAtomically(index, bytes);
        return index;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        dev.trustlock.core.io.AtomicFiles.write(target, bytes);
    }
}
