package dev.trustlock.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The readers under fuzzing take files; each fuzz input is written to one file per target in a
 * directory of its own (no package.json beside it, so only the input decides).
 */
final class FuzzFiles {

    private static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("trustlock-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FuzzFiles() {
    }

    /** A copy of the directory tree {@code from} as the target's directory. */
    static Path copy(String target, Path from) {
        Path dir = ROOT.resolve(target);
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name} in the target's directory, holding exactly {@code data}. */
    static Path write(String target, String name, byte[] data) {
        try {
            Path dir = Files.createDirectories(ROOT.resolve(target));
            return Files.write(dir.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
