package dev.trustlock.core.lockfile.pnpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.LockfileReader;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.ProjectManifest;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.lockfile.Specifiers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.x. Importers become the root and
 * workspace nodes; {@code packages} (and in 9.x {@code snapshots}, which carry the graph) become
 * one node per real name@version, whatever peer variants pnpm installed of it.
 */
public final class PnpmLockfileReader implements LockfileReader {

    private static final Map<String, DependencyKind> IMPORTER_SECTIONS = sections(
            "dependencies", DependencyKind.PROD,
            "devDependencies", DependencyKind.DEV,
            "optionalDependencies", DependencyKind.OPTIONAL);

    @Override
    public LockfileFormat format() {
        return LockfileFormat.PNPM;
    }

    @Override
    public DependencyGraph read(Path lockfile) throws LockfileException {
        JsonNode doc = SafeParsers.readYaml(lockfile);
        if (!doc.isObject()) {
            throw new LockfileException(lockfile, "not a pnpm lockfile: the top level is not a mapping");
        }
        PnpmLockfileVersion version = PnpmLockfileVersion.of(lockfile, doc);
        return new Reading(lockfile, doc, version).run();
    }

    private static Map<String, DependencyKind> sections(Object... pairs) {
        Map<String, DependencyKind> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (DependencyKind) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** State of one read: the document, the nodes found so far and where each key led. */
    private static final class Reading {
        private final Path lockfile;
        private final Path dir;
        private final JsonNode doc;
        private final PnpmLockfileVersion version;
        private final DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.PNPM);
        private final Map<String, JsonNode> packages;
        private final Map<String, JsonNode> snapshots;
        /** packages/snapshots key -> node key. */
        private final Map<String, PackageKey> nodeOfKey = new HashMap<>();
        /** importer path ("." or packages/a, normalised) -> root/workspace node key. */
        private final Map<String, PackageKey> importerNodes = new TreeMap<>();
        /** Package nodes, added to the builder last so that aliases met on edges can join them. */
        private final List<PackageNode> found = new ArrayList<>();
        /** node key -> names dependents use for it when they differ from its real name. */
        private final Map<PackageKey, SortedSet<String>> aliases = new HashMap<>();

        Reading(Path lockfile, JsonNode doc, PnpmLockfileVersion version) {
            this.lockfile = lockfile;
            this.dir = lockfile.toAbsolutePath().normalize().getParent();
            this.doc = doc;
            this.version = version;
            this.packages = fields(doc.get("packages"));
            JsonNode snaps = doc.get("snapshots");
            this.snapshots = version.snapshotsFormat() && snaps != null && snaps.isObject() ? fields(snaps) : packages;
        }

        DependencyGraph run() throws LockfileException {
            Map<String, JsonNode> importers = importers();
            addRoot();
            Map<String, String> linkedNames = linkedNames(importers);
            for (String path : importers.keySet()) {
                if (!importerPath(path).equals(".")) {
                    addWorkspace(importerPath(path), Optional.ofNullable(linkedNames.get(importerPath(path))));
                }
            }
            for (Map.Entry<String, JsonNode> e : packages.entrySet()) {
                addPackage(e.getKey(), e.getValue());
            }
            if (snapshots != packages) {
                for (String key : snapshots.keySet()) {
                    addSnapshot(key);
                }
            }
            for (Map.Entry<String, JsonNode> e : snapshots.entrySet()) {
                packageEdges(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, JsonNode> e : importers.entrySet()) {
                importerEdges(importerPath(e.getKey()), e.getValue());
            }
            for (PackageNode n : found) {
                SortedSet<String> names = aliases.getOrDefault(n.key(), Collections.emptySortedSet());
                builder.add(new PackageNode(n.key(), n.source(), n.resolved(), n.integrity(), n.license(),
                        names, n.path(), n.bundled()));
            }
            return builder.build();
        }

        /** Workspaces list importers; a single-project 5.x/6.x lockfile has its deps at the top. */
        private Map<String, JsonNode> importers() {
            JsonNode importers = doc.get("importers");
            if (importers != null && importers.isObject()) {
                return fields(importers);
            }
            Map<String, JsonNode> single = new LinkedHashMap<>();
            single.put(".", doc);
            return single;
        }

        private void addRoot() throws LockfileException {
            ProjectManifest manifest = ProjectManifest.besideLockfile(lockfile);
            String dirName = dir == null || dir.getFileName() == null ? "project" : dir.getFileName().toString();
            PackageKey key = PackageKey.of(manifest.name().orElse(dirName), manifest.version().orElse("0.0.0"));
            builder.root(new PackageNode(key, SourceType.ROOT, Optional.empty(), Optional.empty(),
                    manifest.license(), Collections.emptySortedSet(), Optional.of(""), false));
            importerNodes.put(".", key);
        }

        /**
         * The name each importer path is depended on by ({@code '@vue/shared': link:../shared}),
         * for workspaces whose package.json is not beside the lockfile: the lockfile itself names
         * them no other way. The first reference in importer order wins.
         */
        private static Map<String, String> linkedNames(Map<String, JsonNode> importers) {
            Map<String, String> names = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : importers.entrySet()) {
                for (String section : IMPORTER_SECTIONS.keySet()) {
                    for (Map.Entry<String, JsonNode> dep : fields(e.getValue().get(section)).entrySet()) {
                        Optional<String> ref = reference(dep.getValue());
                        if (ref.isPresent() && ref.get().startsWith("link:")) {
                            names.putIfAbsent(normalise(importerPath(e.getKey()), ref.get().substring(5)), dep.getKey());
                        }
                    }
                }
            }
            return names;
        }

        /**
         * A workspace is named by its package.json, else by the name it is linked under, else (as
         * npm names a package.json without one) by its directory: never by its path.
         */
        private void addWorkspace(String path, Optional<String> linkedName) throws LockfileException {
            Optional<ProjectManifest> manifest = manifestAt(path);
            String name = manifest.flatMap(ProjectManifest::name).or(() -> linkedName)
                    .orElse(path.substring(path.lastIndexOf('/') + 1));
            String ver = manifest.flatMap(ProjectManifest::version).orElse("0.0.0");
            PackageKey key = PackageKey.of(name, ver);
            builder.add(new PackageNode(key, SourceType.WORKSPACE, Optional.empty(), Optional.empty(),
                    manifest.flatMap(ProjectManifest::license), Collections.emptySortedSet(), Optional.of(path), false));
            importerNodes.put(path, key);
        }

        private Optional<ProjectManifest> manifestAt(String relative) throws LockfileException {
            return ProjectManifest.inside(dir, relative);
        }

        private void addPackage(String key, JsonNode entry) {
            Optional<PackageKey> pk = packageKey(key, entry);
            if (pk.isEmpty()) {
                builder.warn("pnpm package '" + key + "' names no package and version; skipped");
                return;
            }
            found.add(node(pk.get(), entry));
            nodeOfKey.put(key, pk.get());
        }

        /** 9.x: a snapshot shares name, version and resolution with its peer-less packages entry. */
        private void addSnapshot(String key) {
            String base = PnpmDepPaths.snapshotBase(key);
            JsonNode entry = packages.get(base);
            if (entry != null && nodeOfKey.containsKey(base)) {
                nodeOfKey.put(key, nodeOfKey.get(base));
                return;
            }
            JsonNode meta = entry != null ? entry : snapshots.get(key);
            Optional<PackageKey> pk = packageKey(key, meta);
            if (pk.isEmpty()) {
                builder.warn("pnpm snapshot '" + key + "' names no package and version; skipped");
                return;
            }
            found.add(node(pk.get(), meta));
            nodeOfKey.put(key, pk.get());
        }

        /** Name and version: the entry's own fields win (non-registry packages), else the key's. */
        private Optional<PackageKey> packageKey(String key, JsonNode entry) {
            Optional<PnpmDepPaths.Parsed> parsed = PnpmDepPaths.parse(key, version);
            Optional<String> name = text(entry, "name").or(() -> parsed.map(PnpmDepPaths.Parsed::name));
            Optional<String> ver = text(entry, "version").or(() -> parsed.map(PnpmDepPaths.Parsed::version));
            if (name.isEmpty() || ver.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(PackageKey.of(name.get(), ver.get()));
        }

        private PackageNode node(PackageKey key, JsonNode entry) {
            JsonNode res = entry == null ? null : entry.get("resolution");
            Optional<String> integrity = text(res, "integrity");
            Optional<String> resolved = Optional.empty();
            Optional<String> path = Optional.empty();
            SourceType source = SourceType.REGISTRY;
            if (res != null && res.isObject()) {
                String type = text(res, "type").orElse("");
                if (type.equals("git") || res.has("repo")) {
                    String repo = text(res, "repo").orElse("");
                    resolved = Optional.of(repo + text(res, "commit").map(c -> "#" + c).orElse(""));
                    source = SourceType.GIT;
                } else if (type.equals("directory") || res.has("directory")) {
                    path = text(res, "directory");
                    resolved = path.map(p -> "file:" + p);
                    source = SourceType.LOCAL;
                } else if (res.has("tarball")) {
                    resolved = text(res, "tarball");
                    source = Specifiers.sourceOf(resolved.orElse(""));
                    if (source == SourceType.LOCAL) {
                        path = resolved.map(r -> r.startsWith("file:") ? r.substring(5) : r);
                    }
                }
            }
            return new PackageNode(key, source, resolved, integrity, Optional.empty(),
                    Collections.emptySortedSet(), path, false);
        }

        private void packageEdges(String key, JsonNode snap) {
            PackageKey from = nodeOfKey.get(key);
            if (from == null || snap == null || !snap.isObject()) {
                return;
            }
            // Peer declarations live with the metadata: the packages entry (same object before 9.x).
            JsonNode meta = snapshots == packages ? snap : packages.get(PnpmDepPaths.snapshotBase(key));
            Set<String> peers = new TreeSet<>(fields(meta == null ? null : meta.get("peerDependencies")).keySet());
            JsonNode peersMeta = meta == null ? null : meta.get("peerDependenciesMeta");
            for (Map.Entry<String, JsonNode> dep : fields(snap.get("dependencies")).entrySet()) {
                String name = dep.getKey();
                DependencyKind kind = DependencyKind.PROD;
                if (peers.contains(name)) {
                    boolean optionalPeer = peersMeta != null && peersMeta.path(name).path("optional").asBoolean(false);
                    kind = optionalPeer ? DependencyKind.OPTIONAL : DependencyKind.PEER;
                }
                edge(from, ".", name, reference(dep.getValue()), kind, "package " + from);
            }
            for (Map.Entry<String, JsonNode> dep : fields(snap.get("optionalDependencies")).entrySet()) {
                edge(from, ".", dep.getKey(), reference(dep.getValue()), DependencyKind.OPTIONAL, "package " + from);
            }
        }

        private void importerEdges(String path, JsonNode importer) {
            PackageKey from = importerNodes.get(path);
            for (Map.Entry<String, DependencyKind> section : IMPORTER_SECTIONS.entrySet()) {
                for (Map.Entry<String, JsonNode> dep : fields(importer.get(section.getKey())).entrySet()) {
                    edge(from, path, dep.getKey(), reference(dep.getValue()), section.getValue(),
                            path.equals(".") ? "the project" : "workspace " + path);
                }
            }
        }

        /** 5.x writes a bare reference; 6.x and later {@code {specifier, version}}. */
        private static Optional<String> reference(JsonNode value) {
            if (value == null) {
                return Optional.empty();
            }
            if (value.isObject()) {
                return text(value, "version");
            }
            return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
        }

        /**
         * @param base directory that {@code link:} references are relative to: the importer's for
         *             importers, the lockfile's for packages
         */
        private void edge(PackageKey from, String base, String depName, Optional<String> ref, DependencyKind kind,
                          String who) {
            if (ref.isEmpty()) {
                return;
            }
            Optional<PackageKey> to = target(base, depName, ref.get());
            if (to.isEmpty()) {
                if (kind != DependencyKind.OPTIONAL) {
                    builder.warn(who + " depends on " + depName + " (" + ref.get()
                            + ") which the lockfile does not record; edge skipped");
                }
                return;
            }
            if (!to.get().name().equals(depName) && !importerNodes.containsValue(to.get())) {
                aliases.computeIfAbsent(to.get(), k -> new TreeSet<>()).add(depName);
            }
            builder.edge(from, to.get(), kind);
        }

        private Optional<PackageKey> target(String base, String depName, String ref) {
            if (ref.startsWith("link:")) {
                return linkTarget(base, depName, ref.substring(5));
            }
            Optional<String> key = PnpmDepPaths.keyOfReference(depName, ref, version);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            PackageKey found = nodeOfKey.get(key.get());
            if (found == null && version.snapshotsFormat()) {
                found = nodeOfKey.get(PnpmDepPaths.snapshotBase(key.get()));
            }
            return Optional.ofNullable(found);
        }

        /** {@code link:} targets are importers (workspaces) or, rarely, a directory outside them. */
        private Optional<PackageKey> linkTarget(String base, String depName, String relative) {
            String path = normalise(base, relative);
            PackageKey importer = importerNodes.get(path);
            if (importer != null) {
                return Optional.of(importer);
            }
            // A linked directory outside the workspace is still installed: record it as local.
            Optional<ProjectManifest> manifest;
            try {
                manifest = manifestAt(path);
            } catch (LockfileException e) {
                builder.warn("cannot read package.json of linked directory " + path + ": " + e.getMessage());
                manifest = Optional.empty();
            }
            PackageKey key = PackageKey.of(manifest.flatMap(ProjectManifest::name).orElse(depName),
                    manifest.flatMap(ProjectManifest::version).orElse("0.0.0"));
            found.add(new PackageNode(key, SourceType.LOCAL, Optional.of("link:" + path), Optional.empty(),
                    Optional.empty(), Collections.emptySortedSet(), Optional.of(path), false));
            return Optional.of(key);
        }

        /** Joins an importer path and a relative link into a lockfile-relative path ("." for the root). */
        private static String normalise(String base, String relative) {
            Path joined = Path.of(base).resolve(relative).normalize();
            String s = joined.toString().replace('\\', '/');
            return s.isEmpty() ? "." : s;
        }

        private static String importerPath(String raw) {
            return normalise(".", raw);
        }
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        }
        return m;
    }

    private static Optional<String> text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()
                ? Optional.of(v.asText()) : Optional.empty();
    }
}
