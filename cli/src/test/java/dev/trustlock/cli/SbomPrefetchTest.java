package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up prefetch guesses like picocli parses, and its result equals a plain read. */
class SbomPrefetchTest {

    @TempDir
    Path dir;

    private static Optional<Path> guessedPath(String... args) {
        return SbomPrefetch.guess(args).map(SbomPrefetch.Key::input);
    }

    @Test
    void guessesPathLikePicocli() {
        assertEquals(Optional.of(Path.of(".")), guessedPath("sbom"));
        assertEquals(Optional.of(Path.of("proj")), guessedPath("sbom", "proj", "-o", "out.json"));
        assertEquals(Optional.of(Path.of("proj")), guessedPath("sbom", "-o", "out.json", "--omit", "dev", "proj"));
        assertEquals(Optional.of(Path.of("x/yarn.lock")), guessedPath("sbom", "proj", "--lockfile", "x/yarn.lock"));
        assertEquals(Optional.of(Path.of("proj")), guessedPath("sbom", "--format=xml", "proj"));
        assertEquals(Optional.empty(), guessedPath("verify-attestations", "x"));
        assertEquals(Optional.empty(), guessedPath("sbom", "--help"));
        assertEquals(Optional.empty(), guessedPath("sbom", "a", "b"));
        assertEquals(Optional.empty(), guessedPath("sbom", "-o"));
        assertEquals(Optional.empty(), guessedPath("sbom", "--lockfile-format", "nonsense"));
        assertTrue(SbomPrefetch.guess(new String[] {"sbom", "--lockfile-format", "pnpm"}).isPresent());
    }

    @Test
    void prefetchedRunWritesTheSameSbom() {
        String project = Fixtures.testdata("lockfiles/pnpm-v9").toString();
        String plain = CliRun.of("sbom", project).out().replaceAll("\"timestamp\" : \"[^\"]+\"", "");
        SbomPrefetch.startFor(new String[] {"sbom", project});
        String prefetched = CliRun.of("sbom", project).out().replaceAll("\"timestamp\" : \"[^\"]+\"", "");
        assertEquals(plain, prefetched);
        assertTrue(SbomPrefetch.take(Path.of(project), Optional.empty()).isEmpty(), "consumed once");
    }

    @Test
    void aWrongGuessIsIgnored() throws Exception {
        Files.writeString(dir.resolve("package-lock.json"), "{ broken");
        SbomPrefetch.startFor(new String[] {"sbom", dir.toString()});
        // The real run reads another project: the broken prefetch must not leak into it.
        CliRun run = CliRun.of("sbom", Fixtures.testdata("lockfiles/npm-v3").toString(), "--lockfile-format", "npm");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(SbomPrefetch.take(dir, Optional.of(LockfileFormat.NPM_PACKAGE_LOCK)).isEmpty());
    }

    @Test
    void prefetchedErrorsAreReportedAsUsual() throws Exception {
        Files.writeString(dir.resolve("package-lock.json"), "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
        SbomPrefetch.startFor(new String[] {"sbom", dir.toString()});
        CliRun run = CliRun.of("sbom", dir.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("trustlock: " + dir.resolve("package-lock.json") + ":"), run.err());
    }
}
