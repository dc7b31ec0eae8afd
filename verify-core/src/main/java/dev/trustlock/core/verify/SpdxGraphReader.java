package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.LockfileReader;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNames;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.lockfile.SourceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an SPDX 2.2 or 2.3 JSON document, as GitHub's dependency graph exports it
 * ({@code gh api repos/OWNER/REPO/dependency-graph/sbom}), as a dependency graph. A package is an
 * npm package when one of its {@code externalRefs} is a {@code pkg:npm/} purl; its
 * {@code SHA512}/{@code SHA1} checksums become the integrity the attestations must match. The
 * package the document DESCRIBES is the project; every other package without an npm purl is
 * listed as skipped. Edges come from DEPENDS_ON and the *_DEPENDENCY_OF relationships.
 */
public final class SpdxGraphReader implements LockfileReader {

    private static final Set<String> VERSIONS = Set.of("SPDX-2.2", "SPDX-2.3");

    @Override
    public LockfileFormat format() {
        return LockfileFormat.SPDX;
    }

    @Override
    public DependencyGraph read(Path sbom) throws LockfileException {
        byte[] bytes = SafeParsers.readBytes(sbom);
        JsonNode doc = SafeParsers.parseJson(sbom, bytes);
        if (!doc.isObject()) {
            throw new LockfileException(sbom, 1, 1, "not an SPDX JSON document (expected an object)");
        }
        String version = doc.path("spdxVersion").asText("");
        if (!VERSIONS.contains(version)) {
            throw CycloneDxGraphReader.at(sbom, bytes, List.of("spdxVersion"), "unsupported spdxVersion \""
                    + CycloneDxGraphReader.clip(version) + "\"; this trustlock reads SPDX-2.2 and SPDX-2.3 JSON");
        }
        JsonNode packages = doc.path("packages");
        if (!packages.isArray()) {
            throw CycloneDxGraphReader.at(sbom, bytes, List.of("packages"), "packages must be a list");
        }
        JsonNode relationships = doc.path("relationships");
        if (!relationships.isMissingNode() && !relationships.isArray()) {
            throw CycloneDxGraphReader.at(sbom, bytes, List.of("relationships"), "relationships must be a list");
        }
        Set<String> described = new HashSet<>();
        doc.path("documentDescribes").forEach(d -> described.add(d.asText()));
        for (JsonNode r : relationships) {
            if ("DESCRIBES".equals(r.path("relationshipType").asText())) {
                described.add(r.path("relatedSpdxElement").asText());
            }
        }

        Map<String, PackageKey> byId = new HashMap<>();
        List<PackageNode> nodes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        JsonNode project = null;
        for (int i = 0; i < packages.size(); i++) {
            JsonNode p = packages.get(i);
            Optional<String> id = CycloneDxGraphReader.text(p.get("SPDXID"));
            if (!p.isObject() || id.isEmpty()) {
                throw CycloneDxGraphReader.at(sbom, bytes, List.of("packages", i), "a package needs an SPDXID");
            }
            if (described.contains(id.get()) && project == null) {
                project = p;
                continue;
            }
            Optional<String> purl = npmPurl(p);
            if (purl.isEmpty()) {
                skipped.add(otherPurl(p).orElseGet(() -> CycloneDxGraphReader.text(p.get("name")).orElse("(unnamed package)")
                        + CycloneDxGraphReader.text(p.get("versionInfo")).map(v -> "@" + v).orElse("")));
                continue;
            }
            PackageNode node = CycloneDxGraphReader.npmNode(sbom, purl.get(), integrity(p));
            nodes.add(node);
            byId.put(id.get(), node.key());
        }

        String rootName = project == null ? CycloneDxGraphReader.directoryName(sbom)
                : CycloneDxGraphReader.text(project.get("name")).orElse(CycloneDxGraphReader.directoryName(sbom));
        String rootVersion = project == null ? "0.0.0"
                : CycloneDxGraphReader.text(project.get("versionInfo")).orElse("0.0.0");
        PackageNode root = new PackageNode(PackageKey.of(rootName, rootVersion), SourceType.ROOT, Optional.empty(),
                Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.of(""), false);
        if (project != null) {
            byId.put(project.path("SPDXID").asText(), root.key());
        }
        DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.SPDX).root(root);
        nodes.forEach(builder::add);
        skipped.forEach(builder::skip);
        for (JsonNode r : relationships) {
            String type = r.path("relationshipType").asText();
            String a = r.path("spdxElementId").asText();
            String b = r.path("relatedSpdxElement").asText();
            switch (type) {
                case "DEPENDS_ON" -> edge(builder, byId, a, b, DependencyKind.PROD);
                case "DEPENDENCY_OF", "RUNTIME_DEPENDENCY_OF" -> edge(builder, byId, b, a, DependencyKind.PROD);
                case "DEV_DEPENDENCY_OF" -> edge(builder, byId, b, a, DependencyKind.DEV);
                case "OPTIONAL_DEPENDENCY_OF" -> edge(builder, byId, b, a, DependencyKind.OPTIONAL);
                default -> { } // CONTAINS, DESCRIBES, GENERATED_FROM...: not a dependency
            }
        }
        return PackageNames.check(sbom, builder.build());
    }

    private static void edge(DependencyGraph.Builder builder, Map<String, PackageKey> byId, String from, String to,
            DependencyKind kind) {
        PackageKey f = byId.get(from);
        PackageKey t = byId.get(to);
        // An edge to or from a skipped package has nothing to verify on that side.
        if (f != null && t != null && !f.equals(t)) {
            builder.edge(f, t, kind);
        }
    }

    private static Optional<String> npmPurl(JsonNode p) {
        return purls(p).stream().filter(u -> u.startsWith("pkg:npm/")).findFirst();
    }

    private static Optional<String> otherPurl(JsonNode p) {
        return purls(p).stream().findFirst();
    }

    private static List<String> purls(JsonNode p) {
        List<String> out = new ArrayList<>();
        for (JsonNode ref : p.path("externalRefs")) {
            if ("purl".equals(ref.path("referenceType").asText())) {
                CycloneDxGraphReader.text(ref.get("referenceLocator")).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<String> integrity(JsonNode p) {
        List<String> sha512 = new ArrayList<>();
        List<String> sha1 = new ArrayList<>();
        for (JsonNode c : p.path("checksums")) {
            String value = c.path("checksumValue").asText();
            switch (c.path("algorithm").asText()) {
                case "SHA512" -> sha512.add(value);
                case "SHA1" -> sha1.add(value);
                default -> { }
            }
        }
        return CycloneDxGraphReader.sri(sha512, sha1);
    }
}
