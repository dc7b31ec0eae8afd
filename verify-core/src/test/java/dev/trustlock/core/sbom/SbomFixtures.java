package dev.trustlock.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Lockfile → graph → validated SBOM JSON, the path every acceptance test takes. */
final class SbomFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private SbomFixtures() {
    }

    record Result(DependencyGraph graph, JsonNode bom) {
    }

    static Result sbom(Path lockfileOrDir) throws Exception {
        DependencyGraph graph = Lockfiles.read(lockfileOrDir, Optional.empty());
        SbomOptions options = SbomOptions.defaults();
        String text = SbomSerializer.serialize(new SbomBuilder("test").build(graph, options), options);
        SchemaAssertions.assertValid(text, options);
        return new Result(graph, JSON.readTree(text));
    }

    /** name@version of every component, the scoped ones rebuilt from group + name. */
    static Set<String> componentIds(JsonNode bom, boolean includeWorkspaces) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode c : bom.path("components")) {
            if (!includeWorkspaces && c.path("properties").toString().contains("trustlock:npm:workspace")) {
                continue;
            }
            ids.add(id(c));
        }
        return ids;
    }

    static String id(JsonNode c) {
        String group = c.path("group").asText("");
        String name = group.isEmpty() ? c.get("name").asText() : group + "/" + c.get("name").asText();
        return name + "@" + c.get("version").asText();
    }

    static JsonNode readJson(Path p) throws IOException {
        return JSON.readTree(p.toFile());
    }

    static Set<String> ids(DependencyGraph graph) {
        Set<String> ids = new TreeSet<>();
        graph.packages().forEach(n -> ids.add(n.key().toString()));
        return ids;
    }

}
