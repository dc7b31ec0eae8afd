package dev.trustlock.core.lockfile;

import dev.trustlock.core.io.Limits;
import java.nio.file.Path;

/**
 * The names and versions a lockfile may give a package. A name becomes a registry path, a purl,
 * a file name in a snapshot and a line in a report, so one that carries a NUL or another control
 * character, a path segment ({@code ..}, {@code .}, a backslash) or whitespace is refused where
 * it is read, naming the file and the position, rather than passed along. The rules are npm's
 * (validate-npm-package-name), except that capitals, allowed in old registry names, pass.
 */
public final class PackageNames {

    /** npm's limit on a name's length. */
    public static final int MAX_NAME = 214;
    /** No real version comes near this; it bounds what a report has to print. */
    public static final int MAX_VERSION = 256;

    private PackageNames() {
    }

    /** Checks every package of {@code graph} (the root's name is the project's own and free). */
    public static DependencyGraph check(Path lockfile, DependencyGraph graph) throws LockfileException {
        if (graph.nodes().size() > Limits.PACKAGES) {
            throw new LockfileException(lockfile, "lists " + graph.nodes().size() + " packages, more than the "
                    + Limits.PACKAGES + " trustlock reads");
        }
        for (PackageNode n : graph.nodes().values()) {
            if (n.source() == SourceType.ROOT) {
                continue;
            }
            String problem = nameProblem(n.name());
            if (problem == null) {
                problem = versionProblem(n.version());
            }
            if (problem != null) {
                throw LockfileException.at(lockfile, firstPrintable(n.name()), problem);
            }
        }
        return graph;
    }

    /** Why {@code name} is not a package name, or null when it is one. */
    public static String nameProblem(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return "package name " + shown(name) + " is empty or longer than " + MAX_NAME + " characters";
        }
        int slash = -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!urlSafe(c) && c != '/' && !(c == '@' && i == 0)) {
                return "package name " + shown(name) + " contains " + describe(c) + ", which no npm name may";
            }
            if (c == '/') {
                if (slash >= 0 || name.charAt(0) != '@') {
                    return "package name " + shown(name) + " is a path, not a name";
                }
                slash = i;
            }
        }
        String bare = slash >= 0 ? name.substring(slash + 1) : name;
        String scope = slash >= 0 ? name.substring(1, slash) : "x";
        if (name.startsWith("@") && slash < 0 || bare.isEmpty() || scope.isEmpty() || bare.startsWith(".")
                || scope.startsWith(".")) {
            return "package name " + shown(name) + " is not a valid npm name";
        }
        return null;
    }

    /** What encodeURIComponent leaves alone, which is what npm allows in a name. */
    private static boolean urlSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~' || c == '!' || c == '*' || c == '\'' || c == '(' || c == ')';
    }

    /** Why {@code version} cannot be a package version, or null when it can. */
    public static String versionProblem(String version) {
        if (version.isEmpty() || version.length() > MAX_VERSION) {
            return "version " + shown(version) + " is empty or longer than " + MAX_VERSION + " characters";
        }
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return "version " + shown(version) + " contains " + describe(c);
            }
        }
        return null;
    }

    private static String describe(char c) {
        if (c == 0) {
            return "a NUL character";
        }
        if (c < 0x20 || c == 0x7f) {
            return "the control character U+" + String.format("%04X", (int) c);
        }
        return c == ' ' ? "a space" : "'" + c + "'";
    }

    /** A name as a report can print it: control characters escaped, long ones clipped. */
    private static String shown(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > 78 ? "...\"" : "\"").toString();
    }

    /** The text to look for in the file to position the problem: up to the first unprintable char. */
    private static String firstPrintable(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= 0x20 && s.charAt(end) != 0x7f) {
            end++;
        }
        return end == 0 ? s : s.substring(0, end);
    }
}
