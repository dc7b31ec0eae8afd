package dev.trustlock.cli;

import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.trust.TrustMaterialException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which Sigstore root and npm keys to trust: the options, else a snapshot's own, else the bundled ones. */
final class TrustOptions {

    @Option(names = "--trusted-root", paramLabel = "FILE",
            description = "Sigstore trusted_root.json (default: the snapshot's trust/, else bundled).")
    Path trustedRoot;

    @Option(names = "--npm-keys", paramLabel = "FILE",
            description = "npm registry keys (default: the snapshot's trust/, else bundled).")
    Path npmKeys;

    /** Each half from its option, else from the snapshot's {@code trust/}, else bundled. */
    TrustMaterial load(Optional<Path> snapshot, PrintWriter err) {
        Optional<Path> root = Optional.ofNullable(trustedRoot);
        Optional<Path> keys = Optional.ofNullable(npmKeys);
        boolean fromSnapshot = false;
        if (snapshot.isPresent()) {
            Path dir = snapshot.get().resolve("trust");
            if (root.isEmpty() && Files.isRegularFile(dir.resolve("trusted_root.json"))) {
                root = Optional.of(dir.resolve("trusted_root.json"));
                fromSnapshot = true;
            }
            if (keys.isEmpty() && Files.isRegularFile(dir.resolve("keys.json"))) {
                keys = Optional.of(dir.resolve("keys.json"));
                fromSnapshot = true;
            }
            if (fromSnapshot) {
                err.println("trustlock: note: using the snapshot's own trust material (" + dir
                        + "); pass --trusted-root/--npm-keys to use others");
            }
        }
        try {
            return TrustMaterial.load(root, keys);
        } catch (TrustMaterialException e) {
            throw new UserError(e.getMessage());
        }
    }
}
