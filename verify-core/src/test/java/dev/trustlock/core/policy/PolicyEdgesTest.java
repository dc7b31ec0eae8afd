package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The edges of what a policy matches, found by mutation testing: a policy entry is a grant (an
 * allowed source, an exception, a package's expectations), so each test here is a way an entry
 * could reach further than it says, or a tie that must be broken the same way every run.
 */
class PolicyEdgesTest {

    private static final Optional<String> NONE = Optional.empty();

    @Test
    void anAllowedSourceAllowsItsPackageFromThatSourceOnly() {
        AllowedSource byUrl = new AllowedSource(0, new NamePattern("vendored"), Optional.of("https://cdn.example/builds/"),
                NONE, "vendored build");
        assertTrue(byUrl.allows("vendored", Optional.of("https://cdn.example/builds/vendored-1.0.0.tgz"), NONE));
        assertFalse(byUrl.allows("vendored", Optional.of("https://cdn.example.evil/builds/vendored-1.0.0.tgz"), NONE),
                "the prefix is matched as written: another host that starts alike is another source");
        assertFalse(byUrl.allows("vendored", Optional.of("https://attacker.example/vendored-1.0.0.tgz"), NONE));
        assertFalse(byUrl.allows("vendored", NONE, NONE), "a lockfile that records no URL shows no allowed source");

        AllowedSource byHost = new AllowedSource(1, new NamePattern("forked"), NONE, Optional.of("github.com"), "our fork");
        assertTrue(byHost.allows("forked", Optional.of("git+https://github.com/me/forked.git"), Optional.of("github.com")));
        assertTrue(byHost.allows("forked", Optional.of("git+https://GitHub.com/me/forked.git"), Optional.of("GitHub.com")),
                "host names are case-insensitive");
        assertFalse(byHost.allows("forked", Optional.of("git+https://gitlab.com/me/forked.git"), Optional.of("gitlab.com")));
        assertFalse(byHost.allows("forked", Optional.of("https://github.com/me/forked/archive/main.tgz"), NONE),
                "a tarball URL has no git host, even on the same server");
        assertFalse(byHost.allows("other", Optional.of("git+https://github.com/me/other.git"), Optional.of("github.com")),
                "the allowance is by package");

        assertThrows(IllegalArgumentException.class,
                () -> new AllowedSource(2, new NamePattern("x"), Optional.of("https://a/"), Optional.of("a"), "both"));
        assertThrows(IllegalArgumentException.class, () -> new AllowedSource(2, new NamePattern("x"), NONE, NONE, "neither"));
    }

    @Test
    void aNamePatternMatchesNoMoreThanItsText() {
        assertFalse(new NamePattern("axios").matches("axio"), "a name shorter than the pattern");
        assertFalse(new NamePattern("a*b").matches("axc"), "a star that finds no end");
        assertTrue(new NamePattern("a*b").matches("ab"), "a star may match nothing");
        assertTrue(new NamePattern("*-plugin").matches("eslint-plugin"));
        assertFalse(new NamePattern("*-plugin").matches("eslint"), "what follows a star must still be there");
        assertFalse(new NamePattern("*-plugin").matches("@evil/x-plugin"), "a star does not cross the scope's '/'");
        assertTrue(new NamePattern("**-plugin").matches("@evil/x-plugin"));
        assertFalse(new NamePattern("@types/?").matches("@types/"), "'?' is one character, not none");
        assertFalse(new NamePattern("@types?node").matches("@types/node"), "'?' is not '/'");
    }

    @Test
    void aPatternIsAGlobWhereverItsWildcardIs() {
        assertTrue(new NamePattern("*").isGlob());
        assertTrue(new NamePattern("?x").isGlob());
        assertTrue(new NamePattern("x?").isGlob());
        assertTrue(new NamePattern("@scope/*").isGlob());
        assertFalse(new NamePattern("axios").isGlob());
        assertEquals(Integer.MAX_VALUE, new NamePattern("axios").specificity());
        assertEquals(7, new NamePattern("@scope/*").specificity());
    }

    private static PackagePolicy entry(String pattern, String workflow) {
        return new PackagePolicy(new NamePattern(pattern), NONE, Optional.of(workflow), Optional.empty(), NONE, NONE, false,
                Optional.empty());
    }

    private static Policy policyOf(PackagePolicy... entries) {
        return new Policy(List.of(entries), Optional.empty(), Optional.empty(), Severity.WARNING, List.of(), List.of());
    }

    @Test
    void anExactNameWinsOverAnyGlobAndEqualGlobsGoToTheEarlierEntry() {
        // The glob has as many literal characters as the name: only "exact beats glob" decides.
        PackagePolicy glob = entry("left-pad*", "glob.yml");
        PackagePolicy exact = entry("left-pad", "exact.yml");
        assertEquals(Optional.of(exact), policyOf(glob, exact).forPackage("left-pad"));
        assertEquals(Optional.of(exact), policyOf(exact, glob).forPackage("left-pad"));

        PackagePolicy first = entry("left-*", "first.yml");
        PackagePolicy second = entry("*t-pad", "second.yml"); // five literal characters each
        assertEquals(Optional.of(first), policyOf(first, second).forPackage("left-pad"), "a tie keeps the earlier entry");
        assertEquals(Optional.of(second), policyOf(second, first).forPackage("left-pad"));
        assertEquals(Optional.empty(), policyOf(first, second).forPackage("right"));
    }

    @Test
    void aRefIsMatchedWholeAndOnlyUpToItsCap() {
        RefPattern glob = RefPattern.glob("refs/tags/*");
        assertFalse(glob.isRegex());
        assertTrue(RefPattern.regex("refs/tags/v[0-9]+").isRegex());
        String longest = "refs/tags/" + "v".repeat(1024 - "refs/tags/".length());
        assertTrue(glob.matches(longest), "a ref of 1024 characters is still read");
        assertFalse(glob.matches(longest + "v"), "a longer one is refused unread");
        assertFalse(RefPattern.glob("refs/tags/v?").matches("refs/tags/v10"), "a glob matches the whole ref");

        assertEquals(RefPattern.glob("refs/tags/*"), glob);
        assertEquals(RefPattern.glob("refs/tags/*").hashCode(), glob.hashCode());
        assertNotEquals(RefPattern.regex("refs/tags/*"), glob, "the same text as a regex is another pattern");
        assertNotEquals(RefPattern.glob("refs/heads/*"), glob);
        assertEquals("refs/tags/*", glob.toString());
        assertEquals("regex refs/tags/v[0-9]+", RefPattern.regex("refs/tags/v[0-9]+").toString(),
                "a finding says which kind of pattern was expected");
    }

    @Test
    void theLongestCooldownIsAYearOfThreeHundredSixtySixDays() {
        assertEquals(Optional.of(Duration.ofDays(366)), ReleaseAge.parse("366d"));
        assertEquals(Optional.of(Duration.ofDays(366)), ReleaseAge.parse("527040"), "in minutes");
        assertEquals(Optional.empty(), ReleaseAge.parse("367d"));
        assertEquals(Optional.empty(), ReleaseAge.parse("527041"));
    }

    private static Finding finding(String name, String version, Severity severity, String rule, String message,
            Map<String, String> evidence) {
        return new Finding(rule, severity, name, version, message, new TreeMap<>(evidence));
    }

    @Test
    void findingsAndWaiversAreSortedTheSameWayEveryRun() {
        Finding b = finding("b", "1.0.0", Severity.NOTE, "r", "m", Map.of());
        Finding aError = finding("a", "2.0.0", Severity.ERROR, "z", "m", Map.of());
        Finding aWarningY = finding("a", "2.0.0", Severity.WARNING, "y", "m", Map.of());
        Finding aWarningX2 = finding("a", "2.0.0", Severity.WARNING, "x", "n", Map.of());
        Finding aWarningX1 = finding("a", "2.0.0", Severity.WARNING, "x", "m", Map.of("k", "2"));
        Finding aWarningX0 = finding("a", "2.0.0", Severity.WARNING, "x", "m", Map.of("k", "1"));
        Finding aOld = finding("a", "1.0.0", Severity.NOTE, "r", "m", Map.of());
        List<Finding> sorted = List.of(aOld, aError, aWarningX0, aWarningX1, aWarningX2, aWarningY, b);
        List<Finding> shuffled = List.of(b, aWarningX1, aWarningY, aOld, aWarningX2, aError, aWarningX0);
        assertEquals(sorted, new Evaluation(shuffled, List.of()).findings(),
                "by package, version, severity (errors first), rule, message, then evidence");

        Exemption first = new Exemption(0, new NamePattern("a"), NONE, NONE, "r", LocalDate.of(2026, 12, 31));
        Exemption second = new Exemption(3, new NamePattern("**"), NONE, NONE, "r", LocalDate.of(2026, 12, 31));
        List<Suppressed> waived = List.of(new Suppressed(aOld, first), new Suppressed(aError, second),
                new Suppressed(aError, first));
        assertEquals(List.of(new Suppressed(aOld, first), new Suppressed(aError, first), new Suppressed(aError, second)),
                new Evaluation(List.of(), waived).suppressed(), "by finding, then by the exception's place in the file");
    }

    private String refusal(java.nio.file.Path dir, String yaml) throws Exception {
        java.nio.file.Path f = dir.resolve("trustlock.yaml");
        java.nio.file.Files.writeString(f, yaml);
        return assertThrows(dev.trustlock.core.lockfile.LockfileException.class, () -> PolicyFile.read(f)).getMessage();
    }

    @Test
    void aMissingKeyIsExplainedByTheSchemasOwnWords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String message = refusal(dir, "exceptions:\n  - package: a\n    expires: 2026-01-01\n");
        assertTrue(message.contains("needs reason (Why the risk is accepted)"), message);
    }

    @Test
    void aWrongValueIsQuotedWholeUpToEightyCharacters(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String fits = "x".repeat(78); // 80 characters with its quotes
        String message = refusal(dir, "require: " + fits + "\n");
        assertTrue(message.endsWith("not \"" + fits + "\""), message);
        String over = "y".repeat(79);
        message = refusal(dir, "require: " + over + "\n");
        assertTrue(message.endsWith("not \"" + "y".repeat(79) + "..."), message);
    }

    @Test
    void aCooldownTheSchemaAcceptsButLongerThanAYearIsRefusedAtItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String message = refusal(dir, "# cooldown\nminimumReleaseAge: 367d\n");
        assertTrue(message.contains("trustlock.yaml:2:") && message.contains("at most a year")
                && message.endsWith("not \"367d\""), message);
    }
}
