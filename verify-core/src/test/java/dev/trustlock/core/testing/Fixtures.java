package dev.trustlock.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where test data lives. {@code testdata/} is part of this repository; {@code ../shared} is a
 * sibling folder that holds recorded real-world data which must not be copied in. Tests that
 * need it skip (with the reason) when it is absent, except under CI where its absence is a
 * failure: CI always has it, so a skip there would hide a broken set-up.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The repository root: the directory holding the parent pom.xml. */
    public static Path repoRoot() {
        String prop = System.getProperty("trustlock.repoRoot");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("verify-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + start);
    }

    /** {@code testdata/<relative>} in this repository; fails if missing. */
    public static Path testdata(String relative) {
        Path p = repoRoot().resolve("testdata").resolve(relative);
        if (!Files.exists(p)) {
            fail("missing test data " + p);
        }
        return p;
    }

    /** {@code ../shared/fixtures/<relative>}: skipped when absent locally, a failure under CI. */
    public static Path shared(String relative) {
        Path sharedRoot = repoRoot().resolve("..").resolve("shared").normalize();
        Path p = sharedRoot.resolve("fixtures").resolve(relative);
        if (!Files.exists(p)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but the shared fixtures are missing: " + p
                        + " (CI must provide ../shared beside the checkout)");
            }
            assumeTrue(false, "skipped: shared fixtures not found at " + p
                    + " (they live in ../shared beside the checkout; CI provides them)");
        }
        return p;
    }
}
