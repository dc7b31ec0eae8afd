package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.verify.LockfileDiff.TrustState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The sentences {@code trustlock diff} says about one package, from two judged states: each
 * change said once, in a fixed order, and nothing said where nothing changed. The whole-run
 * tests (LockfileDiffTest) cover the axios compromise; these cover what it does not exercise.
 */
class TrustChangesTest {

    private static final PublishIdentity CI = identity("https://github.com/o/r", ".github/workflows/publish.yml", "refs/tags/v1");

    private static PublishIdentity identity(String repo, String workflow, String ref) {
        return PublishIdentity.builder().sourceRepositoryUri(repo).workflow(workflow).ref(ref).build();
    }

    /** A state with no install scripts or dependencies, published by "ci", without a trusted publisher. */
    private static State state(String version) {
        return new State(version);
    }

    private static final class State {
        String version;
        Optional<String> publisher = Optional.of("ci <ci@example.org>");
        Optional<String> trustedPublisher = Optional.empty();
        EvidenceLevel evidence = EvidenceLevel.PROVENANCE;
        VerificationStatus status = VerificationStatus.VERIFIED;
        Optional<PublishIdentity> identity = Optional.of(CI);
        Map<String, String> hooks = Map.of();
        Map<String, String> deps = Map.of();

        State(String version) {
            this.version = version;
        }

        State evidence(EvidenceLevel e, Optional<PublishIdentity> id) {
            evidence = e;
            identity = id;
            return this;
        }

        State unverifiable() {
            status = VerificationStatus.UNVERIFIABLE;
            evidence = EvidenceLevel.NONE;
            identity = Optional.empty();
            return this;
        }

        State hooks(Map<String, String> h) {
            hooks = h;
            return this;
        }

        State deps(Map<String, String> d) {
            deps = d;
            return this;
        }

        State publisher(Optional<String> p) {
            publisher = p;
            return this;
        }

        State trustedPublisher(String id) {
            trustedPublisher = Optional.ofNullable(id);
            return this;
        }

        TrustState get() {
            return new TrustState(version, publisher, trustedPublisher, evidence, status,
                    status == VerificationStatus.UNVERIFIABLE ? "registry timed out" : "ok", identity,
                    new TreeMap<>(hooks), new TreeMap<>(deps));
        }
    }

    private static List<String> said(State from, State to) {
        return LockfileDiff.trustChanges(from.version, Optional.of(from.get()), to.get());
    }

    @Test
    void aNewVersionPublishedTheSameWaySaysNothing() {
        assertEquals(List.of(), said(state("1.0.0").deps(Map.of("a", "^1")), state("1.0.1").deps(Map.of("a", "^1.1"))),
                "a dependency whose range moved is not a new dependency");
    }

    @Test
    void evidenceThatDropsWithoutATrustedPublisherSaysFromWhatToWhat() {
        assertEquals(List.of("evidence dropped from provenance to registry-signature",
                        "lost provenance: 1.0.0 was built by github.com/o/r .github/workflows/publish.yml refs/tags/v1;"
                                + " 1.0.1 has no verified provenance"),
                said(state("1.0.0"), state("1.0.1").evidence(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, Optional.empty())));
    }

    @Test
    void provenanceFromAnotherBuildIsBuiltElsewhere() {
        State fork = state("1.0.1").evidence(EvidenceLevel.PROVENANCE,
                Optional.of(identity("https://github.com/evil/r", ".github/workflows/publish.yml", "refs/heads/main")));
        assertEquals(List.of("built elsewhere: github.com/o/r .github/workflows/publish.yml refs/tags/v1 -> "
                + "github.com/evil/r .github/workflows/publish.yml refs/heads/main"), said(state("1.0.0"), fork));
        assertEquals(List.of(), said(state("1.0.0"), state("1.0.1")), "the same build says nothing");
    }

