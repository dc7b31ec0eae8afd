package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The GitHub Action, the example workflow and the GitLab snippet call trustlock the way the CLI
 * really parses: every option they pass to {@code trustlock verify} exists, every value they give
 * a closed option is accepted, and the workflow only sets inputs the Action declares. (They run
 * on GitHub and GitLab, which this machine cannot reach; this is what can go stale here.)
 */
class CiContractTest {


    @Test
    void theActionIsACompositeWithTheDocumentedInputs() throws Exception {
        Map<String, Object> action = yaml("action.yml");
        Map<?, ?> runs = (Map<?, ?>) action.get("runs");
        assertEquals("composite", runs.get("using"));
        Map<?, ?> inputs = (Map<?, ?>) action.get("inputs");
        for (String input : List.of("path", "policy", "fail-on", "version", "sarif", "upload-sarif", "cache-dir",
                "cache-secret")) {
            assertNotNull(inputs.get(input), "input " + input);
            assertNotNull(((Map<?, ?>) inputs.get(input)).get("description"), "input " + input + " has no description");
        }
        List<String> calls = verifyCalls(Files.readString(Fixtures.repoRoot().resolve("action.yml")));
        assertEquals(2, calls.size(), "a JSON run and an offline SARIF run: " + calls);
        calls.forEach(CiContractTest::assertParses);
        assertTrue(calls.stream().anyMatch(c -> c.contains("--format sarif")), "SARIF for code scanning");
        assertTrue(calls.stream().anyMatch(c -> c.contains("--format markdown")), "trustlock writes the job summary");
        // A release writes some of the findings' text: only trustlock's renderer escapes it, so the
        // summary is never assembled in the shell from report fields.
        String script = Files.readString(Fixtures.repoRoot().resolve("action.yml"));
        assertFalse(script.matches("(?s).*\\bjq\\b.*"), "no jq-made summary");
        for (String line : script.lines().filter(l -> l.contains("GITHUB_STEP_SUMMARY")).toList()) {
            assertTrue(line.contains("cat \"$RUNNER_TEMP/trustlock.md\"") || !line.contains("$(") && !line.contains("trustlock.json"),
                    "the summary gets trustlock's Markdown or a fixed line: " + line);
        }
        // A cache restored between runs is believed only under the seal of the secret given.
        for (Object step : (List<?>) runs.get("steps")) {
            Map<?, ?> s = (Map<?, ?>) step;
            if ("actions/cache@v4".equals(s.get("uses"))) {
                assertEquals("inputs.cache-secret != ''", s.get("if"), "restored only when it can be checked");
            }
            if (String.valueOf(s.get("run")).contains("trustlock verify")) {
                assertEquals("${{ inputs.cache-secret }}", ((Map<?, ?>) s.get("env")).get(dev.trustlock.core.io.CacheSeal.SECRET_ENV));
            }
        }
    }

    @Test
    void theExampleWorkflowSetsOnlyInputsTheActionHas() throws Exception {
        Map<?, ?> inputs = (Map<?, ?>) yaml("action.yml").get("inputs");
        Map<String, Object> workflow = yaml("docs/ci/github-actions.yml");
        List<?> steps = (List<?>) ((Map<?, ?>) ((Map<?, ?>) workflow.get("jobs")).get("verify")).get("steps");
        Map<?, ?> ours = steps.stream().map(s -> (Map<?, ?>) s)
                .filter(s -> String.valueOf(s.get("uses")).contains("/trustlock@")).findFirst().orElseThrow();
        for (Object key : ((Map<?, ?>) ours.get("with")).keySet()) {
            assertTrue(inputs.containsKey(key), "the example sets input " + key + " that action.yml does not declare");
        }
    }

    /**
     * The pull-request review example: trustlock diff as the CLI parses it, its own Markdown as the
     * comment, on pull_request (never pull_request_target, which would hand a fork's job a write
     * token), commenting only with the permission it asks for.
     */
    @Test
    void thePullRequestReviewExampleCallsDiffAsTheCliParses() throws Exception {
        String file = "docs/ci/pull-request-review.yml";
        Map<String, Object> workflow = yaml(file);
        Map<?, ?> on = (Map<?, ?>) workflow.get(Boolean.TRUE); // YAML 1.1 reads the key "on" as true
        assertNotNull(on, "triggered by 'on'");
        assertEquals(List.of("pull_request"), List.copyOf(on.keySet().stream().map(String::valueOf).toList()));
        assertEquals("write", ((Map<?, ?>) workflow.get("permissions")).get("pull-requests"));
        List<String> calls = calls("diff", Files.readString(Fixtures.repoRoot().resolve(file)));
        assertEquals(1, calls.size(), calls.toString());
        calls.forEach(c -> assertParses("diff", c));
        assertTrue(calls.get(0).contains("--format markdown"), calls.get(0));
        assertFalse(Files.readString(Fixtures.repoRoot().resolve(file)).matches("(?s).*\\bjq\\b.*"), "no jq-made comment");
    }

    @Test
    void theGitLabSnippetParses() throws Exception {
        String doc = Files.readString(Fixtures.repoRoot().resolve("docs/ci/gitlab-ci.md"));
        String yamlBlock = doc.substring(doc.indexOf("```yaml") + 7, doc.indexOf("```", doc.indexOf("```yaml") + 7));
        assertNotNull(new Yaml().load(yamlBlock));
        List<String> calls = verifyCalls(yamlBlock.replaceAll("\n\\s+--", " --"));
        assertFalse(calls.isEmpty());
        calls.forEach(CiContractTest::assertParses);
    }

    /** Arguments after {@code trustlock verify}, shell variables replaced by plausible values. */
    private static List<String> verifyCalls(String text) {
        return calls("verify", text);
    }

    /** Arguments after {@code trustlock COMMAND}. */
    private static List<String> calls(String command, String text) {
        List<String> out = new ArrayList<>();
        String joined = text.replace("\\\n", " ");
        Matcher m = Pattern.compile("trustlock " + command + " (.+)").matcher(joined);
        while (m.find()) {
            out.add(m.group(1).replaceAll("\\s+", " ").replaceAll("\\|\\|.*", "").trim());
        }
        return out;
    }

    private static void assertParses(String call) {
        assertParses("verify", call);
    }

    private static void assertParses(String command, String call) {
        List<String> args = new ArrayList<>();
        args.add(command);
        for (String token : call.split(" ")) {
            String t = token.replace("\"", "");
            if (t.isEmpty() || t.startsWith("${policy")) {
                continue;
            }
            if (t.startsWith("$")) {
                // A variable: an option value or the path; error and json are valid for every option here.
                t = t.contains("FAIL_ON") ? "error" : "x";
            }
            args.add(t);
        }
        CommandLine cl = TrustlockCommand.commandLine();
        try {
            CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
            assertTrue(parsed.subcommand() != null, call);
            assertTrue(parsed.subcommand().unmatched().isEmpty(), "unmatched in " + call);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("trustlock " + command + " " + call + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws Exception {
        return (Map<String, Object>) new Yaml().load(Files.readString(Fixtures.repoRoot().resolve(file)));
    }
}
