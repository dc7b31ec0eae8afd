package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.detect.TrustDowngradeRule;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.Packuments;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * oldline-lib: the 0.9 line never had provenance, the 1.x line has it (trusted publisher).
 * A 0.9 patch published after 1.1.0 is not a downgrade; a 1.x release without it is.
 */
class FalsePositiveTest {

    private final PackageHistory lib = Packuments.history("oldline-lib");
    private final ReleaseChecks checks = new ReleaseChecks(Policy.EMPTY, LocalDate.of(2026, 4, 1));

    @Test
    void scenarioIsTheOneThatFoolsWholePackageComparison() {
        // Read from the raw packument: a release with provenance was published before 0.9.4,
        // so comparing across the whole package (pnpm's no-downgrade) would flag 0.9.4.
        JsonNode raw = Packuments.json("oldline-lib");
        Instant patch = Instant.parse(raw.get("time").get("0.9.4").asText());
        Instant strong = Instant.parse(raw.get("time").get("1.1.0").asText());
        assertTrue(strong.isBefore(patch));
        assertTrue(raw.get("versions").get("1.1.0").get("dist").has("attestations"));
        assertTrue(!raw.get("versions").get("0.9.4").get("dist").has("attestations"));
    }

    @Test
    void newPatchOfTheOldLineIsNotADowngrade() {
        assertEquals(List.of(), checks.check(CheckTarget.of("0.9.4", lib, Optional.empty(), true)).findings());
    }

    @Test
    void prereleaseChannelIsItsOwnLine() {
        assertEquals(List.of(), checks.check(CheckTarget.of("2.0.0-beta.1", lib, Optional.empty(), true)).findings());
    }

    @Test
    void aWeakerReleaseInTheStrongLineIsStillCaught() {
        Evaluation e = checks.check(CheckTarget.of("1.1.1", lib, Optional.empty(), true));
        // Published by the maintainer who published the 0.9 line: a known account, no publisher change.
        assertEquals(Set.of(TrustDowngradeRule.ID), AxiosIncidentTest.ruleIds(e));
        assertEquals("1.1.0", AxiosIncidentTest.only(e, TrustDowngradeRule.ID).evidence().get("lastStrongVersion"));
    }
}
