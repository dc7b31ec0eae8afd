package dev.trustlock.core.lockfile.yarn;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a yarn berry (yarn 2+) {@code yarn.lock}: YAML whose keys are comma-joined descriptors
 * and whose entries name the package they resolved to in {@code resolution}. The workspaces,
 * root included, are entries too; whether a workspace dependency is dev or prod is not in the
 * lockfile, so it comes from that workspace's package.json when present.
 */
public final class YarnBerryLockfileReader implements LockfileReader {

    /** yarn 2.0 wrote lockfile version 4; older "berry" lockfiles predate a stable format. */
    static final int MIN_VERSION = 4;
    /** The newest lockfile version this reader was checked against (yarn 4.x writes 8..10). */
    static final int MAX_KNOWN_VERSION = 10;
    /** How many example warnings to list when many dependencies share one problem. */
    private static final int EXAMPLES = 5;

    @Override
    public LockfileFormat format() {
        return LockfileFormat.YARN_BERRY;
    }

    /** One lockfile entry, parsed just enough to build nodes and edges. */
    private record Entry(String key, List<YarnDescriptor> descriptors, BerryLocator locator, JsonNode body) {
    }

    @Override
    public DependencyGraph read(Path lockfile) throws LockfileException {
        JsonNode tree = SafeParsers.readYamlAsStrings(lockfile);
        if (!tree.isObject()) {
            throw new LockfileException(lockfile, "not a yarn berry lockfile: the top level is not a mapping");
        }
        JsonNode meta = tree.get("__metadata");
        if (meta == null || !meta.isObject()) {
            throw new LockfileException(lockfile, "not a yarn berry lockfile: it has no __metadata section "
                    + "(yarn 1 lockfiles are read as " + LockfileFormat.YARN_CLASSIC.id() + ")");
        }
        int version = metadataVersion(lockfile, meta.get("version"));
        if (version < MIN_VERSION) {
            throw LockfileException.at(lockfile, "__metadata", "yarn lockfile __metadata.version " + version
                    + " is not supported; trustlock reads yarn berry lockfiles of version " + MIN_VERSION
                    + " and later (run `yarn install` with a current yarn to upgrade it)");
        }

        DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.YARN_BERRY);
        if (version > MAX_KNOWN_VERSION) {
            builder.warn("yarn lockfile __metadata.version " + version + " is newer than the newest known ("
                    + MAX_KNOWN_VERSION + "); read as if it were " + MAX_KNOWN_VERSION);
        }
        List<Entry> entries = entries(lockfile, tree);
        Path projectDir = lockfile.toAbsolutePath().getParent();
        Path rootPackageJson = projectDir == null ? null : projectDir.resolve("package.json");
        boolean rootManifestPresent = rootPackageJson != null && Files.isRegularFile(rootPackageJson);
        ProjectManifest rootManifest = ProjectManifest.besideLockfile(lockfile);
        BerryResolutions resolutions = rootManifestPresent ? resolutions(rootPackageJson) : BerryResolutions.none();

        // Nodes. The root is the workspace at "."; patched and unpatched entries of the same
        // name@version are one package, described by the patch, which is what gets installed.
        Optional<Entry> rootEntry = entries.stream()
                .filter(e -> e.locator().isWorkspace() && e.locator().workspacePath().isEmpty()).findFirst();
        String dirName = projectDir == null || projectDir.getFileName() == null ? "project" : projectDir.getFileName().toString();
        PackageKey rootKey = PackageKey.of(
                rootManifest.name().or(() -> rootEntry.map(e -> e.locator().name())).orElse(dirName),
                rootManifest.version().or(() -> rootEntry.flatMap(e -> realVersion(e.body()))).orElse("0.0.0"));
        builder.root(new PackageNode(rootKey, SourceType.ROOT, Optional.empty(), Optional.empty(), Optional.empty(),
                new TreeSet<>(), Optional.of(""), false));

