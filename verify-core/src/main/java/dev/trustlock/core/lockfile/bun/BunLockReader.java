package dev.trustlock.core.lockfile.bun;

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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads bun's text lockfile, bun.lock (JSONC), lockfileVersion 0, 1 and 2. Version 2 (written
 * by bun 1.4 for new lockfiles) has the same content as 1; bun only checks more at install.
 * {@code workspaces} gives the root and workspace nodes with their declared dependencies;
 * {@code packages} maps install paths to tuples, and dependencies resolve by install path
 * the way Node looks up node_modules.
 */
public final class BunLockReader implements LockfileReader {

    private static final Set<Integer> SUPPORTED = Set.of(0, 1, 2);

    @Override
    public LockfileFormat format() {
        return LockfileFormat.BUN;
    }

    @Override
    public DependencyGraph read(Path lockfile) throws LockfileException {
        JsonNode doc = SafeParsers.readJsonc(lockfile);
        if (!doc.isObject()) {
            throw new LockfileException(lockfile, "not a bun.lock: the top level is not a JSON object");
        }
        JsonNode v = doc.get("lockfileVersion");
        if (v == null || v.isNull()) {
            throw new LockfileException(lockfile, "no lockfileVersion: not a bun.lock trustlock can read");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || !SUPPORTED.contains(v.intValue())) {
            throw LockfileException.at(lockfile, "\"lockfileVersion\"", "unsupported bun.lock lockfileVersion '" + v.asText()
                    + "' (trustlock reads 0, 1 and 2)");
        }
        for (String section : new String[] {"workspaces", "packages"}) {
            JsonNode s = doc.get(section);
            if (s != null && !s.isObject()) {
                throw new LockfileException(lockfile, "'" + section + "' is not a JSON object");
            }
        }
        return new Reading(lockfile, doc).run();
    }

    /** State of one read. */
    private static final class Reading {
        private final Path lockfile;
        private final Path dir;
        private final JsonNode workspaces;
        private final JsonNode packagesJson;
        private final DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.BUN);
        /** install path -> entry, sorted so that output and warnings are deterministic. */
        private final Map<String, BunPackageEntry> entries = new TreeMap<>();
        /** install path -> node it installs (workspace entries point at the workspace node). */
        private final Map<String, PackageKey> nodeAt = new HashMap<>();
        /** workspace path ("" for the root) -> its node. */
        private final Map<String, PackageKey> projectNodes = new TreeMap<>();
        /** workspace path -> install path its dependencies resolve from. */
        private final Map<String, String> projectInstallPath = new HashMap<>();
        private final Set<PackageKey> projectKeys = new HashSet<>();

        Reading(Path lockfile, JsonNode doc) {
            this.lockfile = lockfile;
            this.dir = lockfile.toAbsolutePath().normalize().getParent();
            this.workspaces = doc.path("workspaces");
            this.packagesJson = doc.path("packages");
        }

        DependencyGraph run() throws LockfileException {
            for (Map.Entry<String, JsonNode> e : fields(packagesJson).entrySet()) {
                entries.put(e.getKey(), BunPackageEntry.parse(lockfile, e.getKey(), e.getValue()));
            }
            addRoot();
            for (Map.Entry<String, JsonNode> ws : fields(workspaces).entrySet()) {
                if (!ws.getKey().isEmpty()) {
                    addWorkspace(normalise(ws.getKey()), ws.getValue());
                }
            }
            for (BunPackageEntry entry : entries.values()) {
                addEntry(entry);
            }
            for (Map.Entry<String, JsonNode> ws : fields(workspaces).entrySet()) {
                String path = ws.getKey().isEmpty() ? "" : normalise(ws.getKey());
                projectEdges(path, ws.getValue());
            }
            for (BunPackageEntry entry : entries.values()) {
                PackageKey from = nodeAt.get(entry.installPath());
                if (from != null && !projectKeys.contains(from)) {
                    packageEdges(from, entry);
                }
            }
            return builder.build();
        }

