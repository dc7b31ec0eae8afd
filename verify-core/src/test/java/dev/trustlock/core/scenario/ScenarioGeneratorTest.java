package dev.trustlock.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.trustlock.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed scenario files are exactly what {@link ScenarioGenerator} writes, so nobody can
 * hand-edit the demo into passing. The generator runs in a child JVM: its byte-for-byte
 * reproducibility depends on a fresh JVM (seeded signing randomness, per-JVM certificate serials).
 */
class ScenarioGeneratorTest {

    @TempDir
    Path tmp;

    @Test
    void committedScenariosAreExactlyWhatTheGeneratorWrites() throws Exception {
        Path out = tmp.resolve("scenarios");
        runGeneratorInChildJvm(out);
        Path committed = Fixtures.testdata("scenarios");
        for (String dir : ScenarioGenerator.GENERATED_DIRS) {
            SortedSet<String> expected = files(out.resolve(dir));
            SortedSet<String> actual = files(committed.resolve(dir));
            assertTrue(expected.size() > 1, dir + " generated nothing");
            assertEquals(expected, actual, dir + ": committed files differ from generated ones (run the generator)");
            List<String> differing = new ArrayList<>();
            for (String f : expected) {
                if (!Arrays.equals(Files.readAllBytes(out.resolve(dir).resolve(f)),
                        Files.readAllBytes(committed.resolve(dir).resolve(f)))) {
                    differing.add(dir + "/" + f);
                }
            }
            assertEquals(List.of(), differing, "regenerate with ScenarioGenerator and commit the result");
        }
    }

    private static void runGeneratorInChildJvm(Path out) throws Exception {
        // Surefire may hide the real class path behind a manifest-only jar.
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = out.resolveSibling("generator.log");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, ScenarioGenerator.class.getName(), out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("scenario generator did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), () -> "generator failed:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static SortedSet<String> files(Path dir) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> names.add(dir.relativize(f).toString().replace('\\', '/')));
        }
        return names;
    }
}
