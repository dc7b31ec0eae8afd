package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.LockfileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schema decides a policy's shape; these are the messages a person gets for each kind of
 * mistake, at the line and column of the mistake ({@code ^} in the YAML marks where).
 */
class PolicySchemaMessagesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key   | reqire: provenance^                                                   | reqire                     | unknown key "reqire"
            unknown nested key      | packages:\\n  axios:\\n    workfow: x^                                | packages.axios.workfow     | expected one of issuer, ref
            number for a string     | packages:\\n  axios:\\n    workflow: 12^                              | packages.axios.workflow    | quote it
            bad level in a mapping  | require:\\n  direct: signed^                                         | require.direct             | must be one of none, registry-signature
            bad level as a string   | require: signed^                                                     | require                    | not "signed"
            missing reason          | exceptions:\\n  - package: a^\\n    expires: 2026-01-01              | exceptions[0]              | needs reason
            day 45                  | exceptions:\\n  - package: a\\n    reason: r\\n    expires: 2026-11-45^ | exceptions[0].expires   | calendar date
            30 February             | exceptions:\\n  - package: a\\n    reason: r\\n    expires: 2026-02-30^ | exceptions[0].expires   | not "2026-02-30"
            not a date at all       | exceptions:\\n  - package: a\\n    reason: r\\n    expires: soon^     | exceptions[0].expires      | YYYY-MM-DD
            unknown rule            | exceptions:\\n  - package: a\\n    rule: downgrade^\\n    reason: r\\n    expires: 2026-01-01 | exceptions[0].rule | not "downgrade"
            url and gitHost         | allowSources:\\n  - package: a^\\n    url: x\\n    gitHost: y\\n    reason: r | allowSources[0] | exactly one
            neither url nor gitHost | allowSources:\\n  - package: a^\\n    reason: r                       | allowSources[0]            | exactly one
            ref and refRegex        | packages:\\n  axios:\\n    ref: a\\n    refRegex: b^                  | packages.axios.refRegex    | not both
            empty expectations      | packages:\\n  axios: {}^                                             | packages.axios             | no expectations
            cooldown words          | minimumReleaseAge: 3 days^                                           | minimumReleaseAge          | not "3 days"
            cooldown too long       | minimumReleaseAge: 99999999^                                         | minimumReleaseAge          | 527040
            wrong version           | version: 2^                                                          | version                    | reads version 1
            list instead of mapping | exceptions: {}^                                                      | exceptions                 | must be a list
            empty string            | packages:\\n  axios:\\n    workflow: ' '^                             | packages.axios.workflow    | must not be empty
            empty package name      | packages:^\\n  "":\\n    workflow: x                                  | packages                   | a package name or glob must not be empty
            """)
    void eachMistakeIsNamedWhereItIs(String what, String marked, String path, String words) throws Exception {
        String yaml = marked.replace("\\n", "\n");
        int caret = yaml.indexOf('^');
        String before = yaml.substring(0, caret);
        yaml = yaml.replace("^", "") + "\n";
        Path f = tmp.resolve("trustlock.yaml");
        Files.writeString(f, yaml);
        LockfileException e = assertThrows(LockfileException.class, () -> PolicyFile.read(f), what);
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("at " + path + ": "), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(words), what + ": " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        // The line of the marked spot: the mistaken key or value, or the start of the entry that lacks something.
        int markedLine = (int) before.chars().filter(c -> c == '\n').count() + 1;
        assertEquals(markedLine, e.line(), what + ": " + e.getMessage());
    }
}
