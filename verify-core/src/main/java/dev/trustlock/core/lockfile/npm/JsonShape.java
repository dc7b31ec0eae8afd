package dev.trustlock.core.lockfile.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.LockfileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed access to a parsed lockfile that fails with the JSON path of the offending value, so a
 * hand-edited or hostile package-lock.json is rejected with a message that says where to look
 * (the tree carries no line numbers, the path is the next best thing).
 */
final class JsonShape {

    private final Path file;

    JsonShape(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** {@code parent["key"]}; keys of lockfiles contain slashes and @, so always bracketed. */
    static String child(String parent, String key) {
        String quoted = "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        return parent.isEmpty() ? quoted : parent + quoted;
    }

    static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** A problem at {@code path}, positioned where that value starts in the file. */
    LockfileException problem(String path, String what) {
        int[] pos = {0, 0};
        try {
            pos = dev.trustlock.core.io.JsonLocator.locate(dev.trustlock.core.lockfile.SafeParsers.readBytes(file),
                    elements(path)).orElse(pos);
        } catch (LockfileException e) {
            // readable a moment ago; name the file alone
        }
        return new LockfileException(file, pos[0], pos[1], path + " " + what);
    }

    /** {@code packages["node_modules/a"].version} back into its keys, as written by {@link #child} and {@link #field}. */
    static java.util.List<Object> elements(String path) {
        java.util.List<Object> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            if (path.startsWith("[\"", i)) {
                StringBuilder key = new StringBuilder();
                int j = i + 2;
                while (j < path.length() && path.charAt(j) != '"') {
                    if (path.charAt(j) == '\\' && j + 1 < path.length()) {
                        j++;
                    }
                    key.append(path.charAt(j++));
                }
                out.add(key.toString());
                i = j + 2; // past '"]'
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end > i) {
                    out.add(path.substring(i, end));
                }
                i = end < path.length() && path.charAt(end) == '.' ? end + 1 : end;
            }
        }
        return out;
    }

    /** The object at {@code node.name}, empty when absent or null; anything else is an error. */
    Optional<JsonNode> optionalObject(JsonNode node, String name, String path) throws LockfileException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw problem(field(path, name), "is " + kind(v) + ", expected an object");
        }
        return Optional.of(v);
    }

    /** The string at {@code node.name}, empty when absent or null; anything else is an error. */
    Optional<String> optionalText(JsonNode node, String name, String path) throws LockfileException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw problem(field(path, name), "is " + kind(v) + ", expected a string");
        }
        return Optional.of(v.asText());
    }

    String requiredText(JsonNode node, String name, String path) throws LockfileException {
        Optional<String> v = optionalText(node, name, path);
        if (v.isEmpty()) {
            throw problem(field(path, name), "is missing");
        }
        return v.get();
    }

    /** Lockfile flags are present-and-true or absent; a non-boolean is ignored as absent. */
    static boolean flag(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && v.isBoolean() && v.asBoolean();
    }

    /** A {@code {name: range}} map, sorted by name so that edges and warnings come out in one order. */
    Map<String, String> stringMap(JsonNode node, String name, String path) throws LockfileException {
        Optional<JsonNode> obj = optionalObject(node, name, path);
        Map<String, String> result = new TreeMap<>();
        if (obj.isEmpty()) {
            return result;
        }
        String mapPath = field(path, name);
        for (Map.Entry<String, JsonNode> e : fields(obj.get())) {
            JsonNode v = e.getValue();
            if (!v.isTextual()) {
                throw problem(child(mapPath, e.getKey()), "is " + kind(v) + ", expected a version range string");
            }
            result.put(e.getKey(), v.asText());
        }
        return result;
    }

    /** The members of an object in file order. */
    static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
        return result.entrySet();
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) {
            String text = v.asText();
            return "a string (\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\")";
        }
        if (v.isNumber()) {
            return "a number (" + v.asText() + ")";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }
}
