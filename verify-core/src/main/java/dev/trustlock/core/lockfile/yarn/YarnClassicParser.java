package dev.trustlock.core.lockfile.yarn;

import dev.trustlock.core.lockfile.LockfileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the yarn 1 lockfile syntax, which looks like YAML but is not: blocks keyed by one or
 * more comma-separated (optionally quoted) descriptors, two-space indentation, and
 * {@code key value} pairs without a colon. Written by hand so that every error carries a line
 * and column, and bounded in lines and nesting so hostile input fails fast.
 */
final class YarnClassicParser {

    /** Far above any real lockfile (the largest known are a few hundred thousand lines). */
    static final int MAX_LINES = 5_000_000;
    /** yarn writes three levels (entry, field, dependency); anything much deeper is not a lockfile. */
    static final int MAX_DEPTH = 8;

    private YarnClassicParser() {
    }

    /** A mapping: scalar fields and nested mappings, in file order. */
    static final class Block {
        private final int line;
        private final Map<String, String> scalars = new LinkedHashMap<>();
        private final Map<String, Block> children = new LinkedHashMap<>();

        Block(int line) {
            this.line = line;
        }

        /** 1-based line of the key that opened this block (0 for the document). */
        int line() {
            return line;
        }

        Map<String, String> scalars() {
            return Collections.unmodifiableMap(scalars);
        }

        Map<String, Block> children() {
            return Collections.unmodifiableMap(children);
        }
    }

    /** One top-level block and every descriptor that keys it. */
    record Entry(List<String> descriptors, int line, Block body) {
        Entry {
            descriptors = List.copyOf(descriptors);
        }
    }

    /** The parsed document: its entries in file order. */
    static List<Entry> parse(Path file, String text) throws LockfileException {
        return new YarnClassicParser.Run(file).parse(text);
    }

    private static final class Run {
        private final Path file;
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, Integer> topLevelKeyLines = new HashMap<>();

        Run(Path file) {
            this.file = file;
        }

