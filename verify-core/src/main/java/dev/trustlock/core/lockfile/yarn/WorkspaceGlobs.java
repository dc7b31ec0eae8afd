package dev.trustlock.core.lockfile.yarn;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Expands package.json {@code workspaces} patterns to member directories. Only literal
 * directories and a trailing {@code /*} (or {@code /**}, read as one level) are supported,
 * which is what nearly every project writes; anything else is reported, never guessed at.
 * Members never escape the project directory.
 */
final class WorkspaceGlobs {

    private WorkspaceGlobs() {
    }

    /**
     * Member directories, relative to {@code projectDir} with '/' separators, sorted. Only
     * directories holding a package.json count for wildcard patterns; a literal directory is
     * returned even without one so that the caller can say its package.json is missing.
     */
    static List<String> expand(Path projectDir, List<String> patterns, Consumer<String> warn) {
        Path base = projectDir.toAbsolutePath().normalize();
        TreeSet<String> result = new TreeSet<>();
        for (String raw : patterns) {
            String pattern = raw.trim().replace('\\', '/');
            while (pattern.startsWith("./")) {
                pattern = pattern.substring(2);
            }
            while (pattern.endsWith("/") && pattern.length() > 1) {
                pattern = pattern.substring(0, pattern.length() - 1);
            }
            if (pattern.startsWith("!")) {
                warn.accept("workspace pattern '" + raw + "' (a negation) is not supported; ignored");
                continue;
            }
            String parent;
            boolean wildcard;
            if (pattern.endsWith("/*") || pattern.endsWith("/**")) {
                parent = pattern.substring(0, pattern.lastIndexOf('/'));
                wildcard = true;
            } else if (pattern.equals("*") || pattern.equals("**")) {
                parent = "";
                wildcard = true;
            } else {
                parent = pattern;
                wildcard = false;
            }
            if (parent.matches(".*[*?\\[\\]{}!].*")) {
                warn.accept("workspace pattern '" + raw + "' is not supported (only 'dir' and 'dir/*'); ignored");
                continue;
            }
            Path dir = base.resolve(parent).normalize();
            if (!dir.startsWith(base)) {
                warn.accept("workspace pattern '" + raw + "' points outside the project; ignored");
                continue;
            }
            if (!wildcard) {
                result.add(relative(base, dir));
                continue;
            }
            List<String> found = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                    for (Path child : children) {
                        if (Files.isDirectory(child) && Files.isRegularFile(child.resolve("package.json"))) {
                            found.add(relative(base, child.normalize()));
                        }
                    }
                } catch (IOException e) {
                    warn.accept("cannot list workspace directory " + parent + ": " + e.getMessage());
                }
            }
            if (found.isEmpty()) {
                warn.accept("workspace pattern '" + raw + "' matched no directory with a package.json "
                        + "(workspace members are absent; their dependencies are unknown)");
            }
            result.addAll(found);
        }
        return List.copyOf(result);
    }

    private static String relative(Path base, Path dir) {
        return base.relativize(dir).toString().replace('\\', '/');
    }
}
