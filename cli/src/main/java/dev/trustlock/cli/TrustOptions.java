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

    TrustMaterial load(Optional<Path> snapshot, PrintWriter err) {
        try {
            if (trustedRoot == null && npmKeys == null && snapshot.isPresent()) {
                Path root = snapshot.get().resolve("trust/trusted_root.json");
                Path keys = snapshot.get().resolve("trust/keys.json");
                if (Files.isRegularFile(root) && Files.isRegularFile(keys)) {
                    err.println("trustlock: note: using the snapshot's own trust material ("
                            + snapshot.get().resolve("trust") + "); pass --trusted-root/--npm-keys to use others");
                    return TrustMaterial.load(root, keys);
                }
            }
            return TrustMaterial.load(Optional.ofNullable(trustedRoot), Optional.ofNullable(npmKeys));
        } catch (TrustMaterialException e) {
            throw new UserError(e.getMessage());
        }
    }
}
