package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.LockfileDiff.Change;
import dev.trustlock.core.verify.LockfileDiff.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustlock diff} on the axios compromise, its reverse, and what it must not claim. */
class LockfileDiffTest {

    private static final Path SCENARIO = Fixtures.testdata("scenarios/axios-2026-03-31");
    private static final Path SNAPSHOT = SCENARIO.resolve("snapshot");
    private static final Instant AT = Instant.parse("2026-03-31T03:00:00Z");

    private static DependencyGraph read(Path dir) throws Exception {
        Path lock = Lockfiles.locate(dir, Optional.empty()).file();
        return Lockfiles.reader(Lockfiles.locate(lock, Optional.empty()).format()).read(lock);
    }

    private static LockfileDiff diff(RegistrySource registry, Path before, Path after) throws Exception {
        TrustMaterial trust = TrustMaterial.load(SNAPSHOT.resolve("trust/trusted_root.json"),
                SNAPSHOT.resolve("trust/keys.json"));
        VerifyRun run = new VerifyRun(registry, trust, Policy.EMPTY, LocalDate.of(2026, 3, 31), AT, 4);
        return LockfileDiff.of(read(before), read(after), run, "old", "new", "trustlock test", AT, RunProgress.NONE);
    }

    private static Map<String, Change> byName(LockfileDiff d) {
        return d.changes().stream().collect(Collectors.toMap(Change::name, Function.identity()));
    }

    private static boolean says(Change c, String text) {
        return c.trustChanges().stream().anyMatch(s -> s.contains(text));
    }

