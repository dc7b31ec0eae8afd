package dev.trustlock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A file as a git revision has it, by running {@code git show REV:./NAME} in the file's directory.
 * Only git runs, with arguments the user gave on the command line; nothing from the lockfile.
 */
final class GitShow {

    private static final long TIMEOUT_SECONDS = 60;

    private GitShow() {
    }

    /** Writes {@code name} as {@code rev} has it in {@code dir} to {@code targetDir/name}; a failure is a UserError. */
    static Path write(Path dir, String rev, String name, Path targetDir) throws IOException {
        Files.createDirectories(targetDir);
        Path target = targetDir.resolve(name);
        Path errors = targetDir.resolve(".git-stderr");
        Process git;
        try {
            git = new ProcessBuilder(List.of("git", "-C", dir.normalize().toString(), "show", "--no-textconv", rev + ":./" + name))
                    .redirectOutput(target.toFile()).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new UserError("--git needs git on PATH: " + e.getMessage());
        }
        try {
            if (!git.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                throw new UserError("git show " + rev + ":" + name + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            git.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running git");
        }
        if (git.exitValue() != 0) {
            String said = Files.readString(errors, StandardCharsets.UTF_8).strip();
            throw new UserError("git cannot show " + name + " at " + rev + " in " + dir.normalize() + ": "
                    + (said.isEmpty() ? "exit " + git.exitValue() : said.lines().findFirst().orElse(said)));
        }
        return target;
    }
}
