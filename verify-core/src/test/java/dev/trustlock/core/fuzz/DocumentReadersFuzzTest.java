package dev.trustlock.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.io.JsonTrees;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.policy.PolicyFile;
import dev.trustlock.core.registry.SnapshotException;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.verify.CycloneDxGraphReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The other readers of untrusted input: CycloneDX SBOMs given to verify, policies, packuments
 * as the registry or a snapshot serves them, and snapshot indexes. Each either succeeds or
 * refuses with its documented exception.
 */
class DocumentReadersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void cycloneDx(byte[] data) throws Exception {
        try {
            new CycloneDxGraphReader().read(FuzzFiles.write("sbom", "bom.cdx.json", data));
        } catch (LockfileException expected) {
            // refused with file and position
        }
    }

    @FuzzTest(maxDuration = "30s")
    void policy(byte[] data) throws Exception {
        try {
            PolicyFile.read(FuzzFiles.write("policy", "trustlock.yaml", data));
        } catch (LockfileException expected) {
            // refused with file and position
        }
    }

    @FuzzTest(maxDuration = "30s")
    void packument(byte[] data) {
        PackageHistory history;
        try {
            history = PackageHistory.fromPackument(JsonTrees.parseRegistryDocument(data));
        } catch (IOException | IllegalArgumentException expected) {
            return; // not JSON, or not a packument: the package is unverifiable
        }
        // Every derived view must hold up on whatever the registry sent, and so must sorting all
        // releases as explain does (outside the catch above: List.sort throws an
        // IllegalArgumentException of its own on a comparator that is not an order).
        for (String version : history.releases().keySet()) {
            history.previousRelease(version);
            history.earlierInLine(version).forEach(r -> r.evidence());
        }
        new java.util.ArrayList<>(history.releases().values()).sort(PackageHistory.CHRONOLOGICAL);
    }

    /** The axios scenario's snapshot files, so that a fuzzed index can point at real ones. */
    private static final Path SNAPSHOT = FuzzFiles.copy("snapshot",
            dev.trustlock.core.testing.Fixtures.testdata("scenarios/axios-2026-03-31/snapshot"));

    @FuzzTest(maxDuration = "30s")
    void snapshotIndex(byte[] data) {
        Path index = FuzzFiles.write("snapshot", "index.json", data);
        try {
            SnapshotRegistry s = SnapshotRegistry.open(SNAPSHOT);
            s.keys();
            s.packument("axios");
            s.attestations("axios", "1.14.0");
        } catch (LockfileException | SnapshotException expected) {
            // refused, naming the file
        }
    }
}
