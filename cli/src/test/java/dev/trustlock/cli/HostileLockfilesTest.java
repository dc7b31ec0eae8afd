package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, truncated, wrong-version and hostile lockfiles, each run through the real CLI in
 * its own JVM with a small heap (64 MB): one line on stderr naming the file and a line:column
 * position, exit code 2, nothing written, and the process ends by itself.
 * The time limit is a hang guard, not a performance target.
 */
class HostileLockfilesTest {

    private static final long HANG_GUARD_SECONDS = 90;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"invalid-json", "truncated-json", "wrong-version", "wrong-version-pnpm",
        "wrong-version-berry", "wrong-version-bun", "deep-json", "invalid-yaml",
        "yaml-alias-bomb", "huge-file", "bad-yarn-classic", "bun-garbage"})
    void refusedWithOneLineAndExit2(String kind) throws Exception {
        Path lockfile = write(kind);
        Path out = dir.resolve("sbom.json");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sbom", lockfile.toString(), "-o", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean finished = p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, kind + ": did not finish");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, p.exitValue(), kind + ": " + err);
        assertEquals(1, err.lines().count(), kind + ": " + err);
        assertTrue(err.startsWith("trustlock: " + lockfile), kind + ": " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), kind + ": " + err);
        assertTrue(Pattern.compile(Pattern.quote(lockfile.toString()) + ":\\d+(:\\d+)?: ").matcher(err).find(),
                kind + " names a position: " + err);
        assertFalse(Files.exists(out), kind + ": nothing written");
    }

    private Path write(String kind) throws IOException {
        switch (kind) {
            case "invalid-json":
                return text("package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": { \"\": { ] }\n}\n");
            case "truncated-json":
                return text("package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/a\": {\"ver");
            case "wrong-version":
                return text("package-lock.json", "{\"lockfileVersion\": 99, \"packages\": {}}");
            case "wrong-version-pnpm":
                return text("pnpm-lock.yaml", "lockfileVersion: '99.0'\nimporters: {}\n");
            case "wrong-version-berry":
                return text("yarn.lock", "__metadata:\n  version: 1\n  cacheKey: 8\n");
            case "wrong-version-bun":
                return text("bun.lock", "{\n  \"lockfileVersion\": 99,\n  \"workspaces\": {},\n  \"packages\": {}\n}\n");
            case "deep-json":
                return text("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
            case "invalid-yaml":
                return text("pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {a: [\n");
            case "yaml-alias-bomb": {
                StringBuilder sb = new StringBuilder("lockfileVersion: '9.0'\na: &a [x, x, x, x, x, x, x, x, x]\n");
                String prev = "a";
                for (char c = 'b'; c <= 'k'; c++) {
                    sb.append(c).append(": &").append(c).append(" [");
                    for (int i = 0; i < 9; i++) {
                        sb.append(i == 0 ? "" : ", ").append('*').append(prev);
                    }
                    sb.append("]\n");
                    prev = String.valueOf(c);
                }
                return text("pnpm-lock.yaml", sb.toString());
            }
            case "huge-file": {
                Path f = dir.resolve("package-lock.json");
                try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                    w.write("{\"lockfileVersion\":3,\"packages\":{");
                    long written = 0;
                    for (int i = 0; written < 50L * 1024 * 1024; i++) {
                        String s = "\"node_modules/p" + i + "\":{\"version\":\"1.0.0\",\"integrity\":\"sha512-"
                                + "A".repeat(86) + "==\"},";
                        w.write(s);
                        written += s.length();
                    }
                    w.write("\"x\":{}}}");
                }
                return f;
            }
            case "bad-yarn-classic":
                return text("yarn.lock", "# yarn lockfile v1\n\n\"a@^1.0.0\":\n  version \"1.0.0\n  resolved \"https://r/a.tgz\"\n");
            case "bun-garbage":
                return text("bun.lock", "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": {},\n  \"packages\": {},\n}\ntrailing garbage\n");
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    private Path text(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }
}
