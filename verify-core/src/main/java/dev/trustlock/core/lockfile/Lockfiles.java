package dev.trustlock.core.lockfile;

import dev.trustlock.core.lockfile.bun.BunLockReader;
import dev.trustlock.core.lockfile.npm.NpmLockfileReader;
import dev.trustlock.core.lockfile.pnpm.PnpmLockfileReader;
import dev.trustlock.core.lockfile.yarn.YarnBerryLockfileReader;
import dev.trustlock.core.lockfile.yarn.YarnClassicLockfileReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the lockfile for a path, recognises its format and hands it to the right reader. */
public final class Lockfiles {

    /** Files looked for in a directory, most authoritative first (shrinkwrap wins over a lock). */
    public static final List<String> KNOWN_NAMES = List.of(
            "npm-shrinkwrap.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb");

    private Lockfiles() {
    }

    /** A located lockfile, its format, and any other lockfiles that were passed over. */
    public record Located(Path file, LockfileFormat format, List<Path> ignored) {
    }

    /** Reads PATH (a directory or a lockfile), optionally forcing the format. */
    public static DependencyGraph read(Path path, Optional<LockfileFormat> forced) throws LockfileException {
        Located located = locate(path, forced);
        return reader(located.format()).read(located.file());
    }

    public static Located locate(Path path, Optional<LockfileFormat> forced) throws LockfileException {
        if (!Files.exists(path)) {
            throw new LockfileException(path, "no such file or directory");
        }
        if (Files.isDirectory(path)) {
            List<Path> present = KNOWN_NAMES.stream().map(path::resolve).filter(Files::isRegularFile).toList();
            if (present.isEmpty()) {
                throw new LockfileException(path, "no lockfile here (looked for " + String.join(", ", KNOWN_NAMES) + ")");
            }
            Path chosen = present.get(0);
            return new Located(chosen, forced.isPresent() ? forced.get() : detect(chosen), present.subList(1, present.size()));
        }
        return new Located(path, forced.isPresent() ? forced.get() : detect(path), List.of());
    }

    /** The format of one file, from its name and, for yarn.lock, its first lines. */
    public static LockfileFormat detect(Path file) throws LockfileException {
        String name = file.getFileName().toString();
        if (name.endsWith(".lockb")) {
            throw new LockfileException(file, "bun.lockb is bun's binary lockfile, which trustlock does not read; "
                    + "run `bun install --save-text-lockfile` to write bun.lock and point trustlock at that");
        }
        if (name.endsWith("bun.lock")) {
            return LockfileFormat.BUN;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return LockfileFormat.PNPM;
        }
        if (name.endsWith("yarn.lock")) {
            return isYarnBerry(file) ? LockfileFormat.YARN_BERRY : LockfileFormat.YARN_CLASSIC;
        }
        if (name.endsWith(".json")) {
            return sniffJson(file);
        }
        if (name.endsWith(".xml") && head(file, 4096).contains("http://cyclonedx.org/schema/bom/")) {
            return LockfileFormat.CYCLONEDX;
        }
        throw new LockfileException(file, "not a lockfile trustlock recognises (expected one of "
                + String.join(", ", KNOWN_NAMES) + "; use --lockfile-format to say which it is)");
    }

    private static LockfileFormat sniffJson(Path file) throws LockfileException {
        return sniffSbom(head(file, 4096)).orElse(LockfileFormat.NPM_PACKAGE_LOCK);
    }

    /**
     * The kind of SBOM a file's first bytes show, whatever its name (bom.cdx, sbom.spdx):
     * CycloneDX JSON or XML, or SPDX JSON as GitHub's dependency graph exports it.
     */
    public static Optional<LockfileFormat> sniffSbom(String head) {
        String start = head.stripLeading();
        if (start.startsWith("{")) {
            if (head.contains("\"bomFormat\"") || head.contains("\"$schema\": \"http://cyclonedx.org")) {
                return Optional.of(LockfileFormat.CYCLONEDX);
            }
            if (head.contains("\"spdxVersion\"")) {
                return Optional.of(LockfileFormat.SPDX);
            }
        } else if (start.startsWith("<") && head.contains("http://cyclonedx.org/schema/bom/")) {
            return Optional.of(LockfileFormat.CYCLONEDX);
        }
        return Optional.empty();
    }

    /** {@link #sniffSbom(String)} on a file's first 4 KiB. */
    public static Optional<LockfileFormat> sniffSbom(Path file) throws LockfileException {
        return sniffSbom(head(file, 4096));
    }

    private static boolean isYarnBerry(Path file) throws LockfileException {
        // Berry writes __metadata near the top; classic starts with "# yarn lockfile v1".
        String head = head(file, 4096);
        return head.contains("__metadata:");
    }

    private static String head(Path file, int bytes) throws LockfileException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(bytes), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LockfileException(file, "cannot read: " + e.getMessage());
        }
    }

    /** The reader of {@code format}, whose graphs have passed {@link PackageNames#check}. */
    public static LockfileReader reader(LockfileFormat format) {
        LockfileReader actual = unchecked(format);
        return new LockfileReader() {
            @Override
            public LockfileFormat format() {
                return actual.format();
            }

            @Override
            public DependencyGraph read(Path lockfile) throws LockfileException {
                return PackageNames.check(lockfile, actual.read(lockfile));
            }
        };
    }

    private static LockfileReader unchecked(LockfileFormat format) {
        return switch (format) {
            case NPM_PACKAGE_LOCK -> new NpmLockfileReader();
            case YARN_CLASSIC -> new YarnClassicLockfileReader();
            case YARN_BERRY -> new YarnBerryLockfileReader();
            case PNPM -> new PnpmLockfileReader();
            case BUN -> new BunLockReader();
            case CYCLONEDX, SPDX -> throw new UnsupportedOperationException("reading SBOMs comes with `verify`");
        };
    }
}
