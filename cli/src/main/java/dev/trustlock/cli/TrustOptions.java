package dev.trustlock.cli;

import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.trust.SealedTrustFiles;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.trust.TrustMaterialException;
import dev.trustlock.core.trust.TufTrustRefresher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which Sigstore root and npm keys to trust: each half from its option, else from what
 * {@code trustlock trust-update} last wrote to its default place, else the bundled snapshot.
 * Never from a registry snapshot: a snapshot is evidence, and whoever wrote it could have put
 * their own CA and keys beside their own attestations.
 */
final class TrustOptions {

    @Option(names = "--trusted-root", paramLabel = "FILE",
            description = "Sigstore trusted_root.json (default: trust-update's, else bundled).")
    Path trustedRoot;

    @Option(names = "--npm-keys", paramLabel = "FILE",
            description = "npm registry keys (default: trust-update's, else bundled).")
    Path npmKeys;

    TrustMaterial load() {
        Path dir = TufTrustRefresher.defaultCacheDir();
        Optional<Path> root = Optional.ofNullable(trustedRoot).or(() -> written(dir.resolve(SealedTrustFiles.TRUSTED_ROOT)));
        Optional<Path> keys = Optional.ofNullable(npmKeys).or(() -> written(dir.resolve(SealedTrustFiles.NPM_KEYS)));
        if (trustedRoot == null && root.isPresent() || npmKeys == null && keys.isPresent()) {
            requireSealed(dir);
        }
        try {
            return TrustMaterial.load(root, keys);
        } catch (TrustMaterialException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static Optional<Path> written(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * What trust-update wrote to its default output directory is used only under this user's
     * seal. That directory is under ~/.cache, which CI jobs restore from caches others can write:
     * files there without the seal stop the run (exit 2) rather than being used or quietly
     * replaced by the bundled material.
     */
    private static void requireSealed(Path dir) {
        boolean sealed;
        try {
            sealed = SealedTrustFiles.sealed(dir, CacheSeal.forUser());
        } catch (java.io.IOException e) {
            sealed = false;
        }
        if (!sealed) {
            throw new UserError("the trust material in " + dir + " is not sealed by this user's key ("
                    + CacheSeal.defaultKeyFile(System.getenv()) + " or " + CacheSeal.SECRET_ENV
                    + "), so it may not be what trust-update wrote; run trustlock trust-update again, "
                    + "or pass --trusted-root and --npm-keys");
        }
    }
}
