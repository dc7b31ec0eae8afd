package dev.trustlock.core.lockfile.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.ProjectManifest;
import dev.trustlock.core.lockfile.SourceType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;

/**
 * What is known about the project itself: the package.json beside the lockfile (when there is
 * one) and the name/version the lockfile records at its top level.
 *
 * @param manifest        package.json beside the lockfile, or empty
 * @param manifestPresent whether that package.json exists (an empty one still counts)
 * @param lockName        top-level {@code name} of the lockfile
 * @param lockVersion     top-level {@code version} of the lockfile
 * @param directoryName   name of the folder holding the lockfile, the last resort for a name
 */
record ProjectIdentity(ProjectManifest manifest, boolean manifestPresent, Optional<String> lockName,
                       Optional<String> lockVersion, String directoryName) {

    static ProjectIdentity of(Path lockfile, JsonNode lock, ProjectManifest manifest, boolean manifestPresent) {
        Path dir = lockfile.toAbsolutePath().normalize().getParent();
        String dirName = dir == null || dir.getFileName() == null ? "project" : dir.getFileName().toString();
        return new ProjectIdentity(manifest, manifestPresent, text(lock, "name"), text(lock, "version"), dirName);
    }

    /**
     * The root node. package.json beside the lockfile wins (it is what npm reads), then the
     * lockfile's record of the root ({@code packages[""]}, then the top level), then the
     * folder name; each of name and version falls back on its own.
     */
    PackageNode rootNode(Optional<String> entryName, Optional<String> entryVersion, Optional<String> entryLicense) {
        String name = manifest.name().or(() -> entryName).or(() -> lockName).orElse(directoryName);
        String version = manifest.version().or(() -> entryVersion).or(() -> lockVersion).orElse("0.0.0");
        return new PackageNode(PackageKey.of(name, version), SourceType.ROOT, Optional.empty(), Optional.empty(),
                entryLicense.or(manifest::license), Collections.emptySortedSet(), Optional.of(""), false);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}