        private void addRoot() throws LockfileException {
            ProjectManifest manifest = ProjectManifest.besideLockfile(lockfile);
            JsonNode recorded = workspaces.path("");
            String dirName = dir == null || dir.getFileName() == null ? "project" : dir.getFileName().toString();
            PackageKey key = PackageKey.of(
                    manifest.name().or(() -> text(recorded, "name")).orElse(dirName),
                    manifest.version().or(() -> text(recorded, "version")).orElse("0.0.0"));
            builder.root(new PackageNode(key, SourceType.ROOT, Optional.empty(), Optional.empty(),
                    manifest.license(), Collections.emptySortedSet(), Optional.of(""), false));
            projectNodes.put("", key);
            projectInstallPath.put("", "");
            projectKeys.add(key);
        }

        private void addWorkspace(String path, JsonNode recorded) throws LockfileException {
            boolean complete = text(recorded, "name").isPresent() && text(recorded, "version").isPresent();
            Optional<ProjectManifest> manifest = complete ? Optional.empty() : manifestAt(path);
            String name = text(recorded, "name").or(() -> manifest.flatMap(ProjectManifest::name)).orElse(path);
            String version = text(recorded, "version").or(() -> manifest.flatMap(ProjectManifest::version)).orElse("0.0.0");
            PackageKey key = PackageKey.of(name, version);
            builder.add(new PackageNode(key, SourceType.WORKSPACE, Optional.empty(), Optional.empty(),
                    Optional.empty(), Collections.emptySortedSet(), Optional.of(path), false));
            projectNodes.put(path, key);
            projectKeys.add(key);
            // bun installs a workspace under its name; its own nested dependencies live below that key.
            String installPath = name;
            for (BunPackageEntry e : entries.values()) {
                if (e.kind() == BunPackageEntry.Kind.WORKSPACE && normalise(e.localPath()).equals(path)) {
                    installPath = e.installPath();
                    break;
                }
            }
            projectInstallPath.put(path, installPath);
        }

        private void addEntry(BunPackageEntry e) throws LockfileException {
            switch (e.kind()) {
                case ROOT -> nodeAt.put(e.installPath(), projectNodes.get(""));
                case WORKSPACE -> {
                    String path = normalise(e.localPath());
                    if (!projectNodes.containsKey(path)) {
                        // Listed as a workspace package but absent from "workspaces": still a project member.
                        addWorkspace(path, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                .put("name", e.name()));
                    }
                    nodeAt.put(e.installPath(), projectNodes.get(path));
                }
                default -> {
                    PackageKey key = PackageKey.of(e.name(), version(e));
                    builder.add(node(key, e));
                    nodeAt.put(e.installPath(), key);
                }
            }
        }

        /** Versions bun leaves out (folders, links, git, odd tarballs) come from package.json or the spec. */
        private String version(BunPackageEntry e) throws LockfileException {
            Optional<String> v = e.version();
            if (v.isPresent()) {
                return v.get();
            }
            if (e.kind() == BunPackageEntry.Kind.FOLDER || e.kind() == BunPackageEntry.Kind.LINK) {
                Optional<String> fromManifest = manifestAt(normalise(e.localPath())).flatMap(ProjectManifest::version);
                if (fromManifest.isPresent()) {
                    return fromManifest.get();
                }
            }
            // No version anywhere: the specifier itself is the only stable identity there is.
            return e.kind() == BunPackageEntry.Kind.FOLDER || e.kind() == BunPackageEntry.Kind.LINK ? "0.0.0" : e.spec();
        }

