package dev.trustlock.core.lockfile.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An independent reading of a package-lock for tests: plain Jackson, no code from the reader.
 * It lists every installed occurrence with the flags npm computed for it, so the tests can
 * compare the reader's graph (and the scopes the graph derives) with npm's own answer.
 */
final class LockfileFlags {

    /** One installed copy of a package as the lockfile records it. */
    record Occurrence(String location, String installName, PackageKey key, JsonNode entry) {
        boolean flag(String name) {
            return entry.path(name).asBoolean(false);
        }

        /**
         * The scope npm's flags give this copy. arborist leaves {@code dev} only on what is
         * reachable solely through dev edges, {@code optional} only on what every path reaches
         * through an optional edge, and {@code devOptional} on what every path reaches through a
         * dev or an optional edge but neither alone. A devOptional copy therefore has a path
         * free of dev edges (else it would be dev), and every such path crosses an optional
         * edge (else devOptional would have been cleared): exactly the graph's OPTIONAL.
         */
        Scope npmScope() {
            if (flag("dev")) {
                return Scope.DEV; // dev+optional: only reachable through dev, so dev
            }
            if (flag("optional") || flag("devOptional")) {
                return Scope.OPTIONAL;
            }
            return Scope.REQUIRED;
        }
    }

    private LockfileFlags() {
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** v2/v3: every non-link, non-extraneous entry under a node_modules folder. */
    static List<Occurrence> fromPackages(JsonNode lock) {
        List<Occurrence> result = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = lock.get("packages").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String location = e.getKey();
            JsonNode entry = e.getValue();
            if (!List.of(location.split("/")).contains("node_modules")
                    || entry.path("link").asBoolean(false) || entry.path("extraneous").asBoolean(false)) {
                continue;
            }
            String installName = location.substring(location.lastIndexOf("node_modules/") + "node_modules/".length());
            String name = entry.hasNonNull("name") ? entry.get("name").asText() : installName;
            result.add(new Occurrence(location, installName, PackageKey.of(name, entry.get("version").asText()), entry));
        }
        return result;
    }

    /** v1: every entry of the nested dependencies tree; "npm:real@version" names the real package. */
    static List<Occurrence> fromTree(JsonNode lock) {
        List<Occurrence> result = new ArrayList<>();
        Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
        todo.add(Map.entry("", lock));
        while (!todo.isEmpty()) {
            Map.Entry<String, JsonNode> parent = todo.poll();
            Iterator<Map.Entry<String, JsonNode>> it = parent.getValue().path("dependencies").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String location = parent.getKey() + "/" + e.getKey();
                String version = e.getValue().get("version").asText();
                String name = e.getKey();
                if (version.startsWith("npm:")) {
                    String spec = version.substring(4);
                    int at = spec.lastIndexOf('@');
                    name = spec.substring(0, at);
                    version = spec.substring(at + 1);
                }
                result.add(new Occurrence(location, e.getKey(), PackageKey.of(name, version), e.getValue()));
                todo.add(Map.entry(location, e.getValue()));
            }
        }
        return result;
    }

    /** Per name@version, the widest scope of any of its copies (one required copy makes it required). */
    static SortedMap<PackageKey, Scope> npmScopes(List<Occurrence> occurrences) {
        SortedMap<PackageKey, Scope> result = new TreeMap<>();
        for (Occurrence o : occurrences) {
            result.merge(o.key(), o.npmScope(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        return result;
    }
}
