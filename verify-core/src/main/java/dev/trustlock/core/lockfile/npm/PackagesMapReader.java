package dev.trustlock.core.lockfile.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.ProjectManifest;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.lockfile.WorkspaceGlobs;
import dev.trustlock.core.lockfile.Specifiers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads the {@code packages} map of lockfileVersion 2 and 3: one entry per location on disk
 * ({@code ""} the project, {@code node_modules/a/node_modules/b} an installed package,
 * {@code packages/x} a workspace folder), which is what {@code npm ci} lays out.
 */
final class PackagesMapReader {

    /** Links are followed at most this far; npm writes one hop, more means a cycle. */
    private static final int MAX_LINK_HOPS = 8;

    private final JsonShape shape;
    private final ProjectIdentity identity;

    /** Every non-link entry, the project ("") included, by location. Sorted for stable output. */
    // Insertion-ordered (the lockfile's own order) rather than sorted: every use is a lookup or
    // an order-independent pass, the graph sorts its output, and sorted maps of long paths cost
    // measurably in start-up code that runs interpreted.
    private final Map<String, JsonNode> entries = new LinkedHashMap<>();
    /** link location -> the location it points at. */
    private final Map<String, String> links = new LinkedHashMap<>();
    private final List<String> extraneous = new ArrayList<>();

    PackagesMapReader(JsonShape shape, ProjectIdentity identity) {
        this.shape = shape;
        this.identity = identity;
    }

    DependencyGraph read(JsonNode packages) throws LockfileException {
        if (!packages.isObject()) {
            throw shape.problem("packages", "is " + JsonShape.kind(packages) + ", expected an object");
        }
        collect(packages);
        DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);

        Optional<JsonNode> rootEntry = Optional.ofNullable(entries.get(""));
        if (rootEntry.isEmpty()) {
            // npm always writes packages[""], but a hand-trimmed file may not: the project is
            // still the root, its dependencies then come from package.json.
            entries.put("", JsonNodeFactory.instance.objectNode());
        }
        ProjectManifest rootManifest = rootEntry.map(ProjectManifest::fromJson).orElse(identity.manifest());
        List<String> globs = rootManifest.workspaces().isEmpty()
                ? identity.manifest().workspaces() : rootManifest.workspaces();
        WorkspaceGlobs workspaces = WorkspaceGlobs.of(globs);

