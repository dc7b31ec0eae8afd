package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Graph-to-CycloneDX mapping on a small hand-built graph whose right answers are known. */
class SbomBuilderTest {

    private static final String SHA512 = "sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==";

    /**
     * app -> express (prod) -> debug (prod); app -> jest (dev) -> debug; app -> fsevents (optional);
     * app -> lodash-legacy alias of lodash (prod); app -> git-dep from git.
     */
    static DependencyGraph sample() {
        DependencyGraph.Builder b = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        PackageNode root = new PackageNode(PackageKey.of("app", "1.0.0"), SourceType.ROOT, Optional.empty(),
                Optional.empty(), Optional.of("MIT"), new TreeSet<>(), Optional.of(""), false);
        b.root(root);
        PackageNode express = node("express", "4.18.2", SHA512, "MIT");
        PackageNode debug = node("debug", "2.6.9", "sha1-XRKFFd8TT/Mn6QpMk/Tgd6U2NB8=", "MIT");
        PackageNode jest = node("@jest/core", "29.7.0", null, "(MIT OR Apache-2.0)");
        PackageNode fsevents = node("fsevents", "2.3.3", null, "Some Custom Licence");
        PackageNode lodash = new PackageNode(PackageKey.of("lodash", "3.10.1"), SourceType.REGISTRY,
                Optional.of("https://registry.npmjs.org/lodash/-/lodash-3.10.1.tgz"), Optional.empty(), Optional.empty(),
                new TreeSet<>(Set.of("lodash-legacy")), Optional.empty(), false);
        PackageNode git = new PackageNode(PackageKey.of("gitdep", "1.0.0"), SourceType.GIT,
                Optional.of("git+ssh://git@github.com/o/gitdep.git#abc123"), Optional.empty(), Optional.empty(),
                new TreeSet<>(), Optional.empty(), false);
        for (PackageNode n : new PackageNode[] {express, debug, jest, fsevents, lodash, git}) {
            b.add(n);
        }
        b.edge(root.key(), express.key(), DependencyKind.PROD);
        b.edge(express.key(), debug.key(), DependencyKind.PROD);
        b.edge(root.key(), jest.key(), DependencyKind.DEV);
        b.edge(jest.key(), debug.key(), DependencyKind.PROD);
        b.edge(root.key(), fsevents.key(), DependencyKind.OPTIONAL);
        b.edge(root.key(), lodash.key(), DependencyKind.PROD);
        b.edge(root.key(), git.key(), DependencyKind.PROD);
        return b.build();
    }

    private static PackageNode node(String name, String version, String integrity, String license) {
        return new PackageNode(PackageKey.of(name, version), SourceType.REGISTRY,
                Optional.of("https://registry.npmjs.org/" + name + "/-/x-" + version + ".tgz"),
                Optional.ofNullable(integrity), Optional.ofNullable(license), new TreeSet<>(), Optional.empty(), false);
    }

    private static JsonNode render(SbomOptions options) throws Exception {
        String text = SbomSerializer.serialize(new SbomBuilder("1.2.3").build(sample(), options), options);
        return new ObjectMapper().readTree(text);
    }

    private static Map<String, JsonNode> byPurl(JsonNode bom) {
        Map<String, JsonNode> m = new HashMap<>();
        bom.get("components").forEach(c -> m.put(c.get("purl").asText(), c));
        return m;
    }

    @Test
    void mapsScopesHashesLicencesAndPurls() throws Exception {
        JsonNode bom = render(SbomOptions.defaults());
        Map<String, JsonNode> c = byPurl(bom);
        assertEquals(6, c.size());
        assertEquals("required", c.get("pkg:npm/express@4.18.2").get("scope").asText());
        // debug is reachable from express (prod) as well as jest (dev): required, not dev.
        assertEquals("required", c.get("pkg:npm/debug@2.6.9").get("scope").asText());
        assertEquals("excluded", c.get("pkg:npm/%40jest/core@29.7.0").get("scope").asText());
        assertEquals("@jest", c.get("pkg:npm/%40jest/core@29.7.0").get("group").asText());
        assertEquals("core", c.get("pkg:npm/%40jest/core@29.7.0").get("name").asText());
        assertEquals("optional", c.get("pkg:npm/fsevents@2.3.3").get("scope").asText());

        JsonNode hash = c.get("pkg:npm/express@4.18.2").get("hashes").get(0);
        assertEquals("SHA-512", hash.get("alg").asText());
        assertEquals(java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(SHA512.substring(7))),
                hash.get("content").asText());
        assertEquals("SHA-1", c.get("pkg:npm/debug@2.6.9").get("hashes").get(0).get("alg").asText());

