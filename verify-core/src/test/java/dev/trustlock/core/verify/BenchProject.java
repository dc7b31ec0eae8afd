package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.history.Semver;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.registry.SnapshotWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Input of {@code bench/verify-snapshot.sh}: a registry snapshot in which every registry
 * package of a real lockfile was published with provenance by a trusted publisher (attestations
 * signed by the test PKI over the lockfile's own sha512 integrity, registry signatures, an
 * earlier release so the history rules have work to do), plus the PKI's trust material.
 * Usage: {@code BenchProject LOCKFILE-OR-DIR OUT-DIR}; writes OUT-DIR/snapshot.
 */
public final class BenchProject {

    private BenchProject() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("diff")) {
            System.out.println(writeDiff(Path.of(args[2]), Integer.parseInt(args[1])));
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: BenchProject LOCKFILE-OR-DIR OUT-DIR | BenchProject diff N OUT-DIR");
            System.exit(2);
        }
        DependencyGraph graph = Lockfiles.read(Path.of(args[0]), Optional.empty());
        System.out.println(writeSnapshot(graph, Path.of(args[1]), true));
        System.out.println(writeSnapshot(graph, Path.of(args[1]), false));
    }

    /** The snapshot with history to verify (see {@link #writeSnapshot(DependencyGraph, Path, boolean)}). */
    public static Path writeSnapshot(DependencyGraph graph, Path dir) throws IOException {
        return writeSnapshot(graph, dir, true);
    }

    /**
     * Every locked version also gets an earlier release of its line, published a day before. With
     * {@code history}, that release has provenance from the same workflow, recorded in the
     * snapshot, so verify verifies it too to compare identities (the history rules' extra work);
     * without, it has none and there is nothing earlier to verify. Written to {@code DIR/snapshot}
     * or {@code DIR/snapshot-no-history}.
     *
     * @return the snapshot directory; packages without a sha512 integrity get none (they end NO_PROVENANCE)
     */
    public static Path writeSnapshot(DependencyGraph graph, Path dir, boolean history) throws IOException {
        TestPki pki = TestPki.shared();
        SyntheticAttestations synth = new SyntheticAttestations(pki);
        Path snapshot = dir.resolve(history ? "snapshot" : "snapshot-no-history");
        SnapshotWriter w = SnapshotWriter.create(snapshot, VerifyFixtures.NPMJS, Map.of());
        Instant t = TestPki.T0;
        SortedMap<String, SortedMap<String, VerifyFixtures.Release>> byName = new TreeMap<>();
        for (PackageNode n : graph.packages()) {
            if (n.source() != SourceType.REGISTRY) {
                continue;
            }
            boolean sha512 = n.integrity().filter(i -> i.contains("sha512-")).isPresent();
            String integrity = n.integrity().orElse(SyntheticAttestations.packageFor(n.name(), n.version()).integrity());
            byName.computeIfAbsent(n.name(), k -> new TreeMap<>())
                    .put(n.version(), new VerifyFixtures.Release(n.name(), n.version(), t, sha512, integrity));
        }
        for (SortedMap<String, VerifyFixtures.Release> versions : byName.values()) {
            for (VerifyFixtures.Release locked : List.copyOf(versions.values())) {
                earlierInLine(locked.version()).filter(v -> !versions.containsKey(v)).ifPresent(v -> versions.put(v,
                        new VerifyFixtures.Release(locked.name(), v, t.minusSeconds(86_400), history)));
            }
        }
        for (Map.Entry<String, SortedMap<String, VerifyFixtures.Release>> e : byName.entrySet()) {
            List<VerifyFixtures.Release> releases = new ArrayList<>(e.getValue().values());
            releases.sort(java.util.Comparator.comparing(VerifyFixtures.Release::published));
            w.addPackument(e.getKey(), VerifyFixtures.packument(pki, e.getKey(), releases));
            for (VerifyFixtures.Release r : releases) {
                if (r.provenance()) {
                    w.addAttestations(r.name(), r.version(),
                            synth.responseBytes(r.ref(), new SyntheticAttestations.Options()));
                }
            }
        }
        w.addKeys(new ObjectMapper().writeValueAsBytes(pki.npmKeysJson()));
        w.finish(t.plusSeconds(3600));
        pki.writeTrust(snapshot.resolve("trust"));
        return snapshot;
    }

    /**
     * Input of {@code bench/diff-bench.sh}: two lockfiles of {@code n} packages each, as a routine
     * dependency update changes one: the new one moves every tenth package from 1.0.0 to 1.1.0, and
     * replaces the last 2% by new packages. Writes DIR/old, DIR/new and DIR/snapshot (every version
     * of both with provenance, and history to verify).
     *
     * @return the snapshot directory
     */
    static Path writeDiff(Path dir, int n) throws IOException {
        Instant t = TestPki.T0;
        int replaced = Math.max(1, n / 50);
        List<VerifyFixtures.Release> before = new ArrayList<>();
        List<VerifyFixtures.Release> after = new ArrayList<>();
        List<VerifyFixtures.Release> union = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = String.format("bench-pkg-%04d", i);
            VerifyFixtures.Release current = new VerifyFixtures.Release(name, "1.1.0", t, true);
            // 1.0.0 is the earlier release writeSnapshot adds to 1.1.0's line, a day before.
            before.add(i % 10 == 0 ? new VerifyFixtures.Release(name, "1.0.0", t.minusSeconds(86_400), true) : current);
            union.add(current);
            if (i >= n - replaced) {
                VerifyFixtures.Release added = new VerifyFixtures.Release(String.format("bench-new-%04d", i), "1.1.0", t, true);
                after.add(added);
                union.add(added);
            } else {
                after.add(current);
            }
        }
        for (String side : List.of("old", "new")) {
            Files.writeString(Files.createDirectories(dir.resolve(side)).resolve("package-lock.json"),
                    VerifyFixtures.lockfile(side.equals("old") ? before : after));
        }
        Path all = Files.createDirectories(dir.resolve("union"));
        Files.writeString(all.resolve("package-lock.json"), VerifyFixtures.lockfile(union));
        try {
            return writeSnapshot(Lockfiles.read(all, Optional.empty()), dir);
        } catch (LockfileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A lower version in the same release line (same major, or same minor for 0.x), if there is one. */
    static Optional<String> earlierInLine(String version) {
        return Semver.parse(version).filter(v -> !v.isPrerelease()).flatMap(v -> {
            if (v.patch() > 0) {
                return Optional.of(v.major() + "." + v.minor() + "." + (v.patch() - 1));
            }
            if (v.major() > 0 && v.minor() > 0) {
                return Optional.of(v.major() + "." + (v.minor() - 1) + ".0");
            }
            return Optional.empty();
        });
    }

    /** A synthetic project of {@code n} packages with its snapshot (for the loopback benchmark and tests). */
    public static VerifyFixtures.Layout write(Path dir, int n) throws IOException {
        Instant t = TestPki.T0;
        List<VerifyFixtures.Release> locked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            locked.add(new VerifyFixtures.Release(String.format("bench-pkg-%04d", i), "1.1.0", t, true));
        }
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("package-lock.json"), VerifyFixtures.lockfile(locked));
        Path snapshot;
        try {
            snapshot = writeSnapshot(Lockfiles.read(project, Optional.empty()), dir);
        } catch (LockfileException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new VerifyFixtures.Layout(project, snapshot, snapshot.resolve("trust/trusted_root.json"),
                snapshot.resolve("trust/keys.json"));
    }
}