        Map<String, PackageKey> keyOfEntry = new HashMap<>();
        Map<PackageKey, PackageNode> nodes = new TreeMap<>();
        Map<PackageKey, Optional<ProjectManifest>> workspaceManifests = new HashMap<>();
        Map<PackageKey, String> workspacePaths = new HashMap<>();
        workspaceManifests.put(rootKey, rootManifestPresent ? Optional.of(rootManifest) : Optional.empty());
        workspacePaths.put(rootKey, ".");
        for (Entry e : entries) {
            PackageKey key;
            if (e.locator().isWorkspace() && e.locator().workspacePath().isEmpty()) {
                key = rootKey;
            } else if (e.locator().isWorkspace()) {
                String path = e.locator().workspacePath();
                Optional<ProjectManifest> manifest = workspaceManifest(projectDir, path, builder);
                key = PackageKey.of(manifest.flatMap(ProjectManifest::name).orElse(e.locator().name()),
                        manifest.flatMap(ProjectManifest::version).or(() -> realVersion(e.body())).orElse("0.0.0"));
                workspaceManifests.put(key, manifest);
                workspacePaths.put(key, path);
                nodes.merge(key, new PackageNode(key, SourceType.WORKSPACE, Optional.empty(), Optional.empty(),
                        Optional.empty(), new TreeSet<>(), Optional.of(path), false), (a, b) -> a);
            } else {
                PackageNode node = packageNode(lockfile, e);
                key = node.key();
                nodes.merge(key, node, YarnBerryLockfileReader::preferPatch);
            }
            keyOfEntry.put(e.key(), key);
        }
        nodes.values().forEach(builder::add);

        Resolver resolver = new Resolver(resolutions);
        for (Entry e : entries) {
            PackageKey key = keyOfEntry.get(e.key());
            for (YarnDescriptor d : e.descriptors()) {
                resolver.index(d, key);
            }
            resolver.indexName(key.name(), key);
        }

