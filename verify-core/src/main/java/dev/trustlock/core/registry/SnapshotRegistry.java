package dev.trustlock.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.registry.RegistryResult.Failed;
import dev.trustlock.core.registry.RegistryResult.Reason;
import dev.trustlock.core.registry.SnapshotIndex.Entry;
import dev.trustlock.core.registry.SnapshotIndex.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Answers registry questions from a snapshot directory written by {@link SnapshotWriter}, so a
 * verification can be re-run later without network. What the snapshot does not record is
 * {@link Reason#SNAPSHOT_MISS}; a file that is missing or differs from its recorded SHA-256 is
 * {@link Reason#SNAPSHOT_CORRUPT}. Thread-safe (read-only).
 */
public final class SnapshotRegistry implements RegistrySource {

    /** Only the names SnapshotWriter produces; nothing can point outside the directory. */
    private static final Pattern FILE = Pattern.compile(
            "keys\\.json|packuments/[a-z0-9._~@+%!-]+\\.json|attestations/[a-z0-9._~@+%!-]+\\.json");
    private static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private final Path dir;
    private final URI registry;
    private final Map<String, URI> scopes;
    private final Instant created;
    private final Map<String, Entry> entries;

    private SnapshotRegistry(Path dir, URI registry, Map<String, URI> scopes, Instant created, Map<String, Entry> entries) {
        this.dir = dir;
        this.registry = registry;
        this.scopes = scopes;
        this.created = created;
        this.entries = entries;
    }

    public static SnapshotRegistry open(Path dir) throws LockfileException {
        Path abs = dir.toAbsolutePath().normalize();
        Path indexFile = abs.resolve(SnapshotIndex.FILE);
        if (!Files.isRegularFile(indexFile)) {
            throw new LockfileException(indexFile, "not a registry snapshot: index.json is missing");
        }
        JsonNode index = SafeParsers.readJson(indexFile);
        if (!SnapshotIndex.FORMAT.equals(index.path("format").asText())) {
            throw new LockfileException(indexFile, "not a registry snapshot: \"format\" is not \"" + SnapshotIndex.FORMAT + "\"");
        }
        if (index.path("formatVersion").asInt(-1) != SnapshotIndex.VERSION) {
            throw new LockfileException(indexFile, "unsupported snapshot formatVersion "
                    + index.path("formatVersion").asText("?") + " (this build reads " + SnapshotIndex.VERSION + ")");
        }
        URI registry;
        Map<String, URI> scopes = new TreeMap<>();
        Instant created;
        try {
            registry = RegistryUrls.normalizeRegistry(index.path("registry").asText());
            index.path("scopes").fields().forEachRemaining(e ->
                    scopes.put(e.getKey().toLowerCase(Locale.ROOT), RegistryUrls.normalizeRegistry(e.getValue().asText())));
            created = Instant.parse(index.path("created").asText());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new LockfileException(indexFile, "bad snapshot header: " + e.getMessage());
        }
        Map<String, Entry> entries = new HashMap<>();
        int i = 0;
        for (JsonNode n : index.path("entries")) {
            Entry e = entry(indexFile, i++, n);
            if (entries.put(e.key(), e) != null) {
                throw new LockfileException(indexFile, "entries[" + (i - 1) + "] repeats an earlier entry");
            }
        }
        return new SnapshotRegistry(abs, registry, scopes, created, entries);
    }

    private static Entry entry(Path indexFile, int i, JsonNode n) throws LockfileException {
        String where = "entries[" + i + "]";
        Optional<Kind> kind = Kind.of(n.path("kind").asText());
        if (kind.isEmpty()) {
            throw new LockfileException(indexFile, where + " has an unknown kind");
        }
        String name = kind.get() == Kind.KEYS ? "" : n.path("name").asText("");
        String version = kind.get() == Kind.ATTESTATIONS ? n.path("version").asText("") : "";
        if (kind.get() != Kind.KEYS && !RegistryUrls.validName(name)) {
            throw new LockfileException(indexFile, where + " has no valid package name");
        }
        if (kind.get() == Kind.ATTESTATIONS && !RegistryUrls.validVersion(version)) {
            throw new LockfileException(indexFile, where + " has no valid version");
        }
        String status = n.path("status").asText(kind.get() == Kind.KEYS ? "found" : "");
        boolean found = kind.get() == Kind.PACKUMENT || "found".equals(status);
        if (kind.get() != Kind.PACKUMENT && !found && !"not-found".equals(status)) {
            throw new LockfileException(indexFile, where + " status must be \"found\" or \"not-found\"");
        }
        Optional<String> file = Optional.empty();
        Optional<String> sha = Optional.empty();
        if (found) {
            String f = n.path("file").asText("");
            String h = n.path("sha256").asText("");
            if (!FILE.matcher(f).matches() || f.contains("..")) {
                throw new LockfileException(indexFile, where + " names a file outside the snapshot layout");
            }
            if (!h.matches("[0-9a-f]{64}")) {
                throw new LockfileException(indexFile, where + " has no valid sha256");
            }
            file = Optional.of(f);
            sha = Optional.of(h);
        }
        return new Entry(kind.get(), name, version, found, file, sha);
    }

    public URI registry() {
        return registry;
    }

    public Instant created() {
        return created;
    }

    @Override
    public URI registryFor(String name) {
        if (name.startsWith("@") && name.indexOf('/') > 0) {
            URI s = scopes.get(name.substring(0, name.indexOf('/')).toLowerCase(Locale.ROOT));
            if (s != null) {
                return s;
            }
        }
        return registry;
    }

    @Override
    public RegistryResult packument(String name) {
        return answer(Entry.key(Kind.PACKUMENT, name, ""), "packument of " + name);
    }

    @Override
    public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
        Optional<Failed> foreign = RegistryClient.checkAdvertised(registryFor(name), advertisedUrl);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        return answer(Entry.key(Kind.ATTESTATIONS, name, version), "attestations of " + name + "@" + version);
    }

    @Override
    public RegistryResult keys() {
        return answer(Entry.key(Kind.KEYS, "", ""), "registry keys");
    }

    /** The snapshot records the default registry's keys only. */
    @Override
    public RegistryResult keys(URI other) {
        return other.equals(registry) ? keys()
                : RegistryResult.failed(Reason.SNAPSHOT_MISS, "the snapshot has no keys of " + RegistryUrls.display(other));
    }

    @Override
    public java.util.Set<URI> registries() {
        java.util.Set<URI> all = new java.util.TreeSet<>(scopes.values());
        all.add(registry);
        return all;
    }

    private RegistryResult answer(String key, String what) {
        Entry e = entries.get(key);
        if (e == null) {
            return RegistryResult.failed(Reason.SNAPSHOT_MISS, "the snapshot has no " + what);
        }
        if (!e.found()) {
            return new RegistryResult.NotFound(what);
        }
        Path file = dir.resolve(e.file().orElseThrow()).normalize();
        if (!file.startsWith(dir)) {
            return RegistryResult.failed(Reason.SNAPSHOT_CORRUPT, e.file().get() + " is outside the snapshot");
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return RegistryResult.failed(Reason.SNAPSHOT_CORRUPT, e.file().get() + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            byte[] body;
            try (InputStream in = Files.newInputStream(file)) {
                body = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
            if (!RegistryCache.sha256(body).equals(e.sha256().orElseThrow())) {
                return RegistryResult.failed(Reason.SNAPSHOT_CORRUPT, e.file().get() + " does not match its sha256 in index.json");
            }
            return new RegistryResult.Found(body);
        } catch (IOException ex) {
            return RegistryResult.failed(Reason.SNAPSHOT_CORRUPT, e.file().get() + " cannot be read");
        }
    }
}
