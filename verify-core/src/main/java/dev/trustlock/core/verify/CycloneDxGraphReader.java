package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.trustlock.core.io.JsonLocator;
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
import dev.trustlock.core.sbom.CycloneDxDocuments;
import dev.trustlock.core.sbom.CycloneDxSchemas;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an existing CycloneDX SBOM (JSON or XML, 1.2 to 1.7) as a dependency graph, so that
 * {@code verify} can check what another tool (or {@code trustlock sbom}) listed. The document is
 * validated against its version's official schema first. Only npm purls are verified; every
 * other component is listed as skipped (never dropped silently). An npm component's SHA-512 hash
 * becomes the integrity the attestations must match. Components with a {@code vcs_url} or
 * {@code download_url} qualifier did not come from a registry. Dependency edges come from the
 * SBOM's {@code dependencies}; the SBOM does not say which were dev or optional, so all are PROD.
 */
public final class CycloneDxGraphReader implements LockfileReader {

    @Override
    public LockfileFormat format() {
        return LockfileFormat.CYCLONEDX;
    }

    @Override
    public DependencyGraph read(Path sbom) throws LockfileException {
        byte[] bytes = SafeParsers.readBytes(sbom);
        if (CycloneDxDocuments.isXml(bytes)) {
            return graph(sbom, XmlSbom.asJson(sbom, bytes));
        }
        JsonNode doc = SafeParsers.parseJson(sbom, bytes);
        if (!"CycloneDX".equals(doc.path("bomFormat").asText())) {
            throw at(sbom, bytes, List.of("bomFormat"), "not a CycloneDX JSON SBOM (bomFormat is not \"CycloneDX\")");
        }
        // Validated before anything is read from it: a components object would otherwise be no packages.
        String spec = doc.path("specVersion").asText("");
        if (!CycloneDxSchemas.supports(spec)) {
            throw at(sbom, bytes, List.of("specVersion"), "unsupported CycloneDX specVersion \"" + clip(spec)
                    + "\"; this trustlock reads " + String.join(", ", CycloneDxSchemas.versions()));
        }
        Optional<CycloneDxSchemas.Violation> bad = CycloneDxSchemas.firstViolation(doc, spec);
        if (bad.isPresent()) {
            throw at(sbom, bytes, bad.get().path(), "not a valid CycloneDX " + spec + " SBOM: " + bad.get().message());
        }
        return graph(sbom, doc);
    }

    /** The graph of a document that passed its schema. */
    private static DependencyGraph graph(Path sbom, JsonNode doc) throws LockfileException {
        JsonNode meta = doc.path("metadata").path("component");
        String rootName = text(meta.get("name")).orElseGet(() -> directoryName(sbom));
        String rootVersion = text(meta.get("version")).orElse("0.0.0");
        PackageNode root = new PackageNode(PackageKey.of(rootName, rootVersion), SourceType.ROOT, Optional.empty(),
                Optional.empty(), Optional.empty(), java.util.Collections.emptySortedSet(), Optional.of(""), false);
        DependencyGraph.Builder builder = new DependencyGraph.Builder(LockfileFormat.CYCLONEDX).root(root);
        Map<String, PackageKey> byRef = new HashMap<>();
        text(meta.get("bom-ref")).ifPresent(ref -> byRef.put(ref, root.key()));
        java.util.Set<String> skippedRefs = new java.util.HashSet<>();
        addComponents(sbom, doc.path("components"), builder, byRef, skippedRefs);
        for (JsonNode dep : doc.path("dependencies")) {
            PackageKey from = byRef.get(dep.path("ref").asText());
            if (from == null) {
                continue;
            }
            for (JsonNode to : dep.path("dependsOn")) {
                PackageKey target = byRef.get(to.asText());
                if (target == null && skippedRefs.contains(to.asText())) {
                    continue; // an npm package depending on a skipped component: nothing to verify there
                }
                if (target == null) {
                    builder.warn("dependency of " + from + " on unknown bom-ref " + to.asText());
                } else if (!target.equals(from)) {
                    builder.edge(from, target, DependencyKind.PROD);
                }
            }
        }
        return PackageNames.check(sbom, builder.build());
    }

