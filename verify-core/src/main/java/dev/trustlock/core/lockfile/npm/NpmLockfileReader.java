package dev.trustlock.core.lockfile.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.LockfileReader;
import dev.trustlock.core.lockfile.ProjectManifest;
import dev.trustlock.core.lockfile.SafeParsers;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. Versions 2 and
 * 3 are read from their {@code packages} map (authoritative; v2's duplicate v1-style
 * {@code dependencies} tree is ignored), version 1 from its nested {@code dependencies} tree.
 */
public final class NpmLockfileReader implements LockfileReader {

    @Override
    public LockfileFormat format() {
        return LockfileFormat.NPM_PACKAGE_LOCK;
    }

    @Override
    public DependencyGraph read(Path lockfile) throws LockfileException {
        JsonNode lock = SafeParsers.readJson(lockfile);
        JsonShape shape = new JsonShape(lockfile);
        if (!lock.isObject()) {
            throw new LockfileException(lockfile, "the top level is " + JsonShape.kind(lock) + ", expected a package-lock JSON object");
        }
        int version = lockfileVersion(lockfile, lock);
        Path manifestFile = lockfile.toAbsolutePath().getParent() == null
                ? null : lockfile.toAbsolutePath().getParent().resolve("package.json");
        boolean manifestPresent = manifestFile != null && Files.isRegularFile(manifestFile);
        ProjectManifest manifest = manifestPresent ? ProjectManifest.read(manifestFile) : ProjectManifest.empty();
        ProjectIdentity identity = ProjectIdentity.of(lockfile, lock, manifest, manifestPresent);

        JsonNode packages = lock.get("packages");
        if (version >= 2 && packages != null && !packages.isNull()) {
            return new PackagesMapReader(shape, identity).read(packages);
        }
        if (version == 3) {
            throw new LockfileException(lockfile, "lockfileVersion 3 but there is no \"packages\" object");
        }
        // v1, or a v2 file that lost its packages map: the v1 tree is the same install.
        return new DependencyTreeReader(shape, identity).read(lock);
    }

    private static int lockfileVersion(Path file, JsonNode lock) throws LockfileException {
        JsonNode v = lock.get("lockfileVersion");
        if (v == null || v.isNull()) {
            throw new LockfileException(file, "has no lockfileVersion; trustlock reads package-lock versions 1, 2 and 3");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new LockfileException(file, "lockfileVersion is " + JsonShape.kind(v)
                    + "; trustlock reads package-lock versions 1, 2 and 3");
        }
        int version = v.intValue();
        if (version < 1 || version > 3) {
            throw LockfileException.at(file, "\"lockfileVersion\"", "unsupported lockfileVersion " + version
                    + "; trustlock reads package-lock versions 1, 2 and 3");
        }
        return version;
    }
}
