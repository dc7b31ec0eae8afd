package dev.trustlock.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input is bounded: each case ends in a one-line LockfileException naming the file,
 * never in an OutOfMemoryError, a StackOverflowError or a hang. The timeouts are safety nets
 * against hangs (generous, never a performance target).
 */
class SafeParsersTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private LockfileException fails(Path file, ThrowingParse parse) {
        LockfileException e = assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThrows(LockfileException.class, () -> parse.parse(file)));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        return e;
    }

    interface ThrowingParse {
        Object parse(Path p) throws LockfileException;
    }

    @Test
    void invalidJsonHasLineAndColumn() throws IOException {
        Path f = dir.resolve("package-lock.json");
        Files.writeString(f, "{\n  \"name\": \"x\",\n  \"packages\": { ]\n}\n");
        LockfileException e = fails(f, SafeParsers::readJson);
        assertEquals(3, e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.getMessage().startsWith(f + ":3:"), e.getMessage());
    }

    @Test
    void truncatedJson() throws IOException {
        Path f = dir.resolve("package-lock.json");
        Files.writeString(f, "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"x\"");
        fails(f, SafeParsers::readJson);
    }

    @Test
    void deeplyNestedJsonIsRefusedNotOverflowed() throws IOException {
        Path f = dir.resolve("package-lock.json");
        int depth = 200_000;
        Files.writeString(f, "[".repeat(depth) + "]".repeat(depth));
        LockfileException e = fails(f, SafeParsers::readJson);
        assertTrue(e.getMessage().toLowerCase().contains("nesting") || e.getMessage().toLowerCase().contains("depth"),
                e.getMessage());
    }

    @Test
    void yamlAliasBombIsRefused() throws IOException {
        Path f = dir.resolve("pnpm-lock.yaml");
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String prev = "a";
        for (char c = 'b'; c <= 'j'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            sb.append("]\n");
            prev = String.valueOf(c);
        }
        Files.writeString(f, sb.toString());
        fails(f, SafeParsers::readYaml);
    }

    @Test
    void theAliasBombIsRefusedAtTheAliasThatCrossedTheLimit() throws IOException {
        Path f = dir.resolve("pnpm-lock.yaml");
        StringBuilder sb = new StringBuilder("a: &a [1]\n");
        for (int i = 0; i < dev.trustlock.core.io.Limits.YAML_ALIASES + 5; i++) {
            sb.append("k").append(i).append(": *a\n");
        }
        Files.writeString(f, sb.toString());
        LockfileException e = fails(f, SafeParsers::readYaml);
        // Line 1 holds the anchor; alias n is on line n + 1: the first one past the limit is named.
        assertEquals(dev.trustlock.core.io.Limits.YAML_ALIASES + 2, e.line(), e.getMessage());
    }

    @Test
    void yamlNestedToTheLimitIsReadAndDeeperIsRefusedWhereItCrosses() throws Exception {
        Path ok = dir.resolve("ok.yaml");
        int depth = dev.trustlock.core.io.Limits.YAML_DEPTH - 2;
        Files.writeString(ok, "a: " + "[".repeat(depth) + "1" + "]".repeat(depth) + "\n");
        assertEquals(1, SafeParsers.readYaml(ok).get("a").size(), "deeper than SnakeYAML's own default of 50");
        Path deep = dir.resolve("deep.yaml");
        Files.writeString(deep, "x: 1\na: " + "[".repeat(500) + "]".repeat(500) + "\n");
        LockfileException e = fails(deep, SafeParsers::readYaml);
        assertEquals(2, e.line(), e.getMessage());
        assertTrue(e.column() > 3 + dev.trustlock.core.io.Limits.YAML_DEPTH / 2, e.getMessage());
    }

    @Test
    void aDuplicateKeyInYamlIsRefusedNotSilentlyOverwritten() throws IOException {
        // Two entries for one key: a reviewer reads one, a parser that lets the last win uses the other.
        Path f = dir.resolve("yarn.lock");
        Files.writeString(f, "__metadata:\n  version: 8\n\"a@npm:1.0.0\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n"
                + "\"a@npm:1.0.0\":\n  version: 6.6.6\n  resolution: \"evil@npm:6.6.6\"\n");
        LockfileException e = fails(f, SafeParsers::readYaml);
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
        assertEquals(6, e.line(), e.getMessage());
        fails(f, SafeParsers::readYamlAsStrings);
    }

    @Test
    void aYamlLockfileOfSeveralMegabytesIsRead() throws Exception {
        // SnakeYAML's default refuses documents over 3 MB; real monorepo lockfiles are larger.
        Path f = dir.resolve("pnpm-lock.yaml");
        StringBuilder sb = new StringBuilder("lockfileVersion: '9.0'\npackages:\n");
        int entries = 0;
        while (sb.length() < 4 * 1024 * 1024) {
            sb.append("  pkg-").append(entries++).append("@1.0.0:\n    resolution: {integrity: sha512-")
                    .append("A".repeat(86)).append("==}\n");
        }
        Files.writeString(f, sb.toString());
        assertEquals(entries, SafeParsers.readYaml(f).get("packages").size());
    }

    @Test
    void deeplyNestedYamlIsRefused() throws IOException {
        Path f = dir.resolve("pnpm-lock.yaml");
        Files.writeString(f, "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        fails(f, SafeParsers::readYaml);
    }

    @Test
    void invalidYamlHasPosition() throws IOException {
        Path f = dir.resolve("pnpm-lock.yaml");
        Files.writeString(f, "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: [unclosed\n");
        LockfileException e = fails(f, SafeParsers::readYaml);
        assertTrue(e.line() > 0, e.getMessage());
    }

    @Test
    void fileOverTheSizeLimitIsRefusedWithoutReadingIt() throws IOException {
        Path f = dir.resolve("package-lock.json");
        // 50 MB of syntactically plausible JSON: refused by size before any parsing.
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"lockfileVersion\":3,\"packages\":{");
            String entry = "\"node_modules/p%07d\":{\"version\":\"1.0.0\",\"integrity\":\"sha512-" + "A".repeat(86) + "==\"},";
            long written = 0;
            for (int i = 0; written < 50L * 1024 * 1024; i++) {
                String s = String.format(entry, i);
                w.write(s);
                written += s.length();
            }
            w.write("\"x\":{}}}");
        }
        LockfileException e = fails(f, SafeParsers::readJson);
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        Path f = dir.resolve("yarn.lock");
        Files.write(f, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        LockfileException e = fails(f, SafeParsers::readText);
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path f = dir.resolve("package-lock.json");
        Files.writeString(f, "  \n");
        fails(f, SafeParsers::readJson);
    }

    @Test
    void duplicateKeysInStrictJsonAreRefused() throws IOException {
        Path f = dir.resolve("package-lock.json");
        Files.writeString(f, "{\"a\": 1, \"a\": 2}");
        fails(f, SafeParsers::readJson);
    }

    @Test
    void jsoncAcceptsTrailingCommasButNotGarbage() throws Exception {
        Path ok = dir.resolve("bun.lock");
        Files.writeString(ok, "{\n  \"lockfileVersion\": 1,\n  \"packages\": {},\n}\n");
        assertEquals(1, SafeParsers.readJsonc(ok).get("lockfileVersion").asInt());
        Path bad = dir.resolve("bad.lock");
        Files.writeString(bad, "{\"lockfileVersion\": 1} trailing");
        fails(bad, SafeParsers::readJsonc);
    }

    @Test
    void yarnBerryYamlKeepsEveryScalarAsText() throws Exception {
        Path f = dir.resolve("yarn.lock");
        Files.writeString(f, "__metadata:\n  version: 8\n\"a@npm:1.0.0\":\n  dependencies:\n    yes: npm:1.10\n    no: 2\n");
        var typed = SafeParsers.readYaml(f);
        var text = SafeParsers.readYamlAsStrings(f);
        // YAML 1.1 typing mangles both the name and the range ...
        assertTrue(typed.get("a@npm:1.0.0").get("dependencies").has("true"));
        // ... yarn's own reading keeps them.
        assertEquals("npm:1.10", text.get("a@npm:1.0.0").get("dependencies").get("yes").asText());
        assertEquals("2", text.get("a@npm:1.0.0").get("dependencies").get("no").asText());
        assertEquals("8", text.get("__metadata").get("version").asText());
    }

    @Test
    void yamlTimestampsComeBackAsTheTextWritten() throws Exception {
        Path f = dir.resolve("trustlock.yaml");
        Files.writeString(f, "day: 2026-12-31\nmoment: 2026-03-31T14:02:03Z\n");
        var tree = SafeParsers.readYaml(f);
        assertEquals("2026-12-31", tree.get("day").asText());
        assertEquals("2026-03-31T14:02:03Z", tree.get("moment").asText());
    }
}
