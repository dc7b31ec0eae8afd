package dev.trustlock.core.lockfile;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.List;

/**
 * The {@code workspaces} patterns of a package.json, matched against folder paths relative to
 * the project. npm expands them with minimatch; this covers what real projects write
 * ({@code packages/*}, {@code apps/**}, {@code {a,b}/*}, literal paths, {@code !negations}).
 * Translated by hand rather than with {@code FileSystem.getPathMatcher} so that matching does not
 * depend on the platform's path separator, and matched with RE2 (linear time), as
 * {@code RefPattern} is: the lockfile names both the globs and the folders, and a backtracking
 * matcher took 14 s for {@code *a*a*a*a*a*a*a*b} against a 60-character folder name. npm (v2/v3
 * lockfiles list their members) only needs {@link #matches}; yarn classic (whose lockfile does
 * not) also needs {@link #expand}.
 */
public final class WorkspaceGlobs {

    /** How deep {@link #expand} looks for members below the project (node_modules never). */
    private static final int MAX_DEPTH = 8;

    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final List<String> includeGlobs;

    private WorkspaceGlobs(List<Pattern> include, List<Pattern> exclude, List<String> includeGlobs) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.includeGlobs = List.copyOf(includeGlobs);
    }

    public static WorkspaceGlobs of(List<String> patterns) {
        List<Pattern> include = new ArrayList<>();
        List<Pattern> exclude = new ArrayList<>();
        List<String> includeGlobs = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.trim();
            boolean negated = p.startsWith("!");
            if (negated) {
                p = p.substring(1);
            }
            p = normalise(p);
            if (p.isEmpty()) {
                continue;
            }
            Pattern compiled;
            try {
                compiled = Pattern.compile(toRegex(p));
            } catch (PatternSyntaxException e) {
                // A malformed character class: match the text literally rather than fail the read.
                compiled = Pattern.compile(Pattern.quote(p));
            }
            (negated ? exclude : include).add(compiled);
            if (!negated) {
                includeGlobs.add(p);
            }
        }
        return new WorkspaceGlobs(include, exclude, includeGlobs);
    }

    /**
     * The member directories of a project whose lockfile does not list them (yarn classic):
     * relative paths with '/' separators, sorted. A wildcard pattern counts only directories
     * holding a package.json; a literal one is returned even without, so that the caller can
     * say the member's package.json is missing. Nothing outside the project, nothing in
     * node_modules or hidden directories.
     */
    public static List<String> expand(Path projectDir, List<String> patterns, Consumer<String> warn) {
        WorkspaceGlobs globs = of(patterns);
        Path base = projectDir.toAbsolutePath().normalize();
        TreeSet<String> result = new TreeSet<>();
        List<String> candidates = new ArrayList<>();
        boolean walked = false;
        for (int i = 0; i < globs.includeGlobs.size(); i++) {
            String glob = globs.includeGlobs.get(i);
            if (glob.startsWith("../") || glob.equals("..") || glob.startsWith("/")) {
                warn.accept("workspace pattern '" + glob + "' points outside the project; ignored");
                continue;
            }
            if (!glob.matches(".*[*?\\[{].*")) {
                if (globs.matches(glob)) {
                    result.add(glob);
                }
                continue;
            }
            if (!walked) {
                candidates = memberCandidates(base, warn);
                walked = true;
            }
            Pattern pattern = globs.include.get(i);
            boolean any = false;
            for (String c : candidates) {
                if (pattern.matcher(c).matches() && globs.matches(c)) {
                    result.add(c);
                    any = true;
                }
            }
            if (!any) {
                warn.accept("workspace pattern '" + glob + "' matched no directory with a package.json "
                        + "(workspace members are absent; their dependencies are unknown)");
            }
        }
        return List.copyOf(result);
    }

    /** Directories below base (not base itself) that hold a package.json. */
    private static List<String> memberCandidates(Path base, Consumer<String> warn) {
        List<String> found = new ArrayList<>();
        try {
            Files.walkFileTree(base, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                            if (!dir.equals(base) && (name.equals("node_modules") || name.startsWith("."))) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (!dir.equals(base) && Files.isRegularFile(dir.resolve("package.json"))) {
                                found.add(base.relativize(dir).toString().replace('\\', '/'));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            warn.accept("cannot list workspace directories: " + e.getMessage());
        }
        return found;
    }

    public boolean isEmpty() {
        return include.isEmpty();
    }

    public boolean matches(String folder) {
        String f = normalise(folder);
        return include.stream().anyMatch(p -> p.matcher(f).matches())
                && exclude.stream().noneMatch(p -> p.matcher(f).matches());
    }

    private static String normalise(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        // "a/**/b" also matches "a/b": swallow the slash after ** into the optional part.
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:[^/]+/)*");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close > i + 1) {
                        String set = glob.substring(i + 1, close).replace("\\", "\\\\");
                        if (set.startsWith("!")) {
                            set = "^" + set.substring(1);
                        }
                        re.append('[').append(set).append(']');
                        i = close;
                    } else {
                        re.append("\\[");
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        while (braces-- > 0) {
            re.append(')');
        }
        return re.toString();
    }
}