        Map<String, List<Resolved>> resolvedDeps = resolveAll(rootEntry.isEmpty());
        Map<String, SourceType> folderSources = classifyFolders(workspaces, resolvedDeps);
        Map<String, PackageKey> keys = addNodes(builder, rootEntry, folderSources);
        addEdges(builder, keys, folderSources, resolvedDeps);
        warnAboutLeftovers(builder);
        return builder.build();
    }

    /** Every dependency each entry declares, resolved to the location Node would load it from. */
    private Map<String, List<Resolved>> resolveAll(boolean rootFromManifest) throws LockfileException {
        Map<String, List<Resolved>> resolvedDeps = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            String location = e.getKey();
            boolean mayHaveDev = !isInstalled(location);
            List<Declarations.Declared> declared = location.isEmpty() && rootFromManifest
                    ? Declarations.ofManifest(identity.manifest())
                    : Declarations.of(shape, e.getValue(), JsonShape.child("packages", location), mayHaveDev);
            List<Resolved> list = new ArrayList<>();
            for (Declarations.Declared d : declared) {
                list.add(new Resolved(d, resolve(location, d.name())));
            }
            resolvedDeps.put(location, list);
        }
        return resolvedDeps;
    }

    /** One node per entry; returns each location's key. */
    private Map<String, PackageKey> addNodes(DependencyGraph.Builder builder, Optional<JsonNode> rootEntry,
                                             Map<String, SourceType> folderSources) throws LockfileException {
        Map<String, PackageKey> keys = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            String location = e.getKey();
            JsonNode entry = e.getValue();
            String path = JsonShape.child("packages", location);
            PackageNode node;
            if (location.isEmpty()) {
                node = identity.rootNode(rootEntry.flatMap(r -> textOrEmpty(r, "name")),
                        rootEntry.flatMap(r -> textOrEmpty(r, "version")),
                        shape.optionalText(entry, "license", path));
                builder.root(node);
            } else if (isInstalled(location)) {
                node = installedNode(location, entry, path);
                builder.add(node);
            } else {
                node = folderNode(location, entry, path, folderSources.get(location));
                builder.add(node);
            }
            keys.put(location, node.key());
        }
        return keys;
    }

    private void addEdges(DependencyGraph.Builder builder, Map<String, PackageKey> keys,
                          Map<String, SourceType> folderSources, Map<String, List<Resolved>> resolvedDeps) {
        InstallLayout layout = new InstallLayout();
        for (Map.Entry<String, PackageKey> e : keys.entrySet()) {
            String location = e.getKey();
            layout.copy(location, e.getValue(),
                    location.isEmpty() || folderSources.get(location) == SourceType.WORKSPACE);
        }
        for (Map.Entry<String, List<Resolved>> e : resolvedDeps.entrySet()) {
            String location = e.getKey();
            PackageKey from = keys.get(location);
            boolean project = location.isEmpty() || folderSources.get(location) == SourceType.WORKSPACE;
            for (Resolved r : e.getValue()) {
                DependencyKind kind = r.declared().kind();
                if (kind == DependencyKind.DEV && !project) {
                    continue; // a LOCAL folder's devDependencies are not ours to follow
                }
                if (r.target().isPresent()) {
                    layout.edge(location, r.target().get(), kind);
                } else if (kind != DependencyKind.OPTIONAL) {
                    builder.warn(describe(location, from) + " depends on " + r.declared().name() + "@"
                            + r.declared().spec() + " (" + kind.name().toLowerCase(Locale.ROOT)
                            + "), which the lockfile does not install where Node would find it");
                }
            }
        }
        layout.addEdgesTo(builder);
    }

    private void warnAboutLeftovers(DependencyGraph.Builder builder) {
        for (Map.Entry<String, String> link : links.entrySet()) {
            if (follow(link.getKey()).isEmpty()) {
                builder.warn("link " + link.getKey() + " points at " + link.getValue()
                        + ", which the lockfile does not record");
            }
        }
        if (!extraneous.isEmpty()) {
            List<String> shown = extraneous.subList(0, Math.min(10, extraneous.size()));
            builder.warn("left out " + extraneous.size() + " extraneous lockfile entr"
                    + (extraneous.size() == 1 ? "y" : "ies") + " that npm prunes on install: "
                    + String.join(", ", shown) + (shown.size() < extraneous.size() ? ", ..." : ""));
        }
    }

    private record Resolved(Declarations.Declared declared, Optional<String> target) {
    }

    private void collect(JsonNode packages) throws LockfileException {
        for (Map.Entry<String, JsonNode> e : JsonShape.fields(packages)) {
            String location = e.getKey();
            JsonNode entry = e.getValue();
            String path = JsonShape.child("packages", location);
            if (!entry.isObject()) {
                throw shape.problem(path, "is " + JsonShape.kind(entry) + ", expected an object");
            }
            if (!location.isEmpty() && JsonShape.flag(entry, "extraneous")) {
                // npm marks entries nothing depends on as extraneous and prunes them when it
                // installs ("extraneous modules are pruned automatically when modules are
                // installed", npm-prune docs; arborist's idealTree prune drops them before
                // reify, npm ci included). They are never on disk after a clean install, so
                // they are not part of what the SBOM describes; the warning keeps them visible.
                extraneous.add(location);
                continue;
            }
            if (!location.isEmpty() && JsonShape.flag(entry, "link")) {
                links.put(location, normalise(shape.requiredText(entry, "resolved", path)));
                continue;
            }
            if (isInstalled(location)) {
                if (installName(location).isBlank() || installName(location).endsWith("/")) {
                    throw shape.problem(path, "does not end in a package name");
                }
                shape.requiredText(entry, "version", path);
            }
            entries.put(location, entry);
        }
    }

    /**
     * Node's module lookup: from location P, try {@code P/node_modules/N}, then the same in
     * each enclosing directory up to the project root (skipping directories that are
     * themselves named node_modules). A hit that is a link resolves to the link's target.
     */
    private Optional<String> resolve(String from, String name) {
        // Walks from the package's own folder up to the project root, nearest first, without
        // building the list of ancestors: this runs for every dependency of every entry.
        boolean outside = from.equals("..") || from.startsWith("../");
        String dir = from;
        while (true) {
            boolean nodeModules = dir.equals("node_modules") || dir.endsWith("/node_modules");
            if (!nodeModules) {
                if (outside && onlyParentSegments(dir)) {
                    // A folder outside the project resolves only within itself (arborist gives it
                    // no fsParent inside the project).
                    break;
                }
                String candidate = (dir.isEmpty() ? "" : dir + "/") + "node_modules/" + name;
                Optional<String> hit = follow(candidate);
                if (hit.isPresent()) {
                    return hit;
                }
                if (links.containsKey(candidate)) {
                    return Optional.empty(); // a dangling link shadows whatever is further up
                }
            }
            if (dir.isEmpty()) {
                return Optional.empty();
            }
            int slash = dir.lastIndexOf('/');
            dir = slash < 0 ? "" : dir.substring(0, slash);
        }
        return Optional.empty();
    }

    /** True for "", "..", "../..": a path that only climbs out of the project. */
    private static boolean onlyParentSegments(String dir) {
        for (String segment : dir.isEmpty() ? new String[0] : dir.split("/")) {
            if (!segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> follow(String location) {
        String current = location;
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            if (entries.containsKey(current)) {
                return Optional.of(current);
            }
            String next = links.get(current);
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.empty();
    }

    /**
     * Folders (entries outside any node_modules) are workspaces when the project's
     * {@code workspaces} globs match them. Otherwise npm only records a folder because a
     * {@code file:} dependency links to it, so it is LOCAL; a folder that a link reaches
     * although no {@code file:} spec asks for it and no glob matches is taken for a workspace
     * written in a glob form we do not expand (npm links folders for nothing else).
     */
    private Map<String, SourceType> classifyFolders(WorkspaceGlobs workspaces,
                                                    Map<String, List<Resolved>> resolvedDeps) {
        Set<String> linked = new HashSet<>(links.values());
        Set<String> viaLocalSpec = new HashSet<>();
        for (List<Resolved> list : resolvedDeps.values()) {
            for (Resolved r : list) {
                if (r.target().isPresent() && Declarations.isLocalSpec(r.declared().spec())) {
                    viaLocalSpec.add(r.target().get());
                }
            }
        }
        Map<String, SourceType> result = new LinkedHashMap<>();
        for (String location : entries.keySet()) {
            if (location.isEmpty() || isInstalled(location)) {
                continue;
            }
            boolean workspace = workspaces.matches(location)
                    || (linked.contains(location) && !viaLocalSpec.contains(location) && !location.startsWith("../"));
            result.put(location, workspace ? SourceType.WORKSPACE : SourceType.LOCAL);
        }
        return result;
    }

    private PackageNode installedNode(String location, JsonNode entry, String path) throws LockfileException {
        String installName = installName(location);
        String name = shape.optionalText(entry, "name", path).filter(s -> !s.isBlank()).orElse(installName);
        String version = shape.requiredText(entry, "version", path);
        Optional<String> resolved = shape.optionalText(entry, "resolved", path);
        Optional<String> integrity = shape.optionalText(entry, "integrity", path);
        SourceType source = Specifiers.sourceOf(resolved.orElse(null));
        Optional<String> localPath = source == SourceType.LOCAL
                ? resolved.map(r -> r.startsWith("file:") ? r.substring(5) : r) : Optional.empty();
        SortedSet<String> aliases = name.equals(installName) ? Collections.emptySortedSet() : new TreeSet<>(Set.of(installName));
        return new PackageNode(PackageKey.of(name, version), source, resolved, integrity,
                license(entry, path), aliases, localPath, JsonShape.flag(entry, "inBundle"));
    }

    private PackageNode folderNode(String location, JsonNode entry, String path, SourceType source)
            throws LockfileException {
        Optional<String> linkName = links.entrySet().stream()
                .filter(l -> l.getValue().equals(location)).map(l -> installName(l.getKey())).findFirst();
        String fallback = source == SourceType.WORKSPACE
                ? location : location.substring(location.lastIndexOf('/') + 1);
        String name = shape.optionalText(entry, "name", path).filter(s -> !s.isBlank())
                .or(() -> linkName).orElse(fallback);
        String version = shape.optionalText(entry, "version", path).filter(s -> !s.isBlank()).orElse("0.0.0");
        Optional<String> resolved = source == SourceType.LOCAL ? Optional.of("file:" + location) : Optional.empty();
        return new PackageNode(PackageKey.of(name, version), source, resolved, Optional.empty(),
                license(entry, path), Collections.emptySortedSet(), Optional.of(location), false);
    }

    private Optional<String> license(JsonNode entry, String path) throws LockfileException {
        JsonNode v = entry.get("license");
        if (v != null && v.isObject() && v.path("type").isTextual()) {
            return Optional.of(v.path("type").asText()); // the old {type, url} form
        }
        return shape.optionalText(entry, "license", path).filter(s -> !s.isBlank());
    }

    private static Optional<String> textOrEmpty(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String describe(String location, PackageKey key) {
        return location.isEmpty() ? "the project" : key + " (at " + location + ")";
    }

    /** A location inside some node_modules folder, i.e. an installed package rather than a folder. */
    static boolean isInstalled(String location) {
        for (String segment : location.split("/")) {
            if (segment.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** The name a package is installed under: what follows the last node_modules/ (one or two segments). */
    static String installName(String location) {
        int i = location.lastIndexOf("node_modules/");
        return i < 0 ? location : location.substring(i + "node_modules/".length());
    }

    /** Collapses "./" and "a/.." so a link's resolved matches the folder entry's key. */
    static String normalise(String path) {
        List<String> out = new ArrayList<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else {
                out.add(segment);
            }
        }
        return String.join("/", out);
    }
}