        assertEquals("MIT", c.get("pkg:npm/express@4.18.2").get("licenses").get(0).get("license").get("id").asText());
        assertEquals("(MIT OR Apache-2.0)",
                c.get("pkg:npm/%40jest/core@29.7.0").get("licenses").get(0).get("expression").asText());
        assertEquals("Some Custom Licence",
                c.get("pkg:npm/fsevents@2.3.3").get("licenses").get(0).get("license").get("name").asText());

        // Alias resolves to the real package, the alias name kept as a property.
        assertTrue(c.get("pkg:npm/lodash@3.10.1").get("properties").toString().contains("lodash-legacy"));
        // Git source: the purl says where it came from.
        assertTrue(c.keySet().stream().anyMatch(p -> p.startsWith("pkg:npm/gitdep@1.0.0?vcs_url=")), c.keySet().toString());

        assertEquals("pkg:npm/app@1.0.0", bom.get("metadata").get("component").get("bom-ref").asText());
        assertEquals("application", bom.get("metadata").get("component").get("type").asText());
    }

    @Test
    void dependencyGraphIsCompleteAndSorted() throws Exception {
        JsonNode bom = render(SbomOptions.defaults());
        JsonNode deps = bom.get("dependencies");
        assertEquals(7, deps.size(), "one entry per node including the root");
        String previous = "";
        for (JsonNode d : deps) {
            assertTrue(d.get("ref").asText().compareTo(previous) > 0, "sorted by ref");
            previous = d.get("ref").asText();
        }
        JsonNode root = null;
        for (JsonNode d : deps) {
            if (d.get("ref").asText().equals("pkg:npm/app@1.0.0")) {
                root = d;
            }
        }
        assertEquals(5, root.get("dependsOn").size());
    }

    @Test
    void omitDropsComponentsAndTheirEdges() throws Exception {
        SbomOptions o = new SbomOptions(SbomOptions.SpecVersion.V1_6, SbomOptions.OutputFormat.JSON,
                Set.of(SbomOptions.Omit.DEV, SbomOptions.Omit.OPTIONAL), Optional.empty());
        JsonNode bom = render(o);
        Map<String, JsonNode> c = byPurl(bom);
        assertFalse(c.containsKey("pkg:npm/%40jest/core@29.7.0"));
        assertFalse(c.containsKey("pkg:npm/fsevents@2.3.3"));
        assertTrue(c.containsKey("pkg:npm/debug@2.6.9"));
        assertFalse(bom.get("dependencies").toString().contains("jest"));
    }

    @Test
    void outputIsDeterministicAndValid() throws Exception {
        SbomOptions o = new SbomOptions(SbomOptions.SpecVersion.V1_6, SbomOptions.OutputFormat.JSON,
                Set.of(), Optional.of(Instant.ofEpochSecond(0)));
        String a = SbomSerializer.serialize(new SbomBuilder("1").build(sample(), o), o);
        String b = SbomSerializer.serialize(new SbomBuilder("1").build(sample(), o), o);
        assertEquals(a, b);
        assertTrue(a.contains("1970-01-01T00:00:00"));
        SchemaAssertions.assertValid(a, o);
        // The validator must be able to say no, or the checks above prove nothing.
        org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> SchemaAssertions.assertValid(a.replace("\"scope\" : \"optional\"", "\"scope\" : \"sometimes\""), o));
        for (SbomOptions.SpecVersion v : SbomOptions.SpecVersion.values()) {
            for (SbomOptions.OutputFormat f : SbomOptions.OutputFormat.values()) {
                SbomOptions each = new SbomOptions(v, f, Set.of(), Optional.of(Instant.ofEpochSecond(0)));
                SchemaAssertions.assertValid(SbomSerializer.serialize(new SbomBuilder("1").build(sample(), each), each), each);
            }
        }
    }
}
