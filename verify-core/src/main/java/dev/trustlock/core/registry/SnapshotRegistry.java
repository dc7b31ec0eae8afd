package dev.trustlock.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.io.BoundedReads;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.io.JsonLocator;
import dev.trustlock.core.io.JsonTrees;
import dev.trustlock.core.io.Limits;
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
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Answers registry questions from a snapshot directory written by {@link SnapshotWriter}, so a
 * verification can be re-run later without network. What the snapshot does not record is
 * {@link Reason#SNAPSHOT_MISS} (the package is unverifiable). A snapshot that contradicts itself
 * is bad input, never an unverifiable package: {@link #open} refuses index entries whose file is
 * missing, not a regular file of the snapshot's own (a symlink, a FIFO, a device), over its
 * size limit, or named otherwise than the entry; answering throws {@link SnapshotException} for
 * a file whose SHA-256 differs from the index, a packument of another package, or an
 * attestations file that holds no attestations. Thread-safe (read-only).
 *
 * <p>What a snapshot proves: the signed parts inside it (registry signatures, attestation
 * bundles) are checked against trust material from elsewhere exactly as if fetched live, so they
 * cannot be forged. What it cannot prove: unsigned metadata (publishers, times, gitHead, which
 * versions exist, what the packument advertises) is only as honest as whoever wrote the snapshot.
 */
public final class SnapshotRegistry implements RegistrySource {

    /** Only the names SnapshotWriter produces; nothing can point outside the directory. */
    private static final Pattern FILE = Pattern.compile(
            "keys\\.json|packuments/[a-z0-9._~@+%!-]+\\.json|attestations/[a-z0-9._~@+%!-]+\\.json");

    private final Path dir;
    /** The directory's real path, resolved once when opened: every file must stay inside it. */
    private final Path realDir;
    private final URI registry;
    private final Map<String, URI> scopes;
    private final Instant created;
    private final Map<String, Entry> entries;

    private SnapshotRegistry(Path dir, Path realDir, URI registry, Map<String, URI> scopes, Instant created,
            Map<String, Entry> entries) {
        this.dir = dir;
        this.realDir = realDir;
        this.registry = registry;
        this.scopes = scopes;
        this.created = created;
        this.entries = entries;
    }

    public static SnapshotRegistry open(Path dir) throws LockfileException {
        Path abs = dir.toAbsolutePath().normalize();
        Path indexFile = abs.resolve(SnapshotIndex.FILE);
        if (!Files.exists(indexFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new LockfileException(indexFile, "not a registry snapshot: index.json is missing");
        }
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            throw new LockfileException(abs, "cannot resolve: " + e.getMessage());
        }
        ownRegularFile(real, indexFile, Limits.LOCKFILE_BYTES);
        byte[] indexBytes = SafeParsers.readBytes(indexFile);
        JsonNode index = SafeParsers.parseJson(indexFile, indexBytes);
        if (!SnapshotIndex.FORMAT.equals(index.path("format").asText())) {
            throw LockfileException.at(indexFile, "\"format\"", "not a registry snapshot: \"format\" is not \""
                    + SnapshotIndex.FORMAT + "\"");
        }
        if (index.path("formatVersion").asInt(-1) != SnapshotIndex.VERSION) {
            throw LockfileException.at(indexFile, "\"formatVersion\"", "unsupported snapshot formatVersion "
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
            throw at(indexFile, indexBytes, List.of(), "bad snapshot header: " + e.getMessage());
        }
        Map<String, Entry> entries = new HashMap<>();
        int i = 0;
        for (JsonNode n : index.path("entries")) {
            Entry e = entry(indexFile, indexBytes, i++, n);
            if (entries.put(e.key(), e) != null) {
                throw at(indexFile, indexBytes, List.of("entries", i - 1), "entries[" + (i - 1) + "] repeats an earlier entry");
            }
            if (e.file().isPresent()) {
                ownRegularFile(real, abs.resolve(e.file().get()), limit(e.kind()));
            }
        }
        return new SnapshotRegistry(abs, real, registry, scopes, created, entries);
    }

    private static long limit(Kind kind) {
        return kind == Kind.PACKUMENT ? Limits.PACKUMENT_BYTES : Limits.DOCUMENT_BYTES;
    }

    /**
     * The file exists as a regular file of the snapshot's own: not a symbolic link (which could
     * lead anywhere), not a FIFO or device (reading one would block or never end), inside the
     * snapshot directory however its parents resolve, and within its size limit. Returns its size.
     */
    private static long ownRegularFile(Path realSnapshot, Path file, long limit) throws LockfileException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new LockfileException(file, "index.json lists this file but it is missing from the snapshot");
        } catch (IOException e) {
            throw new LockfileException(file, "cannot read: " + e.getMessage());
        }
        if (attrs.isSymbolicLink()) {
            throw new LockfileException(file, "is a symbolic link; a snapshot holds only files of its own");
        }
        if (!attrs.isRegularFile()) {
            throw new LockfileException(file, "is not a regular file (a directory, FIFO or device); refusing to read it");
        }
        try {
            if (!file.toRealPath().startsWith(realSnapshot)) {
                throw new LockfileException(file, "lies outside the snapshot directory " + realSnapshot);
            }
        } catch (IOException e) {
            throw new LockfileException(file, "cannot resolve: " + e.getMessage());
        }
        if (attrs.size() > limit) {
            throw new LockfileException(file, "is " + attrs.size() + " bytes, over the " + limit
                    + "-byte limit for this kind of registry document");
        }
        return attrs.size();
    }

    private static LockfileException at(Path file, byte[] bytes, List<Object> path, String problem) {
        int[] pos = JsonLocator.locate(bytes, path).orElse(new int[] {0, 0});
        return new LockfileException(file, pos[0], pos[1], problem);
    }

    private static Entry entry(Path indexFile, byte[] bytes, int i, JsonNode n) throws LockfileException {
        String where = "entries[" + i + "]";
        List<Object> at = List.of("entries", i);
        Optional<Kind> kind = Kind.of(n.path("kind").asText());
        if (kind.isEmpty()) {
            throw at(indexFile, bytes, at, where + " has an unknown kind");
        }
        String name = kind.get() == Kind.KEYS ? "" : n.path("name").asText("");
        String version = kind.get() == Kind.ATTESTATIONS ? n.path("version").asText("") : "";
        if (kind.get() != Kind.KEYS && !RegistryUrls.validName(name)) {
            throw at(indexFile, bytes, at, where + " has no valid package name");
        }
        if (kind.get() == Kind.ATTESTATIONS && !RegistryUrls.validVersion(version)) {
            throw at(indexFile, bytes, at, where + " has no valid version");
        }
        String status = n.path("status").asText(kind.get() == Kind.KEYS ? "found" : "");
        boolean found = kind.get() == Kind.PACKUMENT || "found".equals(status);
        if (kind.get() != Kind.PACKUMENT && !found && !"not-found".equals(status)) {
            throw at(indexFile, bytes, at, where + " status must be \"found\" or \"not-found\"");
        }
        Optional<String> file = Optional.empty();
        Optional<String> sha = Optional.empty();
        if (found) {
            String f = n.path("file").asText("");
            String h = n.path("sha256").asText("");
            if (!FILE.matcher(f).matches() || f.contains("..")) {
                throw at(indexFile, bytes, at, where + " names a file outside the snapshot layout");
            }
            String expected = switch (kind.get()) {
                case KEYS -> SnapshotIndex.KEYS_FILE;
                case PACKUMENT -> SnapshotNames.packumentFile(name);
                case ATTESTATIONS -> SnapshotNames.attestationsFile(name, version);
            };
            if (!f.equals(expected)) {
                throw at(indexFile, bytes, at, where + " answers for " + describe(kind.get(), name, version)
                        + " with " + f + "; its file is " + expected);
            }
            if (!h.matches("[0-9a-f]{64}")) {
                throw at(indexFile, bytes, at, where + " has no valid sha256");
            }
            file = Optional.of(f);
            sha = Optional.of(h);
        }
        return new Entry(kind.get(), name, version, found, file, sha);
    }

    private static String describe(Kind kind, String name, String version) {
        return switch (kind) {
            case KEYS -> "the registry keys";
            case PACKUMENT -> "the packument of " + name;
            case ATTESTATIONS -> "the attestations of " + name + "@" + version;
        };
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
        Path file = dir.resolve(e.file().orElseThrow());
        try {
            long size = ownRegularFile(realDir, file, limit(e.kind()));
            byte[] body;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                body = BoundedReads.readAll(in, limit(e.kind()), size); // it may have grown since checked
            } catch (BoundedReads.TooLarge ex) {
                throw new LockfileException(file, "grew over the " + ex.limit()
                        + "-byte limit for this kind of registry document while being read");
            } catch (IOException ex) {
                throw new LockfileException(file, "cannot read: " + ex.getMessage());
            }
            if (!Digests.sha256Hex(body).equals(e.sha256().orElseThrow())) {
                throw new LockfileException(file, "differs from its sha256 in index.json: the snapshot was changed");
            }
            checkContent(file, e, body);
            return new RegistryResult.Found(body);
        } catch (LockfileException problem) {
            throw new SnapshotException(problem);
        }
    }

    /** The content answers the entry's question: the packument of that package, attestations that exist. */
    private static void checkContent(Path file, Entry e, byte[] body) throws LockfileException {
        try {
            switch (e.kind()) {
                case PACKUMENT -> {
                    Optional<String> name = JsonTrees.topLevelString(body, "name");
                    if (!name.equals(Optional.of(e.name()))) {
                        throw new LockfileException(file, "is listed as the packument of " + e.name() + " but is "
                                + name.map(n -> "that of " + clip(n)).orElse("no packument (no \"name\")"));
                    }
                }
                case ATTESTATIONS -> {
                    if (JsonTrees.topLevelArraySize(body, "attestations") < 1) {
                        throw new LockfileException(file, "index.json says the registry served attestations for "
                                + e.name() + "@" + e.version() + ", but the file holds none");
                    }
                }
                case KEYS -> {
                    // Its shape is judged where it is used; a keys list may legitimately be empty.
                }
            }
        } catch (IOException ex) {
            throw new LockfileException(file, "is not valid JSON: " + clip(String.valueOf(ex.getMessage())));
        }
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 100 ? one.substring(0, 100) + "..." : one;
    }
}
