package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's trustlock.yaml (or .trustlock.yaml) applies without --policy, says so, and --no-policy ignores it. */
class PolicyDiscoveryTest {

    private static final String S = "scenarios/false-positive-classes/";

    @TempDir
    Path project;

    private CliRun verify(String... extra) {
        return CliRun.run("verify", project.toString(), CliRun.snapshot(Fixtures.testdata(S + "snapshot").toString()),
                extra);
    }

    private void copyProject() throws Exception {
        for (String f : new String[] {"package.json", "package-lock.json"}) {
            Files.copy(Fixtures.testdata(S + "project/" + f), project.resolve(f));
        }
    }

    @Test
    void theProjectsPolicyIsUsedAndNamed() throws Exception {
        copyProject();
        assertEquals(0, verify().exitCode());
        Files.writeString(project.resolve(".trustlock.yaml"), "version: 1\nrequire: provenance\n");
        CliRun hidden = verify();
        assertEquals(1, hidden.exitCode(), hidden.err() + hidden.out());
        assertTrue(hidden.err().contains("using policy " + project.resolve(".trustlock.yaml")), hidden.err());
        assertTrue(hidden.out().contains("evidence-below-policy"), hidden.out());

        // trustlock.yaml wins over .trustlock.yaml.
        Files.writeString(project.resolve("trustlock.yaml"), "version: 1\n");
        CliRun visible = verify();
        assertEquals(0, visible.exitCode(), visible.err() + visible.out());
        assertTrue(visible.err().contains("using policy " + project.resolve("trustlock.yaml")), visible.err());

        // Named as a person would write it, whatever the way the project was given.
        CliRun roundabout = CliRun.run("verify", project.resolve("../" + project.getFileName() + "/.").toString(),
                CliRun.snapshot(Fixtures.testdata(S + "snapshot").toString()));
        assertTrue(roundabout.err().contains("using policy " + project.toAbsolutePath().normalize().resolve("trustlock.yaml")
                + " "), roundabout.err());
    }

    @Test
    void noPolicyIgnoresItAndContradictingFlagsAreAUsageError() throws Exception {
        copyProject();
        Files.writeString(project.resolve("trustlock.yaml"), "version: 1\nrequire: provenance\n");
        CliRun ignored = verify("--no-policy");
        assertEquals(0, ignored.exitCode(), ignored.err() + ignored.out());
        assertTrue(!ignored.err().contains("using policy"), ignored.err());
        CliRun both = verify("--no-policy", "--policy", project.resolve("trustlock.yaml").toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("contradict"), both.err());
    }
}
