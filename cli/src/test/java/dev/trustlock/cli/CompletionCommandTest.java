package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script really completes, in a real bash; zsh gets the same script, which loads bashcompinit. */
class CompletionCommandTest {

    @TempDir
    Path tmp;

    @Test
    void bashCompletesSubcommandsAndOptionValues() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash on this machine to run the script in");
        CliRun run = CliRun.of("completion", "bash");
        assertEquals(0, run.exitCode(), run.err());
        Path script = tmp.resolve("trustlock.bash");
        Files.writeString(script, run.out());
        assertEquals("verify verify-attestations", complete(script, "trustlock ver", "trustlock", "ver"));
        assertEquals("text json sarif junit cyclonedx html markdown", complete(script, "trustlock verify --format ", "trustlock", "verify",
                "--format", ""));
        assertEquals("text json markdown sarif", complete(script, "trustlock diff --format ", "trustlock", "diff",
                "--format", ""));
        assertEquals("diff", complete(script, "trustlock di", "trustlock", "di"));
    }

    @Test
    void zshGetsTheScriptThatLoadsBashcompinitAndUnknownShellsAreUsageErrors() {
        CliRun zsh = CliRun.of("completion", "zsh");
        assertEquals(0, zsh.exitCode());
        assertEquals(CliRun.of("completion", "bash").out(), zsh.out());
        assertTrue(zsh.out().contains("bashcompinit"), "zsh needs bashcompinit to use the script");
        CliRun fish = CliRun.of("completion", "fish");
        assertEquals(2, fish.exitCode());
        assertTrue(fish.err().contains("use bash or zsh"), fish.err());
    }

    /** COMPREPLY for the words typed, the last one being completed. */
    private static String complete(Path script, String line, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('"').append(w).append("\" ");
        }
        String cmd = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_trustlock 2>/dev/null;"
                + " echo \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("/bin/bash", "-c", cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor());
        return out;
    }
}
