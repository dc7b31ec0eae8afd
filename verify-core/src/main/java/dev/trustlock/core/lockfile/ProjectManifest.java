package dev.trustlock.core.lockfile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of a package.json that lockfile readers need: the project's identity, its direct
 * dependencies by kind (yarn classic records none of them in yarn.lock) and its workspace globs.
 */
public record ProjectManifest(
        Optional<String> name,
        Optional<String> version,
        Optional<String> license,
        Map<String, String> dependencies,
        Map<String, String> devDependencies,
        Map<String, String> optionalDependencies,
        Map<String, String> peerDependencies,
        List<String> workspaces) {

    public ProjectManifest {
        dependencies = Collections.unmodifiableMap(new TreeMap<>(dependencies));
        devDependencies = Collections.unmodifiableMap(new TreeMap<>(devDependencies));
        optionalDependencies = Collections.unmodifiableMap(new TreeMap<>(optionalDependencies));
        peerDependencies = Collections.unmodifiableMap(new TreeMap<>(peerDependencies));
        workspaces = List.copyOf(workspaces);
    }

    public static ProjectManifest empty() {
        return new ProjectManifest(Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(), Map.of(), Map.of(), Map.of(), List.of());
    }

    /** package.json beside the lockfile, or {@link #empty()} when there is none. */
    public static ProjectManifest besideLockfile(Path lockfile) throws LockfileException {
        Path dir = lockfile.toAbsolutePath().getParent();
        Path manifest = dir == null ? null : dir.resolve("package.json");
        if (manifest == null || !Files.isRegularFile(manifest)) {
            return empty();
        }
        return read(manifest);
    }

    /**
     * package.json of a folder of the project (a workspace member, a linked folder), if it has
     * one. Never reads outside {@code projectDir}: a lockfile naming {@code ../../elsewhere} must
     * not make trustlock read files the user did not point it at.
     */
    public static Optional<ProjectManifest> inside(Path projectDir, String relative) throws LockfileException {
        if (projectDir == null) {
            return Optional.empty();
        }
        Path base = projectDir.toAbsolutePath().normalize();
        Path target = base.resolve(relative).normalize();
        if (!target.startsWith(base)) {
            return Optional.empty();
        }
        Path pj = target.resolve("package.json");
        return Files.isRegularFile(pj) ? Optional.of(read(pj)) : Optional.empty();
    }

    public static ProjectManifest read(Path packageJson) throws LockfileException {
        JsonNode root = SafeParsers.readJson(packageJson);
        if (!root.isObject()) {
            throw new LockfileException(packageJson, "package.json is not a JSON object");
        }
        return fromJson(root);
    }

    public static ProjectManifest fromJson(JsonNode root) {
        return new ProjectManifest(
                text(root, "name"), text(root, "version"), license(root),
                stringMap(root.get("dependencies")), stringMap(root.get("devDependencies")),
                stringMap(root.get("optionalDependencies")), stringMap(root.get("peerDependencies")),
                workspaces(root.get("workspaces")));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Optional<String> license(JsonNode root) {
        JsonNode v = root.get("license");
        if (v != null && v.isTextual()) {
            return Optional.of(v.asText());
        }
        if (v != null && v.isObject() && v.path("type").isTextual()) {
            return Optional.of(v.path("type").asText());
        }
        return Optional.empty();
    }

    public static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> result = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    result.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return result;
    }

    private static List<String> workspaces(JsonNode node) {
        List<String> result = new ArrayList<>();
        JsonNode list = node != null && node.isObject() ? node.get("packages") : node;
        if (list != null && list.isArray()) {
            list.forEach(v -> {
                if (v.isTextual()) {
                    result.add(v.asText());
                }
            });
        }
        return result;
    }
}
