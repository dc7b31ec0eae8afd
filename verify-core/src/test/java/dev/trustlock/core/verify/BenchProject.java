package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
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
        if (args.length != 2) {
            System.err.println("usage: BenchProject LOCKFILE-OR-DIR OUT-DIR");
            System.exit(2);
        }
        Path snapshot = writeSnapshot(Lockfiles.read(Path.of(args[0]), Optional.empty()), Path.of(args[1]));
        System.out.println(snapshot);
    }

    /** @return the snapshot directory; packages without a sha512 integrity get none (they end NO_PROVENANCE) */
    public static Path writeSnapshot(DependencyGraph graph, Path dir) throws IOException {
        TestPki pki = TestPki.shared();
        SyntheticAttestations synth = new SyntheticAttestations(pki);
        Path snapshot = dir.resolve("snapshot");
        SnapshotWriter w = SnapshotWriter.create(snapshot, VerifyFixtures.NPMJS, Map.of());
        Instant t = TestPki.T0;
        SortedMap<String, List<VerifyFixtures.Release>> byName = new TreeMap<>();
        for (PackageNode n : graph.packages()) {
            if (n.source() != SourceType.REGISTRY) {
                continue;
            }
            boolean sha512 = n.integrity().filter(i -> i.contains("sha512-")).isPresent();
            String integrity = n.integrity().orElse(SyntheticAttestations.packageFor(n.name(), n.version()).integrity());
            byName.computeIfAbsent(n.name(), k -> new ArrayList<>(List.of(
                    new VerifyFixtures.Release(k, "0.0.1-bench", t.minusSeconds(86_400), true))))
                    .add(new VerifyFixtures.Release(n.name(), n.version(), t, sha512, integrity));
        }
        for (Map.Entry<String, List<VerifyFixtures.Release>> e : byName.entrySet()) {
            w.addPackument(e.getKey(), VerifyFixtures.packument(pki, e.getKey(), e.getValue()));
            for (VerifyFixtures.Release r : e.getValue().subList(1, e.getValue().size())) {
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
