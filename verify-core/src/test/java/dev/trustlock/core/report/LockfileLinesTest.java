package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LockfileLinesTest {

    @Test
    void npmPackagesMapPicksTheEntryNotTheDeclaration() {
        String lock = """
                {
                  "packages": {
                    "": {
                      "dependencies": { "axios": "^1.14.0" }
                    },
                    "node_modules/follow-redirects": {
                      "version": "1.15.9"
                    },
                    "node_modules/axios": {
                      "version": "1.14.1"
                    },
                    "node_modules/x/node_modules/axios": {
                      "version": "0.30.1"
                    }
                  }
                }
                """;
        LockfileLines lines = LockfileLines.of(lock);
        assertEquals(OptionalInt.of(9), lines.lineOf("axios", "1.14.1"));
        assertEquals(OptionalInt.of(12), lines.lineOf("axios", "0.30.1"));
        assertEquals(OptionalInt.of(6), lines.lineOf("follow-redirects", "1.15.9"));
        // "redirects" is not a package here, and no version 9.9.9 of axios is recorded.
        assertEquals(OptionalInt.empty(), lines.lineOf("redirects", "1.15.9"));
        assertEquals(OptionalInt.empty(), lines.lineOf("axios", "9.9.9"));
    }

    @Test
    void yarnClassicBerryPnpmAndBun() {
        String classic = """
                # yarn lockfile v1


                "@babel/core@^7.0.0", "@babel/core@^7.12.3":
                  version "7.24.0"
                  dependencies:
                    axios "^1.14.0"

                axios@^1.14.0:
                  version "1.14.1"
                """;
        assertEquals(OptionalInt.of(4), LockfileLines.of(classic).lineOf("@babel/core", "7.24.0"));
        assertEquals(OptionalInt.of(9), LockfileLines.of(classic).lineOf("axios", "1.14.1"));

        String berry = """
                "axios@npm:^1.14.0":
                  version: 1.14.1
                  dependencies:
                    follow-redirects: "npm:1.15.9"

                "follow-redirects@npm:1.15.9":
                  version: 1.15.9
                """;
        assertEquals(OptionalInt.of(1), LockfileLines.of(berry).lineOf("axios", "1.14.1"));
        assertEquals(OptionalInt.of(6), LockfileLines.of(berry).lineOf("follow-redirects", "1.15.9"));

        String pnpm = """
                packages:

                  axios@1.14.1:
                    resolution: {integrity: sha512-AAAA}

                  debug@4.3.4(supports-color@8.1.1):
                    resolution: {integrity: sha512-BBBB}
                """;
        assertEquals(OptionalInt.of(3), LockfileLines.of(pnpm).lineOf("axios", "1.14.1"));
        assertEquals(OptionalInt.of(6), LockfileLines.of(pnpm).lineOf("debug", "4.3.4"));

        String bun = """
                {
                  "packages": {
                    "axios": ["axios@1.14.1", "", { "dependencies": { "form-data": "^4.0.4" } }, "sha512-CCCC"],
                    "form-data": ["form-data@4.0.4", "", {}, "sha512-DDDD"],
                  }
                }
                """;
        assertEquals(OptionalInt.of(3), LockfileLines.of(bun).lineOf("axios", "1.14.1"));
        assertEquals(OptionalInt.of(4), LockfileLines.of(bun).lineOf("form-data", "4.0.4"));
    }

    /**
     * Real lockfiles: nearly every registry package is placed, and every placement is on a line
     * that names the package (never a wrong package's entry).
     */
    @ParameterizedTest
    @ValueSource(strings = {"npm-v1-videojs/package-lock.json", "npm-v3-appium/package-lock.json",
            "yarn-classic-webpack/yarn.lock", "yarn-berry-jest/yarn.lock", "pnpm-v9-vuecore/pnpm-lock.yaml",
            "bun-hono/bun.lock"})
    void placesRealLockfilesPackages(String fixture) throws Exception {
        Path file = Fixtures.shared("lockfiles-real/" + fixture);
        DependencyGraph graph = Lockfiles.read(file, Optional.empty());
        List<String> text = List.of(SafeParsers.readText(file).split("\r\n|\r|\n", -1));
        LockfileLines lines = LockfileLines.of(SafeParsers.readText(file));
        int registry = 0;
        int placed = 0;
        for (PackageNode n : graph.packages()) {
            if (n.source() != SourceType.REGISTRY) {
                continue;
            }
            registry++;
            OptionalInt line = lines.lineOf(n.name(), n.version());
            if (line.isPresent()) {
                placed++;
                String at = text.get(line.getAsInt() - 1);
                assertTrue(at.contains(n.name()), n.key() + " placed on line " + line.getAsInt() + ": " + at);
            }
        }
        assertTrue(registry > 0);
        assertTrue(placed >= registry * 0.95, fixture + ": placed " + placed + " of " + registry);
    }
}