        private PackageNode node(PackageKey key, BunPackageEntry e) {
            SourceType source;
            Optional<String> resolved;
            Optional<String> path = Optional.empty();
            switch (e.kind()) {
                case NPM -> {
                    source = SourceType.REGISTRY;
                    resolved = e.registry().filter(r -> r.contains("/-/"));
                }
                case FOLDER, LINK -> {
                    source = SourceType.LOCAL;
                    resolved = Optional.of(e.spec());
                    path = Optional.of(normalise(e.localPath()));
                }
                case GIT -> {
                    source = SourceType.GIT;
                    resolved = Optional.of(e.spec());
                }
                default -> {
                    resolved = Optional.of(e.spec());
                    source = Specifiers.sourceOf(e.spec());
                    if (source == SourceType.LOCAL) {
                        path = Optional.of(normalise(e.localPath()));
                    }
                }
            }
            Set<String> aliases = e.installedAs().equals(e.name()) ? Set.of() : Set.of(e.installedAs());
            return new PackageNode(key, source, resolved, e.integrity(), Optional.empty(),
                    new TreeSet<>(aliases), path, false);
        }

        private void projectEdges(String path, JsonNode recorded) {
            PackageKey from = projectNodes.get(path);
            String installPath = projectInstallPath.getOrDefault(path, "");
            String who = path.isEmpty() ? "the project" : "workspace " + path;
            edges(from, installPath, recorded.path("dependencies"), DependencyKind.PROD, Set.of(), who);
            edges(from, installPath, recorded.path("devDependencies"), DependencyKind.DEV, Set.of(), who);
            edges(from, installPath, recorded.path("optionalDependencies"), DependencyKind.OPTIONAL, Set.of(), who);
            edges(from, installPath, recorded.path("peerDependencies"), DependencyKind.PEER,
                    optionalPeers(recorded), who);
        }

        private void packageEdges(PackageKey from, BunPackageEntry e) {
            JsonNode meta = e.meta();
            String who = "package " + from;
            edges(from, e.installPath(), meta.path("dependencies"), DependencyKind.PROD, Set.of(), who);
            edges(from, e.installPath(), meta.path("optionalDependencies"), DependencyKind.OPTIONAL, Set.of(), who);
            edges(from, e.installPath(), meta.path("peerDependencies"), DependencyKind.PEER, optionalPeers(meta), who);
        }

        /** bun writes {@code optionalPeers: [names]}; package.json style peerDependenciesMeta is honoured too. */
        private static Set<String> optionalPeers(JsonNode meta) {
            Set<String> result = new HashSet<>();
            JsonNode list = meta.path("optionalPeers");
            if (list.isArray()) {
                list.forEach(n -> {
                    if (n.isTextual()) {
                        result.add(n.asText());
                    }
                });
            }
            fields(meta.path("peerDependenciesMeta")).forEach((name, m) -> {
                if (m.path("optional").asBoolean(false)) {
                    result.add(name);
                }
            });
            return result;
        }

        private void edges(PackageKey from, String installPath, JsonNode deps, DependencyKind kind,
                           Set<String> optionalPeers, String who) {
            for (String dep : fields(deps).keySet()) {
                DependencyKind k = kind == DependencyKind.PEER && optionalPeers.contains(dep) ? DependencyKind.OPTIONAL : kind;
                Optional<PackageKey> to = resolve(installPath, dep);
                if (to.isPresent()) {
                    builder.edge(from, to.get(), k);
                } else if (k != DependencyKind.OPTIONAL) {
                    builder.warn(who + " depends on " + dep + ", which the lockfile does not record; edge skipped");
                }
            }
        }

        private Optional<PackageKey> resolve(String installPath, String dep) {
            for (String candidate : BunInstallPaths.candidates(installPath, dep)) {
                PackageKey key = nodeAt.get(candidate);
                if (key != null) {
                    return Optional.of(key);
                }
            }
            return Optional.empty();
        }

        private Optional<ProjectManifest> manifestAt(String relative) throws LockfileException {
            return ProjectManifest.inside(dir, relative);
        }

        private static String normalise(String relative) {
            String s = Path.of(relative).normalize().toString().replace('\\', '/');
            return s.equals(".") ? "" : s;
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
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}