        List<String> withoutManifest = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        List<String> unmetPeers = new ArrayList<>();
        List<String> ambiguousPeers = new ArrayList<>();
        for (Entry e : entries) {
            PackageKey from = keyOfEntry.get(e.key());
            Set<String> parentNames = new LinkedHashSet<>();
            parentNames.add(from.name());
            e.descriptors().forEach(d -> parentNames.add(d.name()));
            boolean workspace = e.locator().isWorkspace();
            Optional<ProjectManifest> manifest = workspace ? workspaceManifests.getOrDefault(from, Optional.empty())
                    : Optional.empty();
            if (workspace && manifest.isEmpty() && e.body().path("dependencies").size() > 0) {
                withoutManifest.add(workspacePaths.getOrDefault(from, from.name()));
            }
            JsonNode depsMeta = e.body().path("dependenciesMeta");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.body().path("dependencies").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> dep = it.next();
                String name = dep.getKey();
                String range = dep.getValue().asText();
                boolean optional = depsMeta.path(name).path("optional").asBoolean(false);
                Set<DependencyKind> kinds = manifest.map(m -> kindsIn(m, name)).orElse(EnumSet.noneOf(DependencyKind.class));
                if (kinds.isEmpty()) {
                    kinds = EnumSet.of(optional ? DependencyKind.OPTIONAL : DependencyKind.PROD);
                }
                Optional<PackageKey> to = resolver.dependency(parentNames, name, range);
                if (to.isPresent()) {
                    for (DependencyKind k : kinds) {
                        builder.edge(from, to.get(), k);
                    }
                } else if (!kinds.equals(EnumSet.of(DependencyKind.OPTIONAL))) {
                    unresolved.add(from + " -> " + name + "@" + range);
                }
            }
            JsonNode peerMeta = e.body().path("peerDependenciesMeta");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.body().path("peerDependencies").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> peer = it.next();
                String name = peer.getKey();
                String range = peer.getValue().asText();
                boolean optional = peerMeta.path(name).path("optional").asBoolean(false);
                Set<PackageKey> candidates = resolver.peer(name, range);
                if (candidates.size() == 1) {
                    builder.edge(from, candidates.iterator().next(), optional ? DependencyKind.OPTIONAL : DependencyKind.PEER);
                } else if (candidates.isEmpty()) {
                    if (!optional) {
                        unmetPeers.add(from + " -> " + name + "@" + range);
                    }
                } else {
                    ambiguousPeers.add(from + " -> " + name + "@" + range);
                }
            }
        }
        summarise(builder, withoutManifest, " workspaces have no package.json here, so dev and prod cannot be told "
                + "apart; their dependencies are taken as production dependencies");
        summarise(builder, unresolved, " dependencies are not in yarn.lock under their descriptor; edges skipped");
        summarise(builder, unmetPeers, " peer dependencies are installed by no lockfile entry (unmet peers); edges skipped");
        summarise(builder, ambiguousPeers, " peer dependencies match several installed versions and yarn.lock does not "
                + "record which one the parent provides; edges skipped (the parent's own edge still reaches it)");
        return builder.build();
    }

    private static List<Entry> entries(Path lockfile, JsonNode tree) throws LockfileException {
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equals("__metadata")) {
                continue;
            }
            JsonNode body = field.getValue();
            if (!body.isObject()) {
                throw new LockfileException(lockfile, "entry '" + key + "' is not a mapping");
            }
            JsonNode resolution = body.get("resolution");
            if (resolution == null || !resolution.isTextual() || resolution.asText().isBlank()) {
                throw new LockfileException(lockfile, "entry '" + key + "' has no resolution");
            }
            BerryLocator locator = BerryLocator.parse(resolution.asText());
            if (locator.name().isEmpty() || locator.reference().isEmpty()) {
                throw new LockfileException(lockfile, "entry '" + key + "' has an unreadable resolution '"
                        + resolution.asText() + "'");
            }
            List<YarnDescriptor> descriptors = new ArrayList<>();
            for (String d : key.split(", ")) {
                if (!d.isBlank()) {
                    descriptors.add(YarnDescriptor.parse(d.trim()));
                }
            }
            entries.add(new Entry(key, descriptors, locator, body));
        }
        return entries;
    }

    private static PackageNode packageNode(Path lockfile, Entry e) throws LockfileException {
        BerryLocator locator = e.locator();
        String name = locator.name();
        // The resolution's npm:x.y.z is quoted in the file; the version field is not, and YAML
        // would read a version like 1.10 as a number. Prefer the resolution when it has one.
        String version = locator.registryVersion().or(() -> realVersion(e.body()))
                .orElseThrow(() -> new LockfileException(lockfile, "entry '" + e.key() + "' has no version"));
        TreeSet<String> aliases = new TreeSet<>();
        for (YarnDescriptor d : e.descriptors()) {
            if (!d.name().equals(name)) {
                aliases.add(d.name());
            }
        }
        return new PackageNode(PackageKey.of(name, version), locator.source(), Optional.of(locator.toString()),
                Optional.empty(), Optional.empty(), aliases, locator.localPath(), false);
    }

    /** The entry's version, unless it is yarn's placeholder for workspaces. */
    private static Optional<String> realVersion(JsonNode body) {
        JsonNode v = body.get("version");
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() || v.asText().equals("0.0.0-use.local")) {
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    private static PackageNode preferPatch(PackageNode a, PackageNode b) {
        boolean bPatched = b.resolved().map(r -> BerryLocator.parse(r).isPatch()).orElse(false);
        boolean aPatched = a.resolved().map(r -> BerryLocator.parse(r).isPatch()).orElse(false);
        PackageNode first = bPatched && !aPatched ? b : a;
        PackageNode second = first == a ? b : a;
        TreeSet<String> aliases = new TreeSet<>(first.aliases());
        aliases.addAll(second.aliases());
        return new PackageNode(first.key(), first.source(), first.resolved().or(second::resolved), Optional.empty(),
                Optional.empty(), aliases, first.path().or(second::path), false);
    }

    private static Optional<ProjectManifest> workspaceManifest(Path projectDir, String path, DependencyGraph.Builder builder)
            throws LockfileException {
        if (projectDir != null && !projectDir.toAbsolutePath().normalize().resolve(path).normalize()
                .startsWith(projectDir.toAbsolutePath().normalize())) {
            builder.warn("workspace path " + path + " points outside the project; its package.json is not read");
        }
        return ProjectManifest.inside(projectDir, path);
    }

    private static Set<DependencyKind> kindsIn(ProjectManifest m, String name) {
        Set<DependencyKind> kinds = EnumSet.noneOf(DependencyKind.class);
        if (m.dependencies().containsKey(name)) {
            kinds.add(DependencyKind.PROD);
        }
        if (m.devDependencies().containsKey(name)) {
            kinds.add(DependencyKind.DEV);
        }
        if (m.optionalDependencies().containsKey(name)) {
            // npm and yarn install an optionalDependencies entry as optional even when it is
            // also listed under dependencies.
            kinds.remove(DependencyKind.PROD);
            kinds.add(DependencyKind.OPTIONAL);
        }
        if (m.peerDependencies().containsKey(name) && kinds.isEmpty()) {
            kinds.add(DependencyKind.PEER);
        }
        return kinds;
    }

    private static BerryResolutions resolutions(Path packageJson) throws LockfileException {
        return BerryResolutions.of(ProjectManifest.stringMap(SafeParsers.readJson(packageJson).get("resolutions")));
    }

    private static int metadataVersion(Path lockfile, JsonNode v) throws LockfileException {
        if (v == null || v.isNull()) {
            throw new LockfileException(lockfile, "yarn lockfile has no __metadata.version; cannot tell which "
                    + "format it is (trustlock reads version " + MIN_VERSION + " and later)");
        }
        if (v.isIntegralNumber()) {
            return v.asInt();
        }
        String text = v.asText().trim();
        if (text.matches("\\d{1,6}")) {
            return Integer.parseInt(text);
        }
        throw new LockfileException(lockfile, "yarn lockfile __metadata.version '" + text + "' is not a number");
    }

    private static void summarise(DependencyGraph.Builder builder, List<String> items, String problem) {
        if (items.isEmpty()) {
            return;
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(items));
        String examples = String.join("; ", sorted.subList(0, Math.min(EXAMPLES, sorted.size())));
        builder.warn(sorted.size() + problem + " (e.g. " + examples + (sorted.size() > EXAMPLES ? "; ..." : "") + ")");
    }

    /** Descriptor to entry, the way yarn berry looked it up when it wrote the lockfile. */
    private static final class Resolver {
        private final BerryResolutions resolutions;
        private final Map<String, PackageKey> byDescriptor = new HashMap<>();
        /** Descriptors without berry's ::locator=... bindings, which package.json does not write. */
        private final Map<String, PackageKey> byUnboundDescriptor = new HashMap<>();
        private final Set<String> ambiguousUnbound = new java.util.HashSet<>();
        private final Map<String, Set<PackageKey>> byName = new HashMap<>();

        Resolver(BerryResolutions resolutions) {
            this.resolutions = resolutions;
        }

        void index(YarnDescriptor d, PackageKey key) {
            byDescriptor.put(d.toString(), key);
            String unbound = d.name() + "@" + BerryLocator.stripParams(d.range());
            if (!unbound.equals(d.toString())) {
                PackageKey previous = byUnboundDescriptor.putIfAbsent(unbound, key);
                if (previous != null && !previous.equals(key)) {
                    ambiguousUnbound.add(unbound);
                }
            }
            indexName(d.name(), key);
        }

        void indexName(String name, PackageKey key) {
            byName.computeIfAbsent(name, n -> new TreeSet<>()).add(key);
        }

        Optional<PackageKey> dependency(Set<String> parentNames, String name, String range) {
            Optional<String> override = resolutions.override(parentNames, name, range);
            if (override.isPresent()) {
                Optional<PackageKey> k = lookup(name, override.get());
                if (k.isPresent()) {
                    return k;
                }
            }
            return lookup(name, range);
        }

        private Optional<PackageKey> lookup(String name, String range) {
            for (String r : List.of(range, YarnDescriptor.berryRange(range))) {
                PackageKey k = byDescriptor.get(name + "@" + r);
                String unbound = name + "@" + BerryLocator.stripParams(r);
                if (k == null && !ambiguousUnbound.contains(unbound)) {
                    k = byUnboundDescriptor.get(unbound);
                }
                if (k != null) {
                    return Optional.of(k);
                }
            }
            if (range.startsWith("workspace:")) {
                Set<PackageKey> named = byName.getOrDefault(name, Set.of());
                if (named.size() == 1) {
                    return Optional.of(named.iterator().next());
                }
            }
            return Optional.empty();
        }

        /**
         * Berry does not key peers by their range (the parent provides them), so a peer
         * resolves to its descriptor when one exists, else to every installed version of that
         * name; the caller links it only when that is exactly one.
         */
        Set<PackageKey> peer(String name, String range) {
            Optional<PackageKey> exact = lookup(name, range);
            if (exact.isPresent()) {
                return Set.of(exact.get());
            }
            return byName.getOrDefault(name, Set.of());
        }
    }
}