        List<Entry> parse(String text) throws LockfileException {
            String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
            String[] lines = body.split("\n", -1);
            if (lines.length > MAX_LINES) {
                throw new LockfileException(file, "file has " + lines.length + " lines, more than the "
                        + MAX_LINES + " a yarn.lock may have");
            }
            Block document = new Block(0);
            // stack.get(d) is the block that receives lines indented at depth d.
            List<Block> stack = new ArrayList<>();
            stack.add(document);
            for (int i = 0; i < lines.length; i++) {
                int lineNo = i + 1;
                String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                for (int c = 0; c < line.length(); c++) {
                    char ch = line.charAt(c);
                    if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                        // yarn never writes one; a NUL or escape inside a name is an attack on whatever prints it.
                        throw error(lineNo, c + 1, String.format("control character U+%04X; yarn.lock is plain text",
                                (int) ch));
                    }
                }
                int indent = 0;
                while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
                    if (line.charAt(indent) == '\t') {
                        if (line.isBlank()) {
                            break;
                        }
                        throw error(lineNo, indent + 1, "tab in indentation; yarn.lock indents with spaces");
                    }
                    indent++;
                }
                String rest = line.substring(indent);
                if (rest.isBlank() || rest.startsWith("#")) {
                    continue;
                }
                if (indent % 2 != 0) {
                    throw error(lineNo, indent + 1, "indentation of " + indent
                            + " spaces is not a multiple of two");
                }
                int depth = indent / 2;
                if (depth > MAX_DEPTH) {
                    throw error(lineNo, indent + 1, "nested deeper than " + MAX_DEPTH + " levels");
                }
                if (depth > stack.size() - 1) {
                    throw error(lineNo, indent + 1, "unexpected indentation (" + indent
                            + " spaces) without a preceding 'key:' line");
                }
                while (stack.size() > depth + 1) {
                    stack.remove(stack.size() - 1);
                }
                Block target = stack.get(depth);
                Line parsed = new LineScanner(file, lineNo, line, indent).scan();
                if (parsed.value() == null) {
                    Block child = new Block(lineNo);
                    for (String key : parsed.keys()) {
                        claim(target, key, lineNo, parsed.keyColumn());
                        target.children.put(key, child);
                    }
                    if (depth == 0) {
                        entries.add(new Entry(parsed.keys(), lineNo, child));
                    }
                    stack.add(child);
                } else {
                    if (depth == 0) {
                        throw error(lineNo, indent + 1, "expected a package entry ('descriptor:') at the top level");
                    }
                    for (String key : parsed.keys()) {
                        claim(target, key, lineNo, parsed.keyColumn());
                        target.scalars.put(key, parsed.value());
                    }
                }
            }
            return List.copyOf(entries);
        }

        private void claim(Block target, String key, int lineNo, int column) throws LockfileException {
            if (target.line == 0) {
                Integer first = topLevelKeyLines.putIfAbsent(key, lineNo);
                if (first != null) {
                    throw error(lineNo, column, "duplicate entry '" + key + "' (first at line " + first + ")");
                }
            } else if (target.scalars.containsKey(key) || target.children.containsKey(key)) {
                throw error(lineNo, column, "duplicate key '" + key + "'");
            }
        }

        private LockfileException error(int line, int column, String problem) {
            return new LockfileException(file, line, column, problem);
        }
    }

    /** A scanned line: its keys, and its value (null when the line opens a block). */
    private record Line(List<String> keys, int keyColumn, String value) {
    }

    /** Tokenises one line: {@code key[, key...]:} or {@code key[:] value}. */
    private static final class LineScanner {
        private final Path file;
        private final int lineNo;
        private final String line;
        private int pos;

        LineScanner(Path file, int lineNo, String line, int start) {
            this.file = file;
            this.lineNo = lineNo;
            this.line = line;
            this.pos = start;
        }

        Line scan() throws LockfileException {
            int keyColumn = pos + 1;
            List<String> keys = new ArrayList<>();
            keys.add(token(true));
            skipSpaces();
            while (pos < line.length() && line.charAt(pos) == ',') {
                pos++;
                skipSpaces();
                if (pos >= line.length()) {
                    throw error(pos + 1, "expected another key after ','");
                }
                keys.add(token(true));
                skipSpaces();
            }
            boolean colon = false;
            if (pos < line.length() && line.charAt(pos) == ':') {
                colon = true;
                pos++;
                skipSpaces();
            }
            if (pos >= line.length() || line.charAt(pos) == '#') {
                if (!colon) {
                    throw error(pos + 1, "expected a value or ':' after '" + keys.get(keys.size() - 1) + "'");
                }
                return new Line(keys, keyColumn, null);
            }
            String value = token(false);
            skipSpaces();
            if (pos < line.length()) {
                throw error(pos + 1, "unexpected text after the value");
            }
            return new Line(keys, keyColumn, value);
        }

        private String token(boolean key) throws LockfileException {
            if (pos >= line.length()) {
                throw error(pos + 1, "expected a key or value");
            }
            char c = line.charAt(pos);
            if (c == '"') {
                return quoted();
            }
            int start = pos;
            while (pos < line.length()) {
                char ch = line.charAt(pos);
                if (ch == ' ' || ch == '\t' || ch == ',' || (key && ch == ':')) {
                    break;
                }
                if (ch == '"') {
                    throw error(pos + 1, "unexpected '\"' inside an unquoted " + (key ? "key" : "value"));
                }
                pos++;
            }
            if (pos == start) {
                throw error(pos + 1, "expected a key or value, found '" + line.charAt(pos) + "'");
            }
            return line.substring(start, pos);
        }

        /** A JSON-style double-quoted string, which is what yarn writes. */
        private String quoted() throws LockfileException {
            int open = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < line.length()) {
                char ch = line.charAt(pos);
                if (ch == '"') {
                    pos++;
                    return sb.toString();
                }
                if (ch == '\\') {
                    if (pos + 1 >= line.length()) {
                        break;
                    }
                    char esc = line.charAt(pos + 1);
                    switch (esc) {
                        case '"', '\\', '/' -> sb.append(esc);
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (pos + 6 > line.length()) {
                                throw error(pos + 1, "incomplete \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(line.substring(pos + 2, pos + 6), 16));
                            } catch (NumberFormatException e) {
                                throw error(pos + 1, "invalid \\u escape");
                            }
                            pos += 4;
                        }
                        default -> throw error(pos + 1, "invalid escape '\\" + esc + "'");
                    }
                    pos += 2;
                    continue;
                }
                sb.append(ch);
                pos++;
            }
            throw error(open + 1, "unterminated quoted string");
        }

        private void skipSpaces() {
            while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private LockfileException error(int column, String problem) {
            return new LockfileException(file, lineNo, column, problem);
        }
    }
}