    @Test
    void installScriptsThatAppearOrChangeAreEachNamed() {
        State before = state("1.0.0").hooks(Map.of("install", "node-gyp rebuild"));
        State after = state("1.0.1").hooks(Map.of("install", "node build.js", "postinstall", "node setup.js"));
        assertEquals(List.of("install script install changed: node-gyp rebuild -> node build.js",
                "new install script postinstall: node setup.js"), said(before, after));
        assertEquals(List.of(), said(after, state("1.0.2").hooks(Map.of("install", "node build.js",
                "postinstall", "node setup.js"))), "unchanged scripts say nothing");
        assertEquals(List.of(), said(after, state("1.0.2")), "dropping a script is no risk to report");
    }

    @Test
    void onlyDependenciesTheOldVersionDidNotDeclareAreNew() {
        assertEquals(List.of("new dependency plain-crypto-js@^4.2.1"), said(state("1.0.0").deps(Map.of("a", "^1")),
                state("1.0.1").deps(Map.of("a", "^1", "plain-crypto-js", "^4.2.1"))));
    }

    @Test
    void aTrustedPublisherThatChangesOrAppearsSaysFromWhatToWhat() {
        assertEquals(List.of("trusted publisher github -> gitlab"),
                said(state("1.0.0").trustedPublisher("github"), state("1.0.1").trustedPublisher("gitlab")));
        assertEquals(List.of("trusted publisher none -> github"),
                said(state("1.0.0"), state("1.0.1").trustedPublisher("github")));
        assertEquals(List.of(), said(state("1.0.0").trustedPublisher("github"), state("1.0.1").trustedPublisher("github")));
    }

    @Test
    void aPublisherIsComparedOnlyWhereBothVersionsRecordOne() {
        assertEquals(List.of("publisher ci <ci@example.org> -> someone <x@example.org>"),
                said(state("1.0.0"), state("1.0.1").publisher(Optional.of("someone <x@example.org>"))));
        assertEquals(List.of(), said(state("1.0.0"), state("1.0.1").publisher(Optional.empty())));
        assertEquals(List.of(), said(state("1.0.0").publisher(Optional.empty()), state("1.0.1")));
    }

    @Test
    void withAnUnverifiableSideNoEvidenceOrBuildIsCompared() {
        // Fail closed: evidence that could not be checked neither rose nor dropped.
        assertEquals(List.of("the old version 1.0.0 could not be verified, so its trust cannot be compared: registry timed out"),
                said(state("1.0.0").unverifiable(), state("1.0.1")));
        assertEquals(List.of("1.0.1 could not be verified: registry timed out"),
                said(state("1.0.0"), state("1.0.1").unverifiable()));
    }

    @Test
    void fromAVersionOutsideTheRegistryOnlyTheNewStatesOwnRisksAreSaid() {
        // The old version came from git or a tarball: nothing of it was judged, so every install
        // script is new to the review, and no dependency is called new on the strength of nothing.
        TrustState to = state("1.0.1").hooks(Map.of("postinstall", "node setup.js")).deps(Map.of("a", "^1")).get();
        assertEquals(List.of("the old version 1.0.0 was not checked against a registry, so its trust cannot be compared",
                "new install script postinstall: node setup.js"), LockfileDiff.trustChanges("1.0.0", Optional.empty(), to));
    }

    @Test
    void anAddedPackageSaysItsEvidenceItsBuildAndWhatItRunsAtInstall() {
        assertEquals(List.of("published with provenance evidence, built by github.com/o/r .github/workflows/publish.yml"
                        + " refs/tags/v1", "runs install at install: node-gyp rebuild"),
                LockfileDiff.aboutAdded(state("1.0.0").hooks(Map.of("install", "node-gyp rebuild")).get()));
        assertEquals(List.of("published with registry-signature evidence"), LockfileDiff.aboutAdded(
                state("1.0.0").evidence(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, Optional.empty()).get()));
        assertEquals(List.of("could not be verified: registry timed out"),
                LockfileDiff.aboutAdded(state("1.0.0").unverifiable().get()));
    }
}
