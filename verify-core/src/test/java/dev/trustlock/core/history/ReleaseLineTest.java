package dev.trustlock.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseLineTest {

    @Test
    void stableLinesAreMajorsAndZeroMinors() {
        assertEquals("1", ReleaseLine.of("1.14.1").id());
        assertEquals("1", ReleaseLine.of("1.0.0").id());
        assertEquals("0.30", ReleaseLine.of("0.30.2").id());
        assertEquals("0.3", ReleaseLine.of("0.3.1").id());
        assertEquals("0.0", ReleaseLine.of("0.0.4").id());
        assertEquals("1", ReleaseLine.of("1.2.3+build.5").id());
    }

    @Test
    void prereleasesFormTheirOwnChannelLines() {
        assertEquals("2-beta", ReleaseLine.of("2.0.0-beta.3").id());
        assertEquals("2-beta", ReleaseLine.of("2.1.0-beta.0").id());
        assertEquals("2-rc", ReleaseLine.of("2.0.0-rc1").id());
        assertEquals("1-pre", ReleaseLine.of("1.0.0-0").id());
        assertEquals("0.4-next", ReleaseLine.of("0.4.0-next.1").id());
    }

    @Test
    void nonSemverVersionsStandAlone() {
        assertEquals("unversioned:latest-build", ReleaseLine.of("latest-build").id());
        assertTrue(Semver.parse("1.2").isEmpty());
        assertTrue(Semver.parse("01.2.3").isEmpty());
    }

    @Test
    void precedenceFollowsTheSemverSpecExample() {
        // The ordering given in semver 2.0.0, section 11.
        List<String> spec = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1");
        List<Semver> parsed = new ArrayList<>();
        for (String s : spec) {
            parsed.add(Semver.parse(s).orElseThrow());
        }
        List<Semver> shuffled = new ArrayList<>(parsed);
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertEquals(parsed, shuffled);
        // Each neighbouring pair on its own, both ways: a sort can keep a pair in order by luck.
        for (int i = 1; i < parsed.size(); i++) {
            assertTrue(parsed.get(i - 1).compareTo(parsed.get(i)) < 0, spec.get(i - 1) + " < " + spec.get(i));
            assertTrue(parsed.get(i).compareTo(parsed.get(i - 1)) > 0, spec.get(i) + " > " + spec.get(i - 1));
        }
    }

    @Test
    void versionStringsSortSemverFirstThenTheRestAndAnyMixSorts() {
        assertEquals(List.of("1.0.0-rc.1", "1.0.0", "2.0.0", "10.0.0", "10.0.0+b", "1x", "latest"),
                sorted(List.of("latest", "10.0.0+b", "1x", "10.0.0", "2.0.0", "1.0.0", "1.0.0-rc.1")));
        // Precedence where both parse and text otherwise is no order at all (10.0.0 > 2.0.0 > "1x"
        // > 10.0.0): List.sort threw on some of these mixes of 64 versions, which a packument or
        // lockfile can hold. Now every mix sorts, to the same order whatever order it came in.
        java.util.Random random = new java.util.Random(1);
        for (int round = 0; round < 500; round++) {
            List<String> versions = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                versions.add(random.nextBoolean() ? random.nextInt(20) + "." + random.nextInt(3) + ".0"
                        : random.nextInt(20) + "x");
            }
            List<String> once = sorted(versions);
            Collections.shuffle(versions, random);
            assertEquals(once, sorted(versions));
        }
    }

    private static List<String> sorted(List<String> versions) {
        List<String> out = new ArrayList<>(versions);
        out.sort(Semver.VERSION_ORDER);
        return out;
    }
}
