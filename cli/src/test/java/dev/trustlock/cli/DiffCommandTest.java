package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustlock diff} from the command line: two lockfiles, two SBOMs, two git revisions. */
class DiffCommandTest {

    private static final Path SCENARIO = Fixtures.testdata("scenarios/axios-2026-03-31");
    private static final String[] SNAPSHOT = CliRun.snapshot(SCENARIO.resolve("snapshot"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> changes(CliRun run) throws Exception {
        JsonNode doc = JSON.readTree(run.out());
        List<String> out = new java.util.ArrayList<>();
        doc.path("changes").forEach(c -> out.add(c.path("kind").asText() + " " + c.path("name").asText() + " "
                + c.path("from").asText("") + ">" + c.path("to").asText("")));
        return out;
    }

    @Test
    void theCompromiseFailsAndGoingBackPasses() throws Exception {
        CliRun forward = CliRun.run("diff", SCENARIO.resolve("clean").toString(), SCENARIO.resolve("compromised").toString(),
                SNAPSHOT, "--format", "json");
        assertEquals(1, forward.exitCode(), forward.err());
        assertEquals(List.of("changed axios 1.14.0>1.14.1", "added plain-crypto-js >4.2.1"), changes(forward));
        CliRun back = CliRun.run("diff", SCENARIO.resolve("compromised").toString(), SCENARIO.resolve("clean").toString(),
                SNAPSHOT);
        assertEquals(0, back.exitCode(), back.out() + back.err());
        assertTrue(back.out().contains("REMOVED plain-crypto-js 4.2.1"), back.out());
        CliRun never = CliRun.run("diff", SCENARIO.resolve("clean").toString(), SCENARIO.resolve("compromised").toString(),
                SNAPSHOT, "--fail-on", "never");
        assertEquals(0, never.exitCode());
    }

    @Test
    void markdownAndSarifGoToTheirFiles(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("comment.md");
        CliRun run = CliRun.run("diff", SCENARIO.resolve("clean").toString(), SCENARIO.resolve("compromised").toString(),
                SNAPSHOT, "--format", "markdown", "-o", md.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(Files.readString(md).contains("| **axios** | changed | 1.14.0 → 1.14.1 |"), Files.readString(md));
        Path sarif = dir.resolve("diff.sarif");
        run = CliRun.run("diff", SCENARIO.resolve("clean").toString(), SCENARIO.resolve("compromised").toString(),
                SNAPSHOT, "--format", "sarif", "-o", sarif.toString());
        JsonNode result = JSON.readTree(sarif.toFile()).path("runs").get(0).path("results").get(0);
        JsonNode where = result.path("locations").get(0).path("physicalLocation");
        assertTrue(where.path("artifactLocation").path("uri").asText().endsWith("compromised/package-lock.json"), where.toString());
        assertTrue(where.path("region").path("startLine").asInt() > 1, "placed on the new lockfile's line: " + where);
    }

    @Test
    void twoSbomsDiffAsTheirLockfilesDo(@TempDir Path dir) throws Exception {
        for (String side : List.of("clean", "compromised")) {
            CliRun sbom = CliRun.run("sbom", SCENARIO.resolve(side).toString(), "-o", dir.resolve(side + ".cdx.json").toString());
            assertEquals(0, sbom.exitCode(), sbom.err());
        }
        CliRun run = CliRun.run("diff", dir.resolve("clean.cdx.json").toString(), dir.resolve("compromised.cdx.json").toString(),
                SNAPSHOT, "--format", "json");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of("changed axios 1.14.0>1.14.1", "added plain-crypto-js >4.2.1"), changes(run));
    }

    @Test
    void twoRevisionsOfOneLockfileAndTheWorkingTree(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q", ".");
        copy(SCENARIO.resolve("clean"), repo);
        git(repo, "add", ".");
        git(repo, "commit", "-qm", "clean");
        copy(SCENARIO.resolve("compromised"), repo);
        git(repo, "commit", "-qam", "compromised");
        CliRun run = CliRun.run("diff", "--git", "HEAD~1..HEAD", repo.toString(), SNAPSHOT, "--format", "json");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of("changed axios 1.14.0>1.14.1", "added plain-crypto-js >4.2.1"), changes(run));
        assertTrue(JSON.readTree(run.out()).path("old").asText().startsWith("HEAD~1:"), run.out());
        // REV.. is the working tree: put the clean lockfile back and the change is undone.
        copy(SCENARIO.resolve("clean"), repo);
        CliRun tree = CliRun.run("diff", "--git", "HEAD..", repo.resolve("package-lock.json").toString(), SNAPSHOT,
                "--format", "json");
        assertEquals(0, tree.exitCode(), tree.err());
        assertEquals(List.of("changed axios 1.14.1>1.14.0", "removed plain-crypto-js 4.2.1>"), changes(tree));

        CliRun missing = CliRun.run("diff", "--git", "no-such-rev..HEAD", repo.toString(), SNAPSHOT);
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("trustlock: git cannot show package-lock.json at no-such-rev"), missing.err());
        assertEquals(1, missing.err().lines().count(), "one line, no stack trace: " + missing.err());
        CliRun option = CliRun.run("diff", "--git", "HEAD..--output=x", repo.toString(), SNAPSHOT);
        assertEquals(2, option.exitCode(), "a revision is never an option to git");
    }

    @Test
    void usageErrorsSayWhatToGive() {
        CliRun one = CliRun.run("diff", SCENARIO.resolve("clean").toString(), SNAPSHOT);
        assertEquals(2, one.exitCode());
        assertTrue(one.err().contains("give two lockfiles or SBOMs (OLD NEW), or --git REV1..REV2 [PATH]"), one.err());
        CliRun range = CliRun.run("diff", "--git", "HEAD", SNAPSHOT);
        assertEquals(2, range.exitCode());
        assertTrue(range.err().contains("--git wants REV1..REV2"), range.err());
        CliRun unreadable = CliRun.run("diff", SCENARIO.resolve("clean").toString(), "/no/such/lockfile.json", SNAPSHOT);
        assertEquals(2, unreadable.exitCode(), unreadable.err());
    }

    private static void copy(Path from, Path to) throws Exception {
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }
}
