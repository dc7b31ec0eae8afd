package dev.trustlock.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.testing.Fixtures;

/** The synthetic packuments of testdata/scenarios/policy-unit. */
public final class Packuments {

    private Packuments() {
    }

    public static JsonNode json(String name) {
        try {
            return SafeParsers.readJson(Fixtures.testdata("scenarios/policy-unit/" + name + ".packument.json"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static PackageHistory history(String name) {
        return PackageHistory.fromPackument(json(name));
    }
}
