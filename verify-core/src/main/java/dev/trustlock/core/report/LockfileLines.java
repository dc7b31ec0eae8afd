package dev.trustlock.core.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.OptionalInt;

/**
 * Finds the line where a lockfile (or SBOM) records a package, so that code scanning can put an
 * annotation on it. Works on the text alone, for every supported format, by one rule: an entry
 * header is a line naming the package as a key ({@code "node_modules/axios": {},
 * {@code axios@^1.14.0:}, {@code "axios@npm:^1.14.0":}, {@code axios@1.14.1:}) and the entry is
 * the header plus the more-indented lines under it; the package's entry is the first whose
 * header or body carries its version. Best effort: no line is better than a wrong one, so a
 * package that cannot be placed gets none.
 */
public final class LockfileLines {

    private static final int MAX_BODY = 40;
    /** npm's limit on a package name's length. */
    private static final int MAX_NAME = 214;

    private final List<String> lines;
    /** Header lines by every token on them that could be a package name: a lookup, not a scan per package. */
    private final Map<String, List<Integer>> headersByName = new HashMap<>();

    private LockfileLines(List<String> lines) {
        this.lines = lines;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.endsWith("{") || t.endsWith(":") || t.endsWith("[") || t.endsWith("],") || t.endsWith("]")
                    || t.contains("@")) {
                index(lines.get(i), i);
            }
        }
    }

    private void index(String line, int i) {
        Set<String> names = new HashSet<>();
        for (int p = 0; p < line.length(); p++) {
            if (p > 0 && !opensName(line.charAt(p - 1))) {
                continue;
            }
            for (int q = p + 1; q < line.length() && q - p <= MAX_NAME; q++) {
                char c = line.charAt(q);
                if (c == '@' || c == '"' || c == '\'' || c == ':') {
                    names.add(line.substring(p, q));
                    if (c != '@') {
                        break;
                    }
                } else if (c == ' ' || c == '\t' || c == ',') {
                    break;
                }
            }
        }
        for (String n : names) {
            headersByName.computeIfAbsent(n, k -> new ArrayList<>()).add(i);
        }
    }

    private static boolean opensName(char c) {
        return c == '"' || c == '\'' || c == '/' || c == ' ' || c == '\t' || c == ',';
    }

    public static LockfileLines of(String text) {
        return new LockfileLines(List.of(text.split("\r\n|\r|\n", -1)));
    }

    /** No text: places nothing. */
    public static LockfileLines none() {
        return new LockfileLines(List.of());
    }

    /** The 1-based line of the entry for {@code name@version}, if one can be told apart. */
    public OptionalInt lineOf(String name, String version) {
        for (int i : headersByName.getOrDefault(name, List.of())) {
            String line = lines.get(i);
            if (hasVersion(line, version, true)) {
                return OptionalInt.of(i + 1);
            }
            int indent = indent(line);
            for (int j = i + 1; j < lines.size() && j <= i + MAX_BODY; j++) {
                String body = lines.get(j);
                if (body.isBlank()) {
                    continue;
                }
                if (indent(body) <= indent) {
                    break;
                }
                if (body.strip().startsWith("version") || body.strip().startsWith("\"version\"")) {
                    if (hasVersion(body, version, false)) {
                        return OptionalInt.of(i + 1);
                    }
                    break;
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The version as a whole token; on a header only right after {@code @} (name@version), since a
     * header-like dependency line ({@code "dep": "npm:1.2.3"}) names a range, not the entry.
     */
    private static boolean hasVersion(String line, String version, boolean afterAtOnly) {
        for (int at = line.indexOf(version); at >= 0; at = line.indexOf(version, at + 1)) {
            char before = at == 0 ? ' ' : line.charAt(at - 1);
            int end = at + version.length();
            char after = end >= line.length() ? ' ' : line.charAt(end);
            boolean opens = afterAtOnly ? before == '@'
                    : before == '"' || before == '\'' || before == '@' || before == ' ' || before == ':';
            if (opens
                    && (after == '"' || after == '\'' || after == ',' || after == ':' || after == '(' || after == ' ')) {
                return true;
            }
        }
        return false;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
            n++;
        }
        return n;
    }
}
