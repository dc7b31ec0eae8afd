package dev.trustlock.core.lockfile.yarn;

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
import dev.trustlock.core.lockfile.WorkspaceGlobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a yarn 1 {@code yarn.lock}. The lockfile records packages but not the project: the
 * root's direct dependencies and the workspace members come from the package.json files.
 */
public final class YarnClassicLockfileReader implements LockfileReader {

    private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-fA-F]{40}");

    @Override
    public LockfileFormat format() {
        return LockfileFormat.YARN_CLASSIC;
    }

    @Override
    public DependencyGraph read(Path lockfile) throws LockfileException {
        String text = SafeParsers.readText(lockfile);
        if (text.isBlank()) {
            throw new LockfileException(lockfile, 1, 1, "file is empty");
        }
        if (text.lines().limit(50).anyMatch(l -> l.startsWith("__metadata:"))) {
            throw new LockfileException(lockfile, "this is a yarn berry (yarn 2+) lockfile, not yarn 1; "
                    + "read it as " + LockfileFormat.YARN_BERRY.id());
        }
        List<YarnClassicParser.Entry> entries = YarnClassicParser.parse(lockfile, text);
        Path projectDir = lockfile.toAbsolutePath().getParent();
        ProjectManifest manifest = ProjectManifest.besideLockfile(lockfile);

        DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.YARN_CLASSIC);
        PackageNode root = projectNode(SourceType.ROOT, manifest,
                projectDir == null || projectDir.getFileName() == null ? "project" : projectDir.getFileName().toString(), "");
        builder.root(root);

        Map<String, PackageKey> byDescriptor = new HashMap<>();
        List<PackageKey> entryKeys = new ArrayList<>();
        for (YarnClassicParser.Entry entry : entries) {
            PackageNode node = toNode(lockfile, entry);
            builder.add(node);
            entryKeys.add(node.key());
            for (String d : entry.descriptors()) {
                byDescriptor.put(d, node.key());
            }
        }

        Map<String, PackageKey> workspacesByName = new TreeMap<>();
        Map<PackageKey, ProjectManifest> workspaceManifests = new TreeMap<>();
        if (projectDir != null && !manifest.workspaces().isEmpty()) {
            for (String rel : WorkspaceGlobs.expand(projectDir, manifest.workspaces(), builder::warn)) {
                Path pkg = projectDir.resolve(rel).resolve("package.json");
                if (!Files.isRegularFile(pkg)) {
                    builder.warn("workspace " + rel + " has no package.json; its dependencies are unknown");
                    continue;
                }
                ProjectManifest member = ProjectManifest.read(pkg);
                PackageNode node = projectNode(SourceType.WORKSPACE, member, rel, rel);
                builder.add(node);
                workspacesByName.putIfAbsent(node.name(), node.key());
                workspaceManifests.put(node.key(), member);
            }
        }

        Resolver resolver = new Resolver(byDescriptor, workspacesByName);
        for (int i = 0; i < entries.size(); i++) {
            YarnClassicParser.Block body = entries.get(i).body();
            PackageKey from = entryKeys.get(i);
            addEdges(builder, resolver, from, body.children().get("dependencies"), DependencyKind.PROD);
            addEdges(builder, resolver, from, body.children().get("optionalDependencies"), DependencyKind.OPTIONAL);
            addEdges(builder, resolver, from, body.children().get("peerDependencies"), DependencyKind.PEER);
        }
        addManifestEdges(builder, resolver, root.key(), manifest);
        for (Map.Entry<PackageKey, ProjectManifest> ws : workspaceManifests.entrySet()) {
            addManifestEdges(builder, resolver, ws.getKey(), ws.getValue());
        }
        return builder.build();
    }

    /** The root or a workspace member, named from its package.json. */
    private static PackageNode projectNode(SourceType source, ProjectManifest manifest, String fallbackName, String path) {
        PackageKey key = PackageKey.of(manifest.name().orElse(fallbackName), manifest.version().orElse("0.0.0"));
        return new PackageNode(key, source, Optional.empty(), Optional.empty(), Optional.empty(),
                new TreeSet<>(), Optional.of(path), false);
    }

    private static PackageNode toNode(Path lockfile, YarnClassicParser.Entry entry) throws LockfileException {
        Map<String, String> fields = entry.body().scalars();
        String version = fields.get("version");
        if (version == null || version.isBlank()) {
            throw new LockfileException(lockfile, entry.line(), 1,
                    "entry '" + entry.descriptors().get(0) + "' has no version");
        }
        // The installed package is the alias target when a descriptor says npm:real@range;
        // a plain descriptor in the same block names it directly, so that one wins.
        String realName = null;
        TreeSet<String> aliases = new TreeSet<>();
        List<YarnDescriptor> descriptors = new ArrayList<>();
        for (String d : entry.descriptors()) {
            YarnDescriptor desc = YarnDescriptor.parse(d);
            descriptors.add(desc);
            if (desc.alias().isEmpty() && realName == null) {
                realName = desc.name();
            }
        }
        if (realName == null) {
            realName = descriptors.get(0).realName();
        }
        for (YarnDescriptor desc : descriptors) {
            if (!desc.name().equals(realName)) {
                aliases.add(desc.name());
            }
        }

        Optional<String> resolved = Optional.ofNullable(fields.get("resolved")).filter(s -> !s.isBlank());
        Optional<String> integrity = Optional.ofNullable(fields.get("integrity")).filter(s -> !s.isBlank());
        SourceType source;
        Optional<String> path = Optional.empty();
        if (resolved.isPresent()) {
            source = Specifiers.sourceOf(resolved.get());
            String url = resolved.get();
            int hash = url.lastIndexOf('#');
            if (source != SourceType.GIT && hash > 0 && SHA1_HEX.matcher(url.substring(hash + 1)).matches()) {
                // For tarballs the fragment is yarn's sha1 of the file, not part of the URL
                // (for git URLs it is the commit, which stays).
                if (integrity.isEmpty()) {
                    byte[] sha1 = HexFormat.of().parseHex(url.substring(hash + 1).toLowerCase());
                    integrity = Optional.of("sha1-" + Base64.getEncoder().encodeToString(sha1));
                }
                resolved = Optional.of(url.substring(0, hash));
            }
            if (source == SourceType.LOCAL) {
                path = Optional.of(localPath(resolved.get()));
            }
        } else {
            // yarn 1 writes no 'resolved' for file: / link: dependencies; the range says where.
            String range = descriptors.get(0).alias().map(Specifiers.Alias::range).orElse(descriptors.get(0).range());
            boolean local = range.startsWith("file:") || range.startsWith("link:");
            source = local ? SourceType.LOCAL : YarnDescriptor.hasProtocol(range) || range.contains("/")
                    ? Specifiers.sourceOf(range) : SourceType.REGISTRY;
            if (local) {
                resolved = Optional.of(range);
                path = Optional.of(localPath(range));
            }
        }
        return new PackageNode(PackageKey.of(realName, version), source, resolved, integrity, Optional.empty(),
                aliases, path, false);
    }

    private static String localPath(String spec) {
        int colon = spec.indexOf(':');
        return colon > 0 && colon < 8 ? spec.substring(colon + 1) : spec;
    }

    private static void addEdges(DependencyGraph.Builder builder, Resolver resolver, PackageKey from,
                                 YarnClassicParser.Block deps, DependencyKind kind) {
        if (deps == null) {
            return;
        }
        for (Map.Entry<String, String> dep : deps.scalars().entrySet()) {
            link(builder, resolver, from, dep.getKey(), dep.getValue(), kind);
        }
    }

    private static void addManifestEdges(DependencyGraph.Builder builder, Resolver resolver, PackageKey from,
                                         ProjectManifest manifest) {
        manifest.dependencies().forEach((n, r) -> link(builder, resolver, from, n, r, DependencyKind.PROD));
        manifest.devDependencies().forEach((n, r) -> link(builder, resolver, from, n, r, DependencyKind.DEV));
        manifest.optionalDependencies().forEach((n, r) -> link(builder, resolver, from, n, r, DependencyKind.OPTIONAL));
        manifest.peerDependencies().forEach((n, r) -> link(builder, resolver, from, n, r, DependencyKind.PEER));
    }

    private static void link(DependencyGraph.Builder builder, Resolver resolver, PackageKey from,
                             String name, String range, DependencyKind kind) {
        Optional<PackageKey> to = resolver.resolve(name, range);
        if (to.isPresent()) {
            builder.edge(from, to.get(), kind);
        } else if (kind != DependencyKind.OPTIONAL) {
            builder.warn(from + " depends on " + name + "@" + range + " (" + kind.name().toLowerCase()
                    + "), which yarn.lock does not contain; edge skipped");
        }
    }

    /** Descriptor {@code name@range} to the entry yarn resolved it to, else a workspace of that name. */
    private record Resolver(Map<String, PackageKey> byDescriptor, Map<String, PackageKey> workspacesByName) {
        Optional<PackageKey> resolve(String name, String range) {
            PackageKey key = byDescriptor.get(name + "@" + range);
            if (key == null && range.isEmpty()) {
                key = byDescriptor.get(name + "@*");
            }
            if (key == null) {
                // yarn 1 links a workspace instead of writing an entry for it.
                key = workspacesByName.get(name);
            }
            return Optional.ofNullable(key);
        }
    }
}
