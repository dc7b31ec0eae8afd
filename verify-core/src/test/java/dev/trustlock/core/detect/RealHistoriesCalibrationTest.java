package dev.trustlock.core.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.history.Semver;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.registry.SnapshotWriter;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.RunProgress;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The false-alarm budget of the detection rules, measured on 375 real, unedited packuments of
 * ordinary release histories (../shared/fixtures/real-histories, see its SOURCES.md): a snapshot
 * of all of them, a project that installs the three latest stable releases of each, verified with
 * no policy at the snapshot's recorded time. At most 1% of those releases may get a warning or an
 * error from the history and detection rules. The verification rules are left out: these
 * packuments were captured without attestations or keys of their time, which says nothing about
 * how quiet the detection is. The breakdown is written to target/calibration.txt (the README
 * quotes it).
 */
class RealHistoriesCalibrationTest {

    /** Findings about the material itself, not about the release history. */
    private static final Set<String> NOT_DETECTION = Set.of(VerificationInvalidRule.ID, VerificationUnverifiableRule.ID,
            PipelineFindings.REGISTRY_UNAVAILABLE, PipelineFindings.INTEGRITY_MISMATCH, PipelineFindings.NOT_FROM_REGISTRY,
            ReleaseChecks.UNKNOWN_VERSION);
    private static final URI NPMJS = URI.create("https://registry.npmjs.org/");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void atMostOnePercentOfOrdinaryReleasesRaiseAWarning(@TempDir Path dir) throws Exception {
        Path packuments = Fixtures.shared("real-histories/packuments");
        SnapshotWriter w = SnapshotWriter.create(dir.resolve("snapshot"), NPMJS, Map.of());
        DependencyGraph.Builder graph = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        PackageNode root = new PackageNode(PackageKey.of("calibration", "1.0.0"), SourceType.ROOT, Optional.empty(),
                Optional.empty(), Optional.empty(), Collections.emptySortedSet(), Optional.of(""), false);
        graph.root(root);
        Instant created = Instant.EPOCH;
        int files = 0;
        try (Stream<Path> s = Files.list(packuments)) {
            for (Path p : s.sorted().toList()) {
                byte[] body = Files.readAllBytes(p);
                JsonNode doc = JSON.readTree(body);
                String name = doc.path("name").asText();
                w.addPackument(name, body);
                files++;
                created = latest(created, doc.path("time").path("modified"));
                for (String version : latestStable(doc, 3)) {
                    JsonNode dist = doc.path("versions").path(version).path("dist");
                    PackageNode n = new PackageNode(PackageKey.of(name, version), SourceType.REGISTRY,
                            Optional.of(dist.path("tarball").asText(NPMJS + name + "/-/x-" + version + ".tgz")),
                            text(dist, "integrity").or(() -> text(dist, "shasum").map(RealHistoriesCalibrationTest::sha1)),
                            Optional.empty(), Collections.emptySortedSet(), Optional.empty(), false);
                    graph.add(n).edge(root.key(), n.key(), DependencyKind.PROD);
                }
            }
        }
        try (InputStream keys = TrustMaterial.class.getResourceAsStream("keys.json")) {
            w.addKeys(keys.readAllBytes());
        }
        w.finish(created);
        SnapshotRegistry snapshot = SnapshotRegistry.open(dir.resolve("snapshot"));
        VerifyReport report = new VerifyRun(snapshot, TrustMaterial.bundledDefault(), Policy.EMPTY,
                LocalDate.ofInstant(created, ZoneOffset.UTC), snapshot.created(), 2)
                .run(graph.build(), "real-histories", "calibration", created, RunProgress.NONE);
        // npm's own times are believed: none of the real packuments has patch releases out of order twice.
        assertTrue(report.findings().stream().noneMatch(f -> f.ruleId().equals(PipelineFindings.REGISTRY_TIMES)),
                report.findings().stream().filter(f -> f.ruleId().equals(PipelineFindings.REGISTRY_TIMES)).toList().toString());

        SortedMap<String, List<String>> flaggedByRule = new TreeMap<>();
        SortedMap<String, Integer> notesByRule = new TreeMap<>();
        int releases = report.packages().size();
        int flagged = 0;
        for (PackageVerdict v : report.packages()) {
            boolean raised = false;
            for (Finding f : v.findings()) {
                if (NOT_DETECTION.contains(f.ruleId())) {
                    continue;
                }
                if (f.severity().compareTo(Severity.WARNING) >= 0 && f.severity() != Severity.NOTE) {
                    flaggedByRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>())
                            .add(v.name() + "@" + v.version() + ": " + f.message());
                    raised = true;
                } else {
                    notesByRule.merge(f.ruleId(), 1, Integer::sum);
                }
            }
            flagged += raised ? 1 : 0;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d packuments, %d releases verified (the 3 latest stable of each), at %s%n", files,
                releases, created));
        out.append(String.format("releases with a warning or error from detection rules: %d (%.2f%%)%n", flagged,
                100.0 * flagged / releases));
        flaggedByRule.forEach((rule, list) -> {
            out.append(rule).append(": ").append(list.size()).append('\n');
            list.forEach(l -> out.append("  ").append(l).append('\n'));
        });
        out.append("notes: ").append(notesByRule).append('\n');
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("calibration.txt"), out);
        System.out.print(out);
        assertTrue(releases > 900, "the fixture yields about 1,000 releases; got " + releases);
        assertTrue(flagged * 100 <= releases, flagged + " of " + releases + " ordinary releases flagged:\n" + out);
    }

    /** The {@code n} highest versions without a prerelease tag, highest first. */
    static List<String> latestStable(JsonNode doc, int n) {
        List<Semver> stable = new ArrayList<>();
        Map<Semver, String> text = new TreeMap<>();
        for (Iterator<String> it = doc.path("versions").fieldNames(); it.hasNext(); ) {
            String v = it.next();
            Semver.parse(v).filter(s -> !s.isPrerelease()).ifPresent(s -> {
                stable.add(s);
                text.put(s, v);
            });
        }
        stable.sort(Comparator.reverseOrder());
        return stable.stream().limit(n).map(text::get).toList();
    }

    private static Instant latest(Instant current, JsonNode time) {
        if (!time.isTextual()) {
            return current;
        }
        try {
            Instant t = Instant.parse(time.asText());
            return t.isAfter(current) ? t : current;
        } catch (RuntimeException e) {
            return current;
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String sha1(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return "sha1-" + java.util.Base64.getEncoder().encodeToString(bytes);
    }
}
