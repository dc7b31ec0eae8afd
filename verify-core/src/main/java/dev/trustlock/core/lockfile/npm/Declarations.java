package dev.trustlock.core.lockfile.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.ProjectManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dependencies one package-lock entry (or package.json) declares, one per name, with the
 * kind npm gives it when a name appears in several sections.
 */
final class Declarations {

    /** One declared dependency: the name it is installed under, the range, and the kind. */
    record Declared(String name, String spec, DependencyKind kind) {
    }

    private Declarations() {
    }

    /**
     * Arborist loads peer, then prod, then optional, then dev sections and a later section
     * replaces an earlier one for the same name, except that a name listed in both
     * dependencies and devDependencies stays required (arborist's own comment: "Packages in
     * both deps and devDeps are required"). An optional peer (peerDependenciesMeta) is
     * OPTIONAL; arborist calls that edge peerOptional and treats it as optional.
     *
     * @param includeDev whether devDependencies count: only for the project and workspaces,
     *                   since npm never installs the devDependencies of an installed package
     */
    static List<Declared> of(JsonShape shape, JsonNode entry, String path, boolean includeDev)
            throws LockfileException {
        Map<String, Declared> byName = new TreeMap<>();
        Map<String, String> peers = shape.stringMap(entry, "peerDependencies", path);
        JsonNode meta = entry.path("peerDependenciesMeta");
        for (Map.Entry<String, String> e : peers.entrySet()) {
            boolean optional = meta.path(e.getKey()).path("optional").asBoolean(false);
            byName.put(e.getKey(), new Declared(e.getKey(), e.getValue(),
                    optional ? DependencyKind.OPTIONAL : DependencyKind.PEER));
        }
        shape.stringMap(entry, "dependencies", path)
                .forEach((n, s) -> byName.put(n, new Declared(n, s, DependencyKind.PROD)));
        shape.stringMap(entry, "optionalDependencies", path)
                .forEach((n, s) -> byName.put(n, new Declared(n, s, DependencyKind.OPTIONAL)));
        if (includeDev) {
            for (Map.Entry<String, String> e : shape.stringMap(entry, "devDependencies", path).entrySet()) {
                Declared current = byName.get(e.getKey());
                boolean runtime = current != null
                        && (current.kind() == DependencyKind.PROD || current.kind() == DependencyKind.OPTIONAL);
                if (!runtime) {
                    byName.put(e.getKey(), new Declared(e.getKey(), e.getValue(), DependencyKind.DEV));
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** From a package.json (npm v1 lockfiles do not record the project's own dependencies). */
    static List<Declared> ofManifest(ProjectManifest manifest) {
        Map<String, Declared> byName = new TreeMap<>();
        manifest.peerDependencies().forEach((n, s) -> byName.put(n, new Declared(n, s, DependencyKind.PEER)));
        manifest.dependencies().forEach((n, s) -> byName.put(n, new Declared(n, s, DependencyKind.PROD)));
        manifest.optionalDependencies().forEach((n, s) -> byName.put(n, new Declared(n, s, DependencyKind.OPTIONAL)));
        manifest.devDependencies().forEach((n, s) -> {
            Declared current = byName.get(n);
            if (current == null || current.kind() == DependencyKind.PEER) {
                byName.put(n, new Declared(n, s, DependencyKind.DEV));
            }
        });
        return new ArrayList<>(byName.values());
    }

    /** Specs that point at a folder or tarball on disk rather than at a registry or git. */
    static boolean isLocalSpec(String spec) {
        return spec.startsWith("file:") || spec.startsWith("link:") || spec.startsWith("./")
                || spec.startsWith("../") || spec.startsWith("/") || spec.startsWith("~/");
    }
}
