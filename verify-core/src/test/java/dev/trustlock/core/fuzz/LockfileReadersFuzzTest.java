package dev.trustlock.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageNames;
import dev.trustlock.core.lockfile.PackageNode;

/**
 * Every lockfile reader on arbitrary bytes: it returns a graph whose every package passed the
 * name and version checks, or refuses with a LockfileException; any other throwable (a runtime
 * exception, a stack overflow, running out of memory) is a finding. Seeds are built from
 * testdata/ by src/test/fuzz/make-seeds.sh; crashes found are kept beside them and replayed by
 * every test run.
 */
class LockfileReadersFuzzTest {

    private static void read(LockfileFormat format, String fileName, byte[] data) throws Exception {
        try {
            DependencyGraph g = Lockfiles.reader(format).read(FuzzFiles.write(format.name(), fileName, data));
            for (PackageNode n : g.packages()) {
                if (PackageNames.nameProblem(n.name()) != null || PackageNames.versionProblem(n.version()) != null) {
                    throw new AssertionError("accepted an unchecked package " + n.key());
                }
            }
        } catch (LockfileException expected) {
            // A refusal is one line, whatever the input: control characters in names are escaped.
            if (expected.getMessage().lines().count() != 1) {
                throw new AssertionError("refusal spans lines: " + expected.getMessage());
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void npm(byte[] data) throws Exception {
        read(LockfileFormat.NPM_PACKAGE_LOCK, "package-lock.json", data);
    }

    @FuzzTest(maxDuration = "30s")
    void yarnClassic(byte[] data) throws Exception {
        read(LockfileFormat.YARN_CLASSIC, "yarn.lock", data);
    }

    @FuzzTest(maxDuration = "30s")
    void yarnBerry(byte[] data) throws Exception {
        read(LockfileFormat.YARN_BERRY, "yarn.lock", data);
    }

    @FuzzTest(maxDuration = "30s")
    void pnpm(byte[] data) throws Exception {
        read(LockfileFormat.PNPM, "pnpm-lock.yaml", data);
    }

    @FuzzTest(maxDuration = "30s")
    void bun(byte[] data) throws Exception {
        read(LockfileFormat.BUN, "bun.lock", data);
    }
}
