package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.registry.LoopbackRegistryServer;
import dev.trustlock.core.registry.LoopbackRegistryServer.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustlock explain axios} from the compromise's snapshot, in text and JSON. */
class ExplainCommandTest {

    private static final String[] SNAPSHOT = CliRun.snapshot(Fixtures.testdata("scenarios/axios-2026-03-31/snapshot"));

    @TempDir
    Path tmp;

    @Test
    void textMarksTheRowWhereTrustDropped() {
        CliRun run = CliRun.run("explain", "axios", SNAPSHOT);
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        int row = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" 1.14.1 ")) {
                row = i;
            }
        }
        assertTrue(row > 0, run.out());
        assertTrue(lines.get(row).contains("jasonsaayman <ifstap@proton.me>"), lines.get(row));
        assertTrue(lines.get(row).contains("plain-crypto-js@^4.2.1"), lines.get(row));
        assertTrue(lines.get(row + 1).startsWith("  ^ trust dropped at 1.14.1: first release of the 1.x line without"
                + " trusted publishing"), lines.get(row + 1));
        assertEquals(1, run.out().lines().filter(l -> l.contains("^ trust dropped")).count(), run.out());
    }

    @Test
    void jsonHasOneObjectPerReleaseAndTheDropOnlyOn1141() throws Exception {
        CliRun run = CliRun.run("explain", "axios", SNAPSHOT, "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("axios", doc.path("package").asText());
        List<String> dropped = new ArrayList<>();
        doc.path("releases").forEach(r -> {
            if (r.has("trustDropped")) {
                dropped.add(r.path("version").asText());
            }
        });
        assertEquals(List.of("1.14.1"), dropped);
        JsonNode last = doc.path("releases").get(doc.path("releases").size() - 1);
        assertEquals("^4.2.1", last.path("newDependencies").path("plain-crypto-js").asText());
        assertEquals("registry-signature", last.path("evidence").asText());
    }

    @Test
    void badNamesAreUsageErrorsAndUnknownPackagesSaySoOnce() {
        CliRun bad = CliRun.run("explain", "Not A Name", SNAPSHOT);
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("not an npm package name"), bad.err());
        CliRun unknown = CliRun.run("explain", "no-such-package", SNAPSHOT);
        assertEquals(3, unknown.exitCode());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("no-such-package"), unknown.err());
    }

    @Test
    void progressIsOnStderrOnlyAndQuietSilencesIt() {
        CliRun plain = CliRun.run("explain", "axios", SNAPSHOT, "--progress");
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(List.of("trustlock: fetched 1 of 1 packages (0 s, 0 kB, axios)",
                "trustlock: checked 10 of 10 releases (0 s, 0 kB, axios)"),
                plain.err().lines().map(l -> l.replaceAll("\\(\\d+ s,", "(0 s,")).toList());
        assertEquals(CliRun.run("explain", "axios", SNAPSHOT).out(), plain.out(), "nothing of it on stdout");
        CliRun quiet = CliRun.run("explain", "axios", SNAPSHOT, "--progress", "--quiet");
        assertEquals("", quiet.err());
    }

    @Test
    void aBadDeadlineIsAUsageErrorBeforeAnyWork() {
        CliRun run = CliRun.run("explain", "axios", SNAPSHOT, "--deadline", "soon");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("--deadline must be a duration such as 90s"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void releasesTheDeadlineCutShortShowAsUnverifiableAndExitThree() throws Exception {
        Path snapshot = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot");
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot)) {
            server.fault("/-/npm/v1/attestations/axios@1.14.0", new Fault.Delay(Duration.ofSeconds(30)));
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> CliRun.of("explain", "axios",
                    "--registry", server.baseUrl().toString(), "--cache-dir", tmp.resolve("cache").toString(),
                    "--trusted-root", snapshot.resolve("trust/trusted_root.json").toString(),
                    "--npm-keys", snapshot.resolve("trust/keys.json").toString(),
                    "--deadline", "4s", "--timeout", "60", "--format", "json"));
            assertEquals(3, run.exitCode(), run.err());
            assertTrue(run.err().contains("--deadline passed before 1 of 10 releases of axios were verified; they show as unverifiable"),
                    run.err());
            JsonNode late = null;
            for (JsonNode r : new ObjectMapper().readTree(run.out()).path("releases")) {
                if (r.path("version").asText().equals("1.14.0")) {
                    late = r;
                }
            }
            assertEquals("UNVERIFIABLE", late.path("status").asText(), late.toString());
            assertEquals("none", late.path("evidence").asText(), late.toString());
            assertTrue(late.toString().contains("the deadline of 4 s passed before it was verified"), late.toString());
        }
    }
}
