package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hole 9 of "Fail closed under attack": every refused input, of every kind trustlock reads, ends
 * with exit 2 and exactly one line on stderr that names the file, the line and the column, and
 * carries no internal detail (exception names, Jackson's "[Source: ...]", stack traces).
 */
class RefusedInputsTest {

    private static final Pattern POSITIONED = Pattern.compile("trustlock: \\S+:\\d+:\\d+: \\S.*");
    private static final String AXIOS = "scenarios/axios-2026-03-31/";

    @TempDir
    Path tmp;

    /** kind, file name, content, then the command with {} standing for the file. */
    static Stream<Arguments> inputs() {
        List<Arguments> out = new ArrayList<>();
        String sbom = "sbom {}";
        // npm package-lock.json
        out.add(Arguments.of("npm: invalid JSON", "package-lock.json", "{\"lockfileVersion\": 3,,}", sbom));
        out.add(Arguments.of("npm: truncated", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\":", sbom));
        out.add(Arguments.of("npm: unknown version", "package-lock.json", "{\n  \"lockfileVersion\": 9\n}", sbom));
        out.add(Arguments.of("npm: packages not an object", "package-lock.json",
                "{\"lockfileVersion\": 3, \"packages\": [1]}", sbom));
        out.add(Arguments.of("npm: NUL in a name", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {},"
                + " \"node_modules/a\\u0000b\": {\"version\": \"1.0.0\"}}}", sbom));
        out.add(Arguments.of("npm: a path for a name", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {},"
                + " \"node_modules/x\": {\"name\": \"../../etc\", \"version\": \"1.0.0\"}}}", sbom));
        out.add(Arguments.of("npm: nested 1000 deep", "package-lock.json", "[".repeat(1000), sbom));
        out.add(Arguments.of("npm: empty", "package-lock.json", "   \n", sbom));
        // yarn classic
        out.add(Arguments.of("yarn classic: garbage", "yarn.lock", "# yarn lockfile v1\n\n\"a@^1\":\n version 1\n  x", sbom));
        out.add(Arguments.of("yarn classic: control character", "yarn.lock",
                "# yarn lockfile v1\n\n\"a\u0007@^1.0.0\":\n  version \"1.0.0\"\n", sbom));
        out.add(Arguments.of("yarn classic: unterminated string", "yarn.lock",
                "# yarn lockfile v1\n\n\"a@^1.0.0:\n  version \"1.0.0\"\n", sbom));
        out.add(Arguments.of("yarn classic: path-like name", "yarn.lock",
                "# yarn lockfile v1\n\n\"../x@^1.0.0\":\n  version \"1.0.0\"\n", sbom));
        // yarn berry
        out.add(Arguments.of("yarn berry: invalid YAML", "yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\": [", sbom));
        out.add(Arguments.of("yarn berry: binary tag", "yarn.lock",
                "__metadata:\n  version: 8\n\n\"a@npm:^1.0.0\":\n  version: !!binary MS4wLjA=\n  resolution: \"a@npm:1.0.0\"\n", sbom));
        out.add(Arguments.of("yarn berry: custom tag", "yarn.lock",
                "__metadata:\n  version: 8\n\n\"a@npm:^1.0.0\":\n  version: !evil 1.0.0\n", sbom));
        out.add(Arguments.of("yarn berry: version too old", "yarn.lock", "__metadata:\n  version: 2\n", sbom));
        // pnpm
        out.add(Arguments.of("pnpm: invalid YAML", "pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters: {\n", sbom));
        out.add(Arguments.of("pnpm: binary tag", "pnpm-lock.yaml",
                "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: !!binary aGVsbG8=}\n", sbom));
        out.add(Arguments.of("pnpm: set tag", "pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages: !!set {a}\n", sbom));
        out.add(Arguments.of("pnpm: unknown version", "pnpm-lock.yaml", "lockfileVersion: '99.0'\n", sbom));
        out.add(Arguments.of("pnpm: alias bomb", "pnpm-lock.yaml", aliasBomb(), sbom));
        // bun
        out.add(Arguments.of("bun: invalid JSONC", "bun.lock", "{\"lockfileVersion\": 1, \"packages\": {,}}", sbom));
        out.add(Arguments.of("bun: unknown version", "bun.lock", "{\n  \"lockfileVersion\": 7\n}", sbom));
        // CycloneDX input to verify
        String verify = "verify {} --snapshot " + snapshot();
        out.add(Arguments.of("sbom: components as an object", "bom.cdx.json",
                "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":{\"a\":1}}", verify));
        out.add(Arguments.of("sbom: unknown specVersion", "bom.cdx.json",
                "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"9.9\",\"version\":1}", verify));
        out.add(Arguments.of("sbom: bad hash", "bom.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\","
                + "\"version\":1,\"components\":[{\"type\":\"library\",\"name\":\"a\",\"hashes\":[{\"alg\":\"SHA-512\","
                + "\"content\":\"zz\"}]}]}", verify));
        out.add(Arguments.of("sbom: invalid JSON", "bom.cdx.json", "{\"bomFormat\":\"CycloneDX\",", verify));
        // policy
        String policy = "verify " + Fixtures.testdata(AXIOS + "clean") + " --snapshot " + snapshot() + " --policy {}";
        out.add(Arguments.of("policy: unknown key", "trustlock.yaml", "version: 1\npackges: {}\n", policy));
        out.add(Arguments.of("policy: no such date", "trustlock.yaml",
                "exceptions:\n  - package: a\n    reason: r\n    expires: 2026-11-45\n", policy));
        out.add(Arguments.of("policy: wrong type", "trustlock.yaml", "packages:\n  axios:\n    trustedPublisher: maybe\n", policy));
        out.add(Arguments.of("policy: invalid YAML", "trustlock.yaml", "packages: [\n", policy));
        out.add(Arguments.of("policy: timestamp tag", "trustlock.yaml", "version: !!timestamp 2026-01-01\n", policy));
        out.add(Arguments.of("policy: allowed source without reason", "trustlock.yaml",
                "allowSources:\n  - package: a\n    gitHost: github.com\n", policy));
        // trust material
        String root = "verify " + Fixtures.testdata(AXIOS + "clean") + " --snapshot " + snapshot() + " --trusted-root {}";
        out.add(Arguments.of("trust: truncated JSON", "trusted_root.json", "{\"mediaType\": 1", root));
        out.add(Arguments.of("trust: wrong media type", "trusted_root.json", "{\"mediaType\": \"x\"}", root));
        String keys = "verify " + Fixtures.testdata(AXIOS + "clean") + " --snapshot " + snapshot() + " --npm-keys {}";
        out.add(Arguments.of("trust: key without usage", "keys.json", "{\"keys\": [{\"keyId\": \"k\"}]}", keys));
        out.add(Arguments.of("trust: bad base64", "keys.json", "{\"keys\": [{\"keyId\": \"k\", \"keyUsage\": \"npm:signatures\","
                + " \"publicKey\": {\"rawBytes\": \"!!\"}}]}", keys));
        // snapshot index
        out.add(Arguments.of("snapshot: invalid index", "index.json", "{\"format\":", "verify "
                + Fixtures.testdata(AXIOS + "clean") + " --snapshot {}/.."));
        out.add(Arguments.of("snapshot: unknown format version", "index.json",
                "{\"format\": \"trustlock-registry-snapshot\",\n \"formatVersion\": 7}", "verify "
                + Fixtures.testdata(AXIOS + "clean") + " --snapshot {}/.."));
        return out.stream();
    }

    private static String snapshot() {
        return Fixtures.testdata(AXIOS + "snapshot").toString();
    }

    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("lockfileVersion: '9.0'\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void refusedWithOneLineNamingFileLineAndColumn(String kind, String fileName, String content, String command)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path file = dir.resolve(fileName);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>();
        for (String a : command.split(" ")) {
            args.add(a.replace("{}", file.toString()));
        }
        args.addAll(List.of("-o", tmp.resolve("out").toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), kind + ": " + run.err() + run.out());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), kind + ": " + err);
        assertTrue(POSITIONED.matcher(err).matches(), kind + ": not positioned: " + err);
        assertTrue(err.contains(fileName), kind + ": does not name " + fileName + ": " + err);
        for (String internal : List.of("Source:", "REDACTED", "Exception", "\tat ", "java.")) {
            assertFalse(err.contains(internal), kind + ": internal detail '" + internal + "': " + err);
        }
        assertFalse(Files.exists(tmp.resolve("out")), kind + ": wrote output");
    }
}
