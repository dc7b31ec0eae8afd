package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.LockfileDiff;
import dev.trustlock.core.verify.RunProgress;
import dev.trustlock.core.verify.VerifyRun;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The axios compromise as {@code trustlock diff} shows it, in each of its four formats. */
class DiffRendererTest {

    private static final Path SCENARIO = Fixtures.testdata("scenarios/axios-2026-03-31");
    private static final Instant AT = Instant.parse("2026-03-31T03:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What every format must say about the compromise. */
    private static final List<String> TOLD = List.of("axios", "1.14.1", "lost trusted publishing", "lost provenance",
            "jasonsaayman", "ifstap@proton.me", "plain-crypto-js", "postinstall");

    private static LockfileDiff diff;

    @BeforeAll
    static void compare() throws Exception {
        Path snapshot = SCENARIO.resolve("snapshot");
        TrustMaterial trust = TrustMaterial.load(snapshot.resolve("trust/trusted_root.json"),
                snapshot.resolve("trust/keys.json"));
        VerifyRun run = new VerifyRun(SnapshotRegistry.open(snapshot), trust, Policy.EMPTY, LocalDate.of(2026, 3, 31), AT, 2);
        diff = LockfileDiff.of(read("clean"), read("compromised"), run, "clean/package-lock.json",
                "compromised/package-lock.json", "trustlock 0.1.0", AT, RunProgress.NONE);
    }

    private static DependencyGraph read(String side) throws Exception {
        Path lock = SCENARIO.resolve(side).resolve("package-lock.json");
        return Lockfiles.reader(Lockfiles.locate(lock, Optional.empty()).format()).read(lock);
    }

    private static void tellsAll(String format, String text) {
        for (String said : TOLD) {
            assertTrue(text.contains(said), format + " does not say " + said + ":\n" + text);
        }
    }

    @Test
    void textTellsTheWholeStoryAndTheVerdict() {
        String text = new DiffRenderer(Gate.ERROR).text(diff);
        tellsAll("text", text);
        assertTrue(text.contains("CHANGED axios 1.14.0 → 1.14.1  (trusted-publisher → registry-signature)"), text);
        assertTrue(text.contains("ADDED plain-crypto-js 4.2.1"), text);
        String counts = "1 added, 0 removed, 1 changed, 10 unchanged; the change brings 3 errors, 2 warnings";
        assertEquals(counts, text.lines().skip(1).findFirst().orElseThrow(), "the counts line, under the title");
        assertTrue(new DiffRenderer(Gate.ERROR).markdown(diff).contains(": " + counts + "\n"), "the comment says the same");
        assertTrue(text.strip().endsWith("FAIL: the change brings 3 finding(s) at or above the gate's severity"), text);
        assertTrue(new DiffRenderer(Gate.NEVER).text(diff).contains("PASS"), "the verdict follows the gate");
    }

    @Test
    void jsonHasEveryChangeWithBothStates() throws Exception {
        String text = new DiffRenderer(Gate.ERROR).json(diff);
        tellsAll("JSON", text);
        JsonNode doc = JSON.readTree(text);
        assertEquals(1, doc.path("summary").path("changed").asInt());
        assertEquals(1, doc.path("summary").path("added").asInt());
        assertEquals(10, doc.path("summary").path("unchanged").asInt());
        assertEquals(1, doc.path("summary").path("exitCode").asInt());
        JsonNode axios = doc.path("changes").get(0);
        assertEquals("axios", axios.path("name").asText());
        assertEquals("trusted-publisher", axios.path("before").path("evidence").asText());
        assertEquals("registry-signature", axios.path("after").path("evidence").asText());
        assertEquals("https://github.com/axios/axios", axios.path("before").path("identity").path("sourceRepository").asText());
        assertTrue(axios.path("after").path("identity").isMissingNode(), "no verified provenance, no identity");
        assertEquals("node setup.js", doc.path("changes").get(1).path("after").path("installScripts").path("postinstall")
                .asText());
        // What the comment's rows are made of is in the JSON too: what a change brings in, its
        // findings, the publisher and dependencies of each side.
        assertEquals("[\"plain-crypto-js@4.2.1\"]", axios.path("broughtIn").toString());
        assertTrue(axios.path("findings").size() >= 2, axios.path("findings").toString());
        assertEquals("jasonsaayman <ifstap@proton.me>", axios.path("after").path("publisher").asText());
        assertEquals("github", axios.path("before").path("trustedPublisher").asText());
        assertEquals("^4.2.1", axios.path("after").path("dependencies").path("plain-crypto-js").asText());
        assertTrue(axios.path("before").path("dependencies").path("plain-crypto-js").isMissingNode());
    }

    @Test
    void jsonFollowsItsSchema() throws Exception {
        String text = new DiffRenderer(Gate.ERROR).json(diff);
        // The schema takes verify's finding and identity by reference: resolve them from schemas/.
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(
                DiffRendererTest::ourSchema)).getSchema(SchemaLocation.of(DiffRenderer.SCHEMA_ID));
        assertEquals(List.of(), schema.validate(text, InputFormat.JSON));
        JsonNode doc = JSON.readTree(text);
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("changes").get(0)).remove("to");
        assertTrue(!schema.validate(JSON.writeValueAsString(doc), InputFormat.JSON).isEmpty(), "a change needs its version");
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("changes").get(0)).put("to", "1.14.1");
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("findings").get(0)).remove("ruleId");
        assertTrue(!schema.validate(JSON.writeValueAsString(doc), InputFormat.JSON).isEmpty(), "verify's finding shape holds");
    }

    @Test
    void aChangeThatBringsInMoreThanItListsSaysSoInEveryFormat() throws Exception {
        java.util.TreeSet<String> listed = new java.util.TreeSet<>();
        for (int i = 0; i < LockfileDiff.BROUGHT_IN_LISTED; i++) {
            listed.add(String.format("dep-%02d@1.0.0", i));
        }
        List<LockfileDiff.Change> changes = new ArrayList<>(diff.changes());
        changes.add(new LockfileDiff.Change(LockfileDiff.Kind.ADDED, "zz-chain", Optional.empty(), Optional.of("1.0.0"),
                Optional.empty(), Optional.empty(), List.of(), listed, true, List.of()));
        LockfileDiff more = new LockfileDiff(diff.oldSource(), diff.newSource(), changes, diff.introduced(), diff.unchanged());
        String said = "and more new packages than the 50 nearest listed";
        DiffRenderer r = new DiffRenderer(Gate.ERROR);
        assertTrue(r.text(more).contains("  - brings in dep-49@1.0.0\n  - " + said + "\n"), r.text(more));
        assertEquals(1, r.markdown(more).split(said, -1).length - 1, "said once, on its own row");
        assertEquals(1, r.text(more).split(said, -1).length - 1, "said once, under its own change");
        JsonNode doc = JSON.readTree(r.json(more));
        JsonNode chain = null;
        for (JsonNode c : doc.path("changes")) {
            if (c.path("name").asText().equals("zz-chain")) {
                chain = c;
            }
            assertEquals(c.path("name").asText().equals("zz-chain"), c.has("moreBroughtIn"), "only where there are more");
        }
        assertEquals(true, chain.path("moreBroughtIn").booleanValue());
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(
                DiffRendererTest::ourSchema)).getSchema(SchemaLocation.of(DiffRenderer.SCHEMA_ID));
        assertEquals(List.of(), schema.validate(r.json(more), InputFormat.JSON));
    }

    /** Our schemas by their $id, from schemas/; null for any other. */
    private static String ourSchema(String id) {
        String prefix = "https://trustlock.dev/schemas/";
        if (!id.startsWith(prefix)) {
            return null;
        }
        try {
            return java.nio.file.Files.readString(Fixtures.repoRoot().resolve("schemas").resolve(id.substring(prefix.length())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sarifIsValidAndCarriesTheChangesBesideTheIntroducedFindings() throws Exception {
        String text = new DiffRenderer(Gate.ERROR).sarif(diff, new SarifRenderer("package-lock.json", LockfileLines.none()));
        assertEquals(List.of(), SarifRendererTest.sarifSchema().validate(text, InputFormat.JSON));
        tellsAll("SARIF", text);
        JsonNode run = JSON.readTree(text).path("runs").get(0);
        List<String> rules = new ArrayList<>();
        run.path("results").forEach(r -> rules.add(r.path("ruleId").asText()));
        assertTrue(rules.containsAll(List.of("trust-downgrade", "publisher-change", "new-dependency", "new-install-script")),
                rules.toString());
        assertEquals(2, run.path("properties").path("changes").size());
    }

    /** The pull-request comment: a table whose every row has the header's cells, and the findings below. */
    @Test
    void markdownIsATableOfOneRowPerPackage() {
        String md = new DiffRenderer(Gate.ERROR).markdown(diff);
        tellsAll("Markdown", md);
        assertTrue(md.startsWith("### trustlock: FAIL"), md);
        List<List<String>> changes = table(md, "| Package |");
        assertEquals(List.of("Package", "Change", "Version", "Evidence", "Trust changes", "New findings"), changes.get(0));
        assertEquals(3, changes.size(), "a header and two packages:\n" + md);
        Map<String, List<String>> rows = new TreeMap<>();
        changes.subList(1, changes.size()).forEach(r -> rows.put(r.get(0), r));
        List<String> axios = rows.get("**axios**");
        assertEquals("changed", axios.get(1));
        assertEquals("1.14.0 → 1.14.1", axios.get(2));
        assertEquals("trusted-publisher → registry-signature", axios.get(3));
        List<String> said = List.of(axios.get(4).split("<br>"));
        assertTrue(said.stream().anyMatch(s -> s.startsWith("lost trusted publishing")), said.toString());
        assertTrue(said.stream().anyMatch(s -> s.startsWith("lost provenance")), said.toString());
        assertTrue(said.stream().anyMatch(s -> s.contains("&lt;ifstap@proton.me&gt;")),
                "an e-mail in angle brackets would vanish as an HTML tag: " + said);
        assertTrue(said.contains("brings in plain-crypto-js@4.2.1"), said.toString());
        assertTrue(axios.get(5).contains("**error** trust-downgrade"), axios.get(5));
        assertEquals("added", rows.get("**plain-crypto-js**").get(1));
        assertTrue(rows.get("**plain-crypto-js**").get(4).contains("runs postinstall at install: node setup.js"));

        List<List<String>> findings = table(md, "| Severity |");
        assertEquals(List.of("Severity", "Package", "Rule", "Message"), findings.get(0));
        assertEquals(diff.introduced().findings().size() + 1, findings.size());
        assertTrue(md.indexOf("<details>") < md.indexOf("| Severity |") && md.indexOf("</details>") > md.indexOf("| Severity |"),
                "the findings fold away");
    }

    /**
     * A lockfile change too large for one pull-request comment (GitHub refuses 65,536 characters):
     * the verdict, the counts and the rows that matter stay; plain version moves go first, and the
     * comment says how many rows it left out.
     */
    @Test
    void aChangeTooLargeForOneCommentKeepsTheVerdictAndTheRowsThatMatter() {
        // The plain moves come first, so that only preferring the rows that matter keeps those.
        List<LockfileDiff.Change> changes = new ArrayList<>();
        int plain = 3_000;
        for (int i = 0; i < plain; i++) {
            changes.add(new LockfileDiff.Change(LockfileDiff.Kind.CHANGED, String.format("some-package-%04d", i),
                    Optional.of("1.0.0"), Optional.of("1.1.0"), Optional.empty(), Optional.empty(), List.of(),
                    new java.util.TreeSet<>(), false, List.of()));
        }
        changes.addAll(diff.changes());
        LockfileDiff big = new LockfileDiff(diff.oldSource(), diff.newSource(), changes, diff.introduced(), diff.unchanged());
        String md = new DiffRenderer(Gate.ERROR).markdown(big);
        assertTrue(md.length() <= DiffRenderer.MAX_COMMENT_CHARS, "fits one comment: " + md.length());
        assertTrue(md.startsWith(new DiffRenderer(Gate.ERROR).markdown(diff).lines().findFirst().orElseThrow() + "\n"),
                "the same verdict line");
        Map<String, List<String>> rows = new TreeMap<>();
        table(md.substring(0, md.indexOf("<details>")), "| Package |").stream().skip(1).forEach(r -> rows.put(r.get(0), r));
        assertTrue(rows.containsKey("**axios**") && rows.containsKey("**plain-crypto-js**"), "the rows that matter stay");
        int shown = rows.size();
        assertTrue(shown > 100 && shown < changes.size(), "as many as fit: " + shown);
        assertTrue(md.contains("\nNot shown, to fit one comment: " + (changes.size() - shown) + " package rows and 0 findings; "
                + "`trustlock diff --format json` lists every one.\n"), md.substring(md.indexOf("</details>")));
        assertEquals(diff.introduced().findings().size() + 1, table(md, "| Severity |").size(), "every finding still listed");

        String small = new DiffRenderer(Gate.ERROR).markdown(diff);
        assertTrue(!small.contains("Not shown"), "a change that fits is whole");

        // Findings beyond what fits: the rows that matter stay, errors before warnings.
        List<dev.trustlock.core.policy.Finding> many = new ArrayList<>(diff.introduced().findings());
        for (int i = 0; i < 2_000; i++) {
            many.add(new dev.trustlock.core.policy.Finding("new-dependency", dev.trustlock.core.policy.Severity.WARNING,
                    "app", "1.0.0", "adds dependency dep-" + i + " " + "x".repeat(600), new TreeMap<>()));
        }
        var introduced = diff.introduced();
        LockfileDiff noisy = new LockfileDiff(diff.oldSource(), diff.newSource(), diff.changes(),
                new dev.trustlock.core.verify.VerifyReport(introduced.tool(), introduced.generatedAt(), introduced.source(),
                        introduced.packages(), many, introduced.summary(), introduced.skipped()), diff.unchanged());
        String crowded = new DiffRenderer(Gate.ERROR).markdown(noisy);
        assertTrue(crowded.length() <= DiffRenderer.MAX_COMMENT_CHARS, "fits one comment: " + crowded.length());
        assertEquals(diff.changes().size() + 1, table(crowded.substring(0, crowded.indexOf("<details>")), "| Package |").size());
        List<List<String>> listed = table(crowded, "| Severity |");
        assertEquals("error", listed.get(1).get(0), "errors first when not all fit");
        assertTrue(crowded.contains("Not shown, to fit one comment: 0 package rows and " + (many.size() - listed.size() + 1)
                + " findings;"), crowded.substring(crowded.indexOf("</details>")));
    }

    /** The GitHub-flavoured table that starts at the line beginning with {@code header}: its rows' cells. */
    static List<List<String>> table(String md, String header) {
        List<String> lines = md.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(header)) {
                start = i;
            }
        }
        assertTrue(start >= 0, "no table " + header + " in\n" + md);
        List<List<String>> rows = new ArrayList<>();
        rows.add(cells(lines.get(start)));
        int width = rows.get(0).size();
        assertTrue(lines.get(start + 1).matches("\\|(---\\|){" + width + "}"), lines.get(start + 1));
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> row = cells(lines.get(i));
            assertEquals(width, row.size(), "row " + (i + 1) + " has other cells than the header: " + lines.get(i));
            rows.add(row);
        }
        return rows;
    }

    /** Cells split at pipes that are not escaped, as GitHub splits them. */
    private static List<String> cells(String line) {
        assertTrue(line.startsWith("| ") && line.endsWith(" |"), line);
        List<String> out = new ArrayList<>();
        for (String c : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }
}