    static LockfileException at(Path sbom, byte[] bytes, List<Object> path, String problem) {
        int[] pos = JsonLocator.locate(bytes, path).orElse(new int[] {0, 0});
        return new LockfileException(sbom, pos[0], pos[1], problem);
    }

    private static void addComponents(Path sbom, JsonNode components, DependencyGraph.Builder builder,
            Map<String, PackageKey> byRef, java.util.Set<String> skippedRefs) throws LockfileException {
        for (JsonNode c : components) {
            Optional<String> purl = text(c.get("purl"));
            if (purl.isPresent() && purl.get().startsWith("pkg:npm/")) {
                PackageNode node = npmNode(sbom, purl.get(), integrity(c));
                builder.add(node);
                text(c.get("bom-ref")).ifPresent(ref -> byRef.put(ref, node.key()));
            } else {
                text(c.get("bom-ref")).ifPresent(skippedRefs::add);
                builder.skip(purl.orElseGet(() -> text(c.get("name")).orElse("(unnamed component)")
                        + text(c.get("version")).map(v -> "@" + v).orElse("")));
            }
            addComponents(sbom, c.path("components"), builder, byRef, skippedRefs);
        }
    }

    /** The package an npm purl names; also what the SPDX reader makes of one. */
    static PackageNode npmNode(Path sbom, String purl, Optional<String> integrity) throws LockfileException {
        PackageURL p;
        try {
            p = new PackageURL(purl);
        } catch (MalformedPackageURLException e) {
            throw new LockfileException(sbom, "component purl " + clip(purl) + " is malformed: " + e.getMessage());
        }
        if (p.getVersion() == null || p.getVersion().isBlank()) {
            throw new LockfileException(sbom, "component purl " + clip(purl) + " has no version");
        }
        String name = p.getNamespace() == null ? p.getName() : p.getNamespace() + "/" + p.getName();
        Map<String, String> q = p.getQualifiers() == null ? Map.of() : p.getQualifiers();
        SourceType source = SourceType.REGISTRY;
        Optional<String> resolved = Optional.empty();
        if (q.containsKey("vcs_url")) {
            source = SourceType.GIT;
            resolved = Optional.of(q.get("vcs_url"));
        } else if (q.containsKey("download_url")) {
            source = SourceType.REMOTE_TARBALL;
            resolved = Optional.of(q.get("download_url"));
        }
        return new PackageNode(PackageKey.of(name, p.getVersion()), source, resolved, integrity, Optional.empty(),
                java.util.Collections.emptySortedSet(), Optional.empty(), false);
    }

    private static Optional<String> integrity(JsonNode c) {
        Map<String, List<String>> byAlgorithm = new HashMap<>();
        for (JsonNode h : c.path("hashes")) {
            byAlgorithm.computeIfAbsent(h.path("alg").asText(), k -> new java.util.ArrayList<>()).add(h.path("content").asText());
        }
        return sri(byAlgorithm.getOrDefault("SHA-512", List.of()), byAlgorithm.getOrDefault("SHA-1", List.of()));
    }

    /** SHA-512 (and SHA-1, as old lockfiles had) hex hashes back to SRI form. */
    static Optional<String> sri(List<String> sha512Hex, List<String> sha1Hex) {
        List<String> parts = new java.util.ArrayList<>();
        addSri(parts, "sha512-", sha512Hex);
        addSri(parts, "sha1-", sha1Hex);
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", parts));
    }

    private static void addSri(List<String> parts, String prefix, List<String> hexes) {
        for (String hex : hexes) {
            try {
                parts.add(prefix + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
            } catch (IllegalArgumentException e) {
                // Not hex: this hash cannot stand for an integrity; the others may.
            }
        }
    }

    static String directoryName(Path sbom) {
        Path parent = sbom.toAbsolutePath().getParent();
        return parent == null || parent.getFileName() == null ? "project" : parent.getFileName().toString();
    }

    static Optional<String> text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
