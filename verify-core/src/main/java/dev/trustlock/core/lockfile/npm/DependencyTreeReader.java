package dev.trustlock.core.lockfile.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.lockfile.Specifiers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads lockfileVersion 1: a nested {@code dependencies} tree mirroring node_modules, each
 * entry with {@code requires} ({name: range}) resolved against its own nested
 * {@code dependencies}, then each ancestor's, then the top level.
 *
 * <p>v1 does not say which section a requirement came from. The lost edge kind is recovered
 * from the target: an entry npm flagged {@code optional: true} is one no required path leads
 * to, so every edge into it came from an optionalDependencies section (esbuild's platform
 * packages, fsevents under chokidar). Without this those packages come out REQUIRED, unlike the
 * same install read from v2/v3. Other edges are PROD. DEV scope still comes from the graph
 * alone: it depends only on the project's own edges.
 */
final class DependencyTreeReader {

    private final JsonShape shape;
    private final ProjectIdentity identity;

    DependencyTreeReader(JsonShape shape, ProjectIdentity identity) {
        this.shape = shape;
        this.identity = identity;
    }

    /** One entry of the tree; the project is the parentless entry holding the top level. */
    private static final class Entry {
        final String installName;
        final String path;
        final JsonNode json;
        final Entry parent;
        final SortedMap<String, Entry> children = new TreeMap<>();
        PackageKey key;

        Entry(String installName, String path, JsonNode json, Entry parent) {
            this.installName = installName;
            this.path = path;
            this.json = json;
            this.parent = parent;
        }

        Optional<Entry> resolve(String name) {
            for (Entry e = this; e != null; e = e.parent) {
                Entry hit = e.children.get(name);
                if (hit != null) {
                    return Optional.of(hit);
                }
            }
            return Optional.empty();
        }
    }

    DependencyGraph read(JsonNode lock) throws LockfileException {
        DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        PackageNode rootNode = identity.rootNode(Optional.empty(), Optional.empty(), Optional.empty());
        builder.root(rootNode);
        Entry project = new Entry("", "", lock, null);
        project.key = rootNode.key();

        // Breadth first without recursion: the parser already bounds depth, this keeps the stack flat.
        List<Entry> all = new ArrayList<>();
        Deque<Entry> todo = new ArrayDeque<>();
        todo.add(project);
        while (!todo.isEmpty()) {
            Entry parent = todo.poll();
            Optional<JsonNode> deps = shape.optionalObject(parent.json, "dependencies", parent.path);
            if (deps.isEmpty()) {
                continue;
            }
            String depsPath = JsonShape.field(parent.path, "dependencies");
            for (Map.Entry<String, JsonNode> e : JsonShape.fields(deps.get())) {
                String path = JsonShape.child(depsPath, e.getKey());
                if (!e.getValue().isObject()) {
                    throw shape.problem(path, "is " + JsonShape.kind(e.getValue()) + ", expected an object");
                }
                Entry child = new Entry(e.getKey(), path, e.getValue(), parent);
                PackageNode node = node(child);
                child.key = node.key();
                builder.add(node);
                parent.children.put(child.installName, child);
                all.add(child);
                todo.add(child);
            }
        }

        InstallLayout layout = new InstallLayout();
        layout.copy(project.path, project.key, true);
        all.forEach(entry -> layout.copy(entry.path, entry.key, false));
        projectEdges(project, builder, layout);
        for (Entry entry : all) {
            for (Map.Entry<String, String> req : shape.stringMap(entry.json, "requires", entry.path).entrySet()) {
                Optional<Entry> target = entry.resolve(req.getKey());
                if (target.isPresent()) {
                    DependencyKind kind = JsonShape.flag(target.get().json, "optional")
                            ? DependencyKind.OPTIONAL : DependencyKind.PROD;
                    layout.edge(entry.path, target.get().path, kind);
                } else {
                    builder.warn(entry.key + " requires " + req.getKey() + "@" + req.getValue()
                            + ", which the lockfile does not install where Node would find it");
                }
            }
        }
        layout.addEdgesTo(builder);
        return builder.build();
    }

    /**
     * v1 has no entry for the project, so its direct dependencies come from package.json.
     * Without one, every top-level entry is taken for a direct dependency: PROD unless npm
     * flagged it {@code dev: true}, then DEV. That over-approximates the project's edges (a
     * hoisted transitive dependency looks direct) but never turns a runtime package into a
     * dev one, which is the mistake that matters for an SBOM.
     */
    private void projectEdges(Entry project, DependencyGraph.Builder builder, InstallLayout layout) {
        if (identity.manifestPresent()) {
            for (Declarations.Declared d : Declarations.ofManifest(identity.manifest())) {
                Optional<Entry> target = project.resolve(d.name());
                if (target.isPresent()) {
                    layout.edge(project.path, target.get().path, d.kind());
                } else if (d.kind() == DependencyKind.PROD || d.kind() == DependencyKind.DEV) {
                    // npm 6 (the last to write v1) did not install peers, and a missing
                    // optional dependency is allowed; anything else missing is worth a word.
                    builder.warn("package.json lists " + d.name() + "@" + d.spec()
                            + ", which the lockfile does not install");
                }
            }
            return;
        }
        builder.warn("no package.json beside the lockfile: taking every top-level entry for a direct "
                + "dependency (dev when the lockfile flags it dev)");
        for (Entry top : project.children.values()) {
            DependencyKind kind = JsonShape.flag(top.json, "dev") ? DependencyKind.DEV : DependencyKind.PROD;
            layout.edge(project.path, top.path, kind);
        }
    }

    /**
     * {@code version} is usually a plain version, but v1 also writes {@code npm:real@1.2.3}
     * for aliases and the spec itself ({@code git+https://...#sha}, {@code file:../x}) for
     * git and local packages, whose real version v1 does not record; the spec then stands in
     * as the version so that distinct sources stay distinct nodes.
     */
    private PackageNode node(Entry entry) throws LockfileException {
        String version = shape.requiredText(entry.json, "version", entry.path);
        Optional<String> resolved = shape.optionalText(entry.json, "resolved", entry.path);
        Optional<String> integrity = shape.optionalText(entry.json, "integrity", entry.path);
        String name = entry.installName;
        SortedSet<String> aliases = Collections.emptySortedSet();
        Optional<Specifiers.Alias> alias = Specifiers.alias(version);
        if (alias.isPresent()) {
            name = alias.get().realName();
            version = alias.get().range();
            aliases = new TreeSet<>(List.of(entry.installName));
        } else if (Specifiers.sourceOf(version) != SourceType.REGISTRY && resolved.isEmpty()) {
            resolved = Optional.of(version);
        }
        SourceType source = Specifiers.sourceOf(resolved.orElse(null));
        Optional<String> localPath = source == SourceType.LOCAL
                ? resolved.map(r -> r.startsWith("file:") ? r.substring(5) : r) : Optional.empty();
        return new PackageNode(PackageKey.of(name, version), source, resolved, integrity, Optional.empty(),
                aliases, localPath, JsonShape.flag(entry.json, "bundled"));
    }
}