    @Test
    void theCompromiseIsAxiosLosingTrustedPublishingAndProvenanceAndBringingAPostinstall() throws Exception {
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), SCENARIO.resolve("clean"), SCENARIO.resolve("compromised"));
        Map<String, Change> changes = byName(d);
        assertEquals(Set.of("axios", "plain-crypto-js"), changes.keySet());
        assertEquals(10, d.unchanged());

        Change axios = changes.get("axios");
        assertEquals(Kind.CHANGED, axios.kind());
        assertEquals(Optional.of("1.14.0"), axios.fromVersion());
        assertEquals(Optional.of("1.14.1"), axios.toVersion());
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, axios.from().orElseThrow().evidence());
        assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, axios.to().orElseThrow().evidence());
        assertEquals(List.of(
                "lost trusted publishing: 1.14.0 was published by a trusted publisher, 1.14.1 has registry-signature"
                        + " evidence only",
                "lost provenance: 1.14.0 was built by github.com/axios/axios .github/workflows/publish.yml"
                        + " refs/tags/v1.14.0; 1.14.1 has no verified provenance",
                "trusted publisher github no longer recorded",
                "publisher GitHub Actions <npm-oidc-no-reply@github.com> -> jasonsaayman <ifstap@proton.me>",
                "new dependency plain-crypto-js@^4.2.1"), axios.trustChanges(), "each change once, nothing else");
        assertEquals(Set.of("plain-crypto-js@4.2.1"), axios.broughtIn());
        Set<String> axiosRules = axios.findings().stream().map(Finding::ruleId).collect(Collectors.toSet());
        assertTrue(axiosRules.containsAll(Set.of("trust-downgrade", "publisher-change", "new-dependency")), axiosRules.toString());
        // What spans packages comes from the run's context: the new dependency's own history and
        // what the lockfile installs of it, and every e-mail the lockfile's packages were published from.
        assertEquals("adds dependency plain-crypto-js@^4.2.1 that 1.14.0 did not have: first published 18 hours before"
                + " the release by nrwise; plain-crypto-js@4.2.1 runs postinstall at install", message(axios, "new-dependency"));
        assertEquals("published by jasonsaayman from ifstap@proton.me, an e-mail never used for axios or any other package"
                + " of this lockfile before (was jasonsaayman@gmail.com)", message(axios, "publisher-change"));

        Change plain = changes.get("plain-crypto-js");
        assertEquals(Kind.ADDED, plain.kind());
        assertEquals(Optional.empty(), plain.from());
        assertEquals(List.of("published with registry-signature evidence", "runs postinstall at install: node setup.js"),
                plain.trustChanges());
        assertTrue(plain.findings().stream().anyMatch(f -> f.ruleId().equals("new-install-script")));

        assertEquals(Gate.VIOLATION, Gate.ERROR.exitCode(d.introduced()));
        assertEquals(List.of("axios", "plain-crypto-js"),
                d.introduced().packages().stream().map(PackageVerdict::name).toList(),
                "the gate judges the added and changed packages only");
    }

    @Test
    void goingBackIsARiseInTrustAndBringsNothing() throws Exception {
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), SCENARIO.resolve("compromised"), SCENARIO.resolve("clean"));
        Map<String, Change> changes = byName(d);
        assertEquals(Kind.REMOVED, changes.get("plain-crypto-js").kind());
        assertEquals(Optional.of("4.2.1"), changes.get("plain-crypto-js").fromVersion());
        Change axios = changes.get("axios");
        assertEquals(List.of("evidence rose from registry-signature to trusted-publisher",
                "gained provenance: 1.14.0 was built by github.com/axios/axios .github/workflows/publish.yml refs/tags/v1.14.0",
                "trusted publisher none -> github",
                "publisher jasonsaayman <ifstap@proton.me> -> GitHub Actions <npm-oidc-no-reply@github.com>"),
                axios.trustChanges());
        assertEquals(Set.of(), axios.broughtIn());
        assertEquals(List.of(), d.introduced().findings());
        assertEquals(Gate.PASSED, Gate.ERROR.exitCode(d.introduced()));
    }

    @Test
    void theSameLockfileChangesNothing() throws Exception {
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), SCENARIO.resolve("clean"), SCENARIO.resolve("clean"));
        assertEquals(List.of(), d.changes());
        assertEquals(11, d.unchanged());
        assertEquals(Gate.PASSED, Gate.ERROR.exitCode(d.introduced()));
    }

    @Test
    void aVersionWhoseEvidenceCouldNotBeCheckedIsNeverSaidToHaveGainedOrLostTrust() throws Exception {
        // Going back to 1.14.0 while the registry fails on its attestations: no "rose", and exit 3.
        RegistrySource failing = new FaultyRegistry(SnapshotRegistry.open(SNAPSHOT), name -> false, v -> false) {
            @Override
            public RegistryResult attestations(String name, String v, Optional<String> advertisedUrl) {
                return v.equals("1.14.0") ? new RegistryResult.Failed(RegistryResult.Reason.TIMEOUT, "injected")
                        : super.attestations(name, v, advertisedUrl);
            }
        };
        LockfileDiff back = diff(failing, SCENARIO.resolve("compromised"), SCENARIO.resolve("clean"));
        Change axios = byName(back).get("axios");
        assertEquals(VerificationStatus.UNVERIFIABLE, axios.to().orElseThrow().status());
        assertTrue(says(axios, "1.14.0 could not be verified"), axios.trustChanges().toString());
        assertFalse(says(axios, "rose"), axios.trustChanges().toString());
        assertEquals(Gate.COULD_NOT_VERIFY, Gate.ERROR.exitCode(back.introduced()));

        // And forward from an old version that could not be checked: nothing is "lost" on its word.
        LockfileDiff forward = diff(failing, SCENARIO.resolve("clean"), SCENARIO.resolve("compromised"));
        Change ahead = byName(forward).get("axios");
        assertTrue(says(ahead, "the old version 1.14.0 could not be verified"), ahead.trustChanges().toString());
        assertFalse(says(ahead, "lost trusted publishing"), ahead.trustChanges().toString());
        assertFalse(says(ahead, "lost provenance"), ahead.trustChanges().toString());
    }

    @Test
    void eachNewVersionReplacesTheOldOneOfItsLineAndTheRestIsAddedOrRemoved(@TempDir Path dir) throws Exception {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        Files.writeString(before.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "1.0.0", "node_modules/zz-x/node_modules/zz-a", "2.0.0",
                "node_modules/zz-b", "1.0.0", "node_modules/zz-x", "1.0.0")));
        Files.writeString(after.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "1.1.0", "node_modules/zz-x/node_modules/zz-a", "2.0.0",
                "node_modules/zz-c", "1.0.0", "node_modules/zz-x", "1.0.0")));
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), before, after);
        assertEquals(List.of("CHANGED zz-a 1.0.0->1.1.0", "REMOVED zz-b 1.0.0->", "ADDED zz-c ->1.0.0"), summary(d));
        assertEquals(2, d.unchanged(), "zz-a@2.0.0 and zz-x@1.0.0");
        // Packages the registry does not know are unverifiable, and so is the change.
        assertEquals(Gate.COULD_NOT_VERIFY, Gate.ERROR.exitCode(d.introduced()));
    }

    @Test
    void aNewGitDependencyAndAnOldVersionFromAnotherTarballAreChangesTheGateJudges(@TempDir Path dir) throws Exception {
        // Fail closed: what a change installs from outside the registry, or the same version from
        // another tarball, is never "unchanged" and never slips past the gate.
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        Files.writeString(before.resolve("package-lock.json"), Files.readString(SCENARIO.resolve("clean/package-lock.json")));
        String clean = Files.readString(SCENARIO.resolve("clean/package-lock.json"));
        String proxy = "\"node_modules/proxy-from-env\": {";
        int at = clean.indexOf(proxy);
        String entry = clean.substring(at, clean.indexOf('}', at) + 1);
        String moved = entry.replaceFirst("\"resolved\": \"[^\"]+\"",
                "\"resolved\": \"https://evil.example/proxy-from-env-1.1.0.tgz\"");
        String gitEntry = "\"node_modules/zz-git-dep\": {\"version\": \"1.0.0\", \"resolved\": "
                + "\"git+ssh://git@github.com/evil/zz-git-dep.git#0123456789abcdef0123456789abcdef01234567\"},\n    ";
        Files.writeString(after.resolve("package-lock.json"), clean.replace(entry, gitEntry + moved));
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), before, after);
        Map<String, Change> changes = byName(d);
        assertEquals(Set.of("proxy-from-env", "zz-git-dep"), changes.keySet(), d.changes().toString());

        Change tarball = changes.get("proxy-from-env");
        assertEquals(Kind.CHANGED, tarball.kind());
        assertEquals(tarball.fromVersion(), tarball.toVersion());
        assertTrue(says(tarball, "resolved elsewhere"), tarball.trustChanges().toString());
        Change git = changes.get("zz-git-dep");
        assertEquals(Kind.ADDED, git.kind());
        assertTrue(says(git, "installed from outside the registry: git+ssh://"), git.trustChanges().toString());
        assertTrue(git.findings().stream().anyMatch(f -> f.ruleId().equals("not-from-registry")), git.findings().toString());
        assertEquals(10, d.unchanged());
        assertTrue(d.introduced().findings().stream().anyMatch(f -> f.packageName().equals("zz-git-dep")),
                "the gate sees the git dependency's finding");
        assertEquals(Gate.VIOLATION, Gate.ERROR.exitCode(d.introduced()));
    }

    @Test
    void findingsTheOldStateHadToAreNotBroughtByTheChange(@TempDir Path dir) throws Exception {
        // plain-crypto-js@4.2.1 moves to another tarball: its install-script and age findings were
        // there before; only what the move itself brings is the change's.
        Path before = SCENARIO.resolve("compromised");
        Path after = Files.createDirectories(dir.resolve("after"));
        String lock = Files.readString(before.resolve("package-lock.json"));
        String moved = lock.replace("https://registry.npmjs.org/plain-crypto-js/-/plain-crypto-js-4.2.1.tgz",
                "https://evil.example/plain-crypto-js-4.2.1.tgz");
        assertTrue(!moved.equals(lock), "the fixture has the URL");
        Files.writeString(after.resolve("package-lock.json"), moved);
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), before, after);
        Change plain = byName(d).get("plain-crypto-js");
        assertEquals(List.of("same version, another source: registry -> remote_tarball",
                "same version, resolved elsewhere: https://registry.npmjs.org/plain-crypto-js/-/"
                        + "plain-crypto-js-4.2.1.tgz -> https://evil.example/plain-crypto-js-4.2.1.tgz",
                "installed from outside the registry: https://evil.example/plain-crypto-js-4.2.1.tgz"),
                plain.trustChanges());
        Set<String> rules = plain.findings().stream().map(Finding::ruleId).collect(Collectors.toSet());
        assertFalse(rules.contains("new-install-script") || rules.contains("release-age"), rules.toString());
        assertTrue(rules.contains("not-from-registry"), rules.toString());
        assertEquals(Set.of("plain-crypto-js"), byName(d).keySet(), "axios did not change");

        // Another integrity under the registry's own URL: still judged against its history, whose
        // findings the old state had too; only the broken integrity is the change's.
        Path retarred = Files.createDirectories(dir.resolve("retarred"));
        String swapped = lock.replace("sha512-ustAylW+/ugTlSfnNlPClfZLzyU+HgB7EFIt5ikigu0la0U/XgS4mnwSqz330dNG8h1SYT06lFOxJ/"
                + "KyykS7vw==", "sha512-" + "B".repeat(86) + "==");
        assertTrue(!swapped.equals(lock), "the fixture has the integrity");
        Files.writeString(retarred.resolve("package-lock.json"), swapped);
        LockfileDiff again = diff(SnapshotRegistry.open(SNAPSHOT), before, retarred);
        Change same = byName(again).get("plain-crypto-js");
        assertTrue(says(same, "same version, another integrity"), same.trustChanges().toString());
        Set<String> now = again.introduced().packages().stream().filter(v -> v.name().equals("plain-crypto-js"))
                .flatMap(v -> v.findings().stream()).map(Finding::ruleId).collect(Collectors.toSet());
        assertFalse(now.contains("new-install-script") || now.contains("release-age"), "the old state had those: " + now);
        assertFalse(now.isEmpty(), "the swapped integrity is a finding of the change");
        assertEquals(Gate.VIOLATION, Gate.ERROR.exitCode(again.introduced()), "and it fails the gate");
    }

    @Test
    void eachOldVersionIsComparedWithTheNewOneOfItsOwnLineInNameThenSemverOrder(@TempDir Path dir) throws Exception {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        Files.writeString(before.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "2.0.0", "node_modules/zz-x/node_modules/zz-a", "10.0.0", "node_modules/zz-x", "1.0.0")));
        Files.writeString(after.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "2.1.0", "node_modules/zz-x/node_modules/zz-a", "10.1.0", "node_modules/zz-x", "1.0.0")));
        assertEquals(List.of("CHANGED zz-a 2.0.0->2.1.0", "CHANGED zz-a 10.0.0->10.1.0"),
                summary(diff(SnapshotRegistry.open(SNAPSHOT), before, after)),
                "2.1.0 follows 2.0.0 and 10.1.0 follows 10.0.0, not both the highest old version");

        // Two old versions of one line give way to one new: it follows the higher, the other goes.
        Files.writeString(before.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "2.0.0", "node_modules/zz-x/node_modules/zz-a", "2.2.0", "node_modules/zz-x", "1.0.0")));
        Files.writeString(after.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "2.3.0", "node_modules/zz-x", "1.0.0")));
        assertEquals(List.of("REMOVED zz-a 2.0.0->", "CHANGED zz-a 2.2.0->2.3.0"),
                summary(diff(SnapshotRegistry.open(SNAPSHOT), before, after)));
    }

    @Test
    void aSecondVersionBesideAnOldOneIsComparedWithTheHighestOldOne(@TempDir Path dir) throws Exception {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        Files.writeString(before.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "1.0.0", "node_modules/zz-x", "1.0.0")));
        Files.writeString(after.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "2.0.0", "node_modules/zz-x/node_modules/zz-a", "1.0.0", "node_modules/zz-x", "1.0.0")));
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), before, after);
        assertEquals(List.of("CHANGED zz-a 1.0.0->2.0.0"), summary(d));
        assertEquals(2, d.unchanged(), "zz-a@1.0.0 and zz-x@1.0.0 are still there");
    }

    @Test
    void whatAChangeBringsInIsEveryNewNameItReachesHoweverDeep(@TempDir Path dir) throws Exception {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        Files.writeString(before.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "1.0.0 zz-x", "node_modules/zz-x", "1.0.0")));
        Files.writeString(after.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "1.1.0 zz-x zz-n", "node_modules/zz-x", "1.0.0",
                "node_modules/zz-n", "1.0.0 zz-m", "node_modules/zz-m", "1.0.0 zz-x")));
        LockfileDiff d = diff(SnapshotRegistry.open(SNAPSHOT), before, after);
        assertEquals(List.of("CHANGED zz-a 1.0.0->1.1.0", "ADDED zz-m ->1.0.0", "ADDED zz-n ->1.0.0"), summary(d));
        assertEquals(Set.of("zz-m@1.0.0", "zz-n@1.0.0"), byName(d).get("zz-a").broughtIn(),
                "zz-m comes through zz-n; zz-x was there before");
        assertEquals(Set.of(), byName(d).get("zz-m").broughtIn());
    }

    @Test
    void aChangeListsTheFiftyNearestPackagesItBringsInAndSaysThereAreMore(@TempDir Path dir) throws Exception {
        // Listing them all cost the square of a chain's length: 20,000 added packages in a chain
        // ran diff out of 6 GB after almost three minutes.
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        Files.writeString(before.resolve("package-lock.json"), lock(Map.of(
                "node_modules/zz-a", "1.0.0", "node_modules/zz-x", "1.0.0")));
        Map<String, String> chain = new java.util.HashMap<>(Map.of("node_modules/zz-a", "1.1.0 zz-n00", "node_modules/zz-x", "1.0.0"));
        for (int i = 0; i < 60; i++) {
            chain.put(String.format("node_modules/zz-n%02d", i), i < 59 ? String.format("1.0.0 zz-n%02d", i + 1) : "1.0.0");
        }
        Files.writeString(after.resolve("package-lock.json"), lock(chain));
        Map<String, Change> changes = byName(diff(SnapshotRegistry.open(SNAPSHOT), before, after));
        Change a = changes.get("zz-a");
        assertEquals(LockfileDiff.BROUGHT_IN_LISTED, a.broughtIn().size());
        assertEquals("zz-n00@1.0.0", a.broughtIn().first(), "the nearest");
        assertEquals("zz-n49@1.0.0", a.broughtIn().last());
        assertTrue(a.moreBroughtIn());
        Change n10 = changes.get("zz-n10");
        assertEquals(49, n10.broughtIn().size(), "zz-n11 to zz-n59");
        assertFalse(n10.moreBroughtIn());
        assertEquals(Set.of(), changes.get("zz-n59").broughtIn());
    }

    private static String message(Change c, String rule) {
        return c.findings().stream().filter(f -> f.ruleId().equals(rule)).map(Finding::message).findFirst().orElseThrow();
    }

    private static List<String> summary(LockfileDiff d) {
        return d.changes().stream().map(c -> c.kind() + " " + c.name() + " " + c.fromVersion().orElse("") + "->"
                + c.toVersion().orElse("")).toList();
    }

    /**
     * An npm v3 lockfile whose root depends on zz-a and zz-x. Each entry maps a node_modules path to
     * its version, optionally followed by the names it depends on ("1.0.0 zz-n zz-m").
     */
    private static String lock(Map<String, String> packages) {
        StringBuilder s = new StringBuilder("{\"name\":\"p\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
                + "\"\":{\"name\":\"p\",\"version\":\"1.0.0\",\"dependencies\":{\"zz-a\":\"*\",\"zz-x\":\"*\"}}");
        new java.util.TreeMap<>(packages).forEach((path, entry) -> {
            String name = path.substring(path.lastIndexOf("node_modules/") + 13);
            String[] words = entry.split(" ");
            String version = words[0];
            s.append(",\"").append(path).append("\":{\"version\":\"").append(version)
                    .append("\",\"resolved\":\"https://registry.npmjs.org/").append(name).append("/-/").append(name)
                    .append('-').append(version).append(".tgz\",\"integrity\":\"sha512-")
                    .append("A".repeat(86)).append("==\"");
            if (words.length > 1) {
                s.append(",\"dependencies\":{");
                for (int i = 1; i < words.length; i++) {
                    s.append(i > 1 ? "," : "").append('"').append(words[i]).append("\":\"*\"");
                }
                s.append('}');
            }
            s.append('}');
        });
        return s.append("}}").toString();
    }
}
