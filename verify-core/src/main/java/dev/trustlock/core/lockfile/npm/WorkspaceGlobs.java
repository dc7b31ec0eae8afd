package dev.trustlock.core.lockfile.npm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code workspaces} patterns of a package.json, matched against folder paths relative to
 * the project. npm expands them with minimatch; this covers what real projects write
 * ({@code packages/*}, {@code apps/**}, {@code {a,b}/*}, literal paths, {@code !negations}).
 * Written by hand rather than with {@code FileSystem.getPathMatcher} so that matching does not
 * depend on the platform's path separator.
 */
final class WorkspaceGlobs {

    private final List<Pattern> include;
    private final List<Pattern> exclude;

    private WorkspaceGlobs(List<Pattern> include, List<Pattern> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
    }

    static WorkspaceGlobs of(List<String> patterns) {
        List<Pattern> include = new ArrayList<>();
        List<Pattern> exclude = new ArrayList<>();
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
        }
        return new WorkspaceGlobs(include, exclude);
    }

    boolean isEmpty() {
        return include.isEmpty();
    }

    boolean matches(String folder) {
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
