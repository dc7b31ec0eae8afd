package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.io.Digests;
import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The axios compromise again, but the attacker also wrote terminal escape sequences, a line
 * break and a bidi override into what the registry serves unsigned for 1.14.1: the publisher's
 * name and e-mail and a new dependency. What a person reads ({@code explain}, {@code diff} as text
 * and as a pull-request comment) must show them as text and keep its lines where they were: an
 * escape could otherwise move the cursor up and erase "trust dropped", and a line break could
 * forge a verdict line.
 */
class HostileRegistryTextTest {

    private static final Path SCENARIO = Fixtures.testdata("scenarios/axios-2026-03-31");
    private static final String PUBLISHER = "evil\u001b[2J\u001b[31mFAKE\u0007";
    private static final String EMAIL = "x\u001b]8;;https://evil.example\u0007@example.org";
    private static final String DEPENDENCY = "bad\u001b[1A\u001b[Kname\nPASS: nothing to report\u202e";

    @TempDir
    static Path tmp;
    private static String[] snapshot;

    @BeforeAll
    static void hostileSnapshot() throws Exception {
        Path dir = tmp.resolve("snapshot");
        try (Stream<Path> files = Files.walk(SCENARIO.resolve("snapshot"))) {
            for (Path from : files.toList()) {
                Files.copy(from, dir.resolve(SCENARIO.resolve("snapshot").relativize(from).toString()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        Path packument = dir.resolve("packuments/axios.json");
        ObjectNode doc = (ObjectNode) json.readTree(packument.toFile());
        ObjectNode release = (ObjectNode) doc.path("versions").path("1.14.1");
        release.putObject("_npmUser").put("name", PUBLISHER).put("email", EMAIL);
        release.with("dependencies").put(DEPENDENCY, "^1.0.0\u001b[K");
        byte[] tampered = json.writeValueAsBytes(doc);
        Files.write(packument, tampered);
        String hash = Digests.sha256Hex(tampered);
        ObjectNode index = (ObjectNode) json.readTree(dir.resolve("index.json").toFile());
        index.withArray("entries").forEach(e -> {
            if (e.path("file").asText().equals("packuments/axios.json")) {
                ((ObjectNode) e).put("sha256", hash);
            }
        });
        Files.write(dir.resolve("index.json"), json.writeValueAsBytes(index));
        snapshot = CliRun.snapshot(dir);
    }

    /** No character that acts on a terminal: controls (but the line ends) and invisible format characters. */
    private static void onlyText(String what, String out) {
        out.codePoints().forEach(cp -> assertFalse(cp != '\n' && (Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT), () -> what + " prints U+" + Integer.toHexString(cp)
                + ":\n" + out));
        assertTrue(out.contains("evil" + PlainText.REPLACEMENT), what + " hides that the name was tampered with:\n" + out);
        assertFalse(out.lines().anyMatch(l -> l.startsWith("PASS")), what + " lets a dependency name forge a line:\n" + out);
    }

    @Test
    void explainShowsTheTamperingAndKeepsTheTrustDroppedLine() {
        CliRun run = CliRun.run("explain", "axios@1.14.1", snapshot);
        assertEquals(0, run.exitCode(), run.err());
        onlyText("explain", run.out());
        List<String> lines = run.out().lines().toList();
        int row = lines.indexOf(lines.stream().filter(l -> l.contains(" 1.14.1 <")).findFirst().orElseThrow());
        assertTrue(lines.get(row + 1).startsWith("  ^ trust dropped at 1.14.1: "), run.out());
    }

    @Test
    void diffAsTextAndAsACommentShowTheTampering() {
        String[] sides = {SCENARIO.resolve("clean").toString(), SCENARIO.resolve("compromised").toString()};
        CliRun text = CliRun.run("diff", sides[0], sides[1], snapshot);
        assertEquals(1, text.exitCode(), text.err());
        onlyText("diff", text.out());
        assertTrue(text.out().contains("  WARNING publisher-change: published by evil"), text.out());
        CliRun markdown = CliRun.run("diff", sides[0], sides[1], snapshot, "--format", "markdown");
        assertEquals(1, markdown.exitCode(), markdown.err());
        onlyText("diff --format markdown", markdown.out());
        assertTrue(markdown.out().startsWith("### trustlock: FAIL"), markdown.out());
    }

    @Test
    void verifyTableShowsTheTampering() {
        CliRun run = CliRun.run("verify", SCENARIO.resolve("compromised").toString(), snapshot);
        assertEquals(1, run.exitCode(), run.err());
        onlyText("verify", run.out());
        onlyText("verify's stderr", run.err() + "evil" + PlainText.REPLACEMENT);
    }
}
