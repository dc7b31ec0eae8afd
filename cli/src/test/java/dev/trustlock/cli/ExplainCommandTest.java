package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code trustlock explain axios} from the compromise's snapshot, in text and JSON. */
class ExplainCommandTest {

    private static final String[] SNAPSHOT = CliRun.snapshot(Fixtures.testdata("scenarios/axios-2026-03-31/snapshot"));

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
}
