package dev.trustlock.core.verify;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseLine;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.history.Semver;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Edge;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.policy.Finding;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a lockfile change does to the project's trust: the packages it adds, removes and moves to
 * another version; for each added or changed one, how its publishing changed (publisher, trusted
 * publisher, verified provenance and the build it names, install scripts, new dependencies and the
 * packages they bring in) and the findings only the new state has.
 *
 * <p>It judges as verify does, with the same run: the new lockfile entirely (its findings need
 * the whole project's context), the old one only where it differs, so a diff costs little more
 * than verifying the new lockfile. Signed data decides here too: a trust change is stated from
 * verified evidence, and a version whose evidence could not be checked says so instead.
 *
 * @param oldSource  the old lockfile or SBOM, as given
 * @param newSource  the new one
 * @param changes    by name, then new version (removed ones by their old version)
 * @param introduced the new lockfile's verdicts for added and changed packages, each with only the
 *                   findings its old version did not have, plus the run's own findings: what the
 *                   exit code and SARIF judge
 * @param unchanged  packages locked at the same version in both
 */
public record LockfileDiff(String oldSource, String newSource, List<Change> changes, VerifyReport introduced,
        int unchanged) {

    public LockfileDiff {
        Objects.requireNonNull(oldSource, "oldSource");
        Objects.requireNonNull(newSource, "newSource");
        changes = List.copyOf(changes);
        Objects.requireNonNull(introduced, "introduced");
    }

    public enum Kind {
        ADDED, REMOVED, CHANGED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One package of the change.
     *
     * @param from            the old version's state, when it was judged (not for a removed package)
     * @param to              the new version's state (absent when removed)
     * @param trustChanges    how publishing changed, one sentence each (for an added package: what
     *                        stands out about it)
     * @param broughtIn       packages the new lockfile has only because of this one (name@version):
     *                        its new transitive dependencies, the {@value LockfileDiff#BROUGHT_IN_LISTED} nearest
     * @param moreBroughtIn   it brings in more new packages than {@code broughtIn} lists
     * @param findings        findings of the new version that the old one did not have
     */
    public record Change(Kind kind, String name, Optional<String> fromVersion, Optional<String> toVersion,
            Optional<TrustState> from, Optional<TrustState> to, List<String> trustChanges, SortedSet<String> broughtIn,
            boolean moreBroughtIn, List<Finding> findings) {

        public Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(fromVersion, "fromVersion");
            Objects.requireNonNull(toVersion, "toVersion");
            trustChanges = List.copyOf(trustChanges);
            broughtIn = new TreeSet<>(broughtIn);
            findings = List.copyOf(findings.stream().sorted().toList());
        }

        /** The version the change is about: the new one, or the old one when removed. */
        public String version() {
            return toVersion.or(() -> fromVersion).orElseThrow();
        }
    }

    /**
     * How one version was published, as verify established it.
     *
     * @param publisher        {@code _npmUser} as "name <e-mail>": metadata, describes
     * @param trustedPublisher the trusted publisher the registry records: metadata, describes
     * @param evidence         the verified evidence level: decides
     * @param status           the verdict (UNVERIFIABLE: nothing above can be compared)
     * @param identity         the build its verified provenance names
     * @param installVectors   what installing it runs
     * @param dependencies     its declared dependencies, name to range
     */
    public record TrustState(String version, Optional<String> publisher, Optional<String> trustedPublisher,
            EvidenceLevel evidence, VerificationStatus status, String reason, Optional<PublishIdentity> identity,
            SortedMap<String, String> installVectors, SortedMap<String, String> dependencies) {

        static TrustState of(PackageVerdict v, Optional<ReleaseRecord> release) {
            return new TrustState(v.version(), v.publisher(), release.flatMap(ReleaseRecord::trustedPublisherId),
                    v.evidence(), v.status(), v.reason(), v.identity(),
                    release.map(ReleaseRecord::installVectors).orElseGet(TreeMap::new),
                    release.map(ReleaseRecord::dependencies).orElseGet(TreeMap::new));
        }

        boolean established() {
            return status != VerificationStatus.UNVERIFIABLE;
        }
    }

    /**
     * Compares two lockfiles' packages with {@code run}, which judges both.
     *
     * @param progress hears how far the run over the new lockfile has got
     */
    public static LockfileDiff of(DependencyGraph oldGraph, DependencyGraph newGraph, VerifyRun run, String oldSource,
            String newSource, String tool, Instant generatedAt, RunProgress progress) {
        Map<String, SortedSet<String>> oldVersions = versionsByName(oldGraph);
        Map<String, SortedSet<String>> newVersions = versionsByName(newGraph);
        List<Pairing> pairings = pair(oldGraph, newGraph, oldVersions, newVersions);
        Set<String> moved = pairings.stream().map(Pairing::name).collect(Collectors.toSet());
        run.keepHistories(moved);
        VerifyReport now = run.run(newGraph, newSource, tool, generatedAt, progress);
        Set<PackageKey> before = new HashSet<>();
        pairings.stream().filter(p -> p.kind() == Kind.CHANGED)
                .forEach(p -> before.add(new PackageKey(p.name(), p.from().orElseThrow())));
        VerifyReport then = before.isEmpty() ? VerifyReport.of(tool, generatedAt, oldSource, List.of(), List.of())
                : run.run(oldGraph.restrictedTo(before), oldSource, tool, generatedAt, RunProgress.NONE);
        Map<String, PackageHistory> histories = run.keptHistories();

        Map<PackageKey, PackageVerdict> newVerdicts = byKey(now.packages());
        Map<PackageKey, PackageVerdict> oldVerdicts = byKey(then.packages());
        Map<PackageKey, List<Finding>> newFindings = findingsByKey(now);
        Map<PackageKey, List<Finding>> oldFindings = findingsByKey(then);
        List<Change> changes = new ArrayList<>();
        List<PackageVerdict> judged = new ArrayList<>();
        List<Finding> runFindings = new ArrayList<>(newFindings.getOrDefault(newGraph.root(), List.of()));
        for (Pairing p : pairings) {
            Optional<PackageHistory> history = Optional.ofNullable(histories.get(p.name()));
            Optional<PackageKey> fromKey = p.from().map(v -> new PackageKey(p.name(), v));
            Optional<PackageKey> toKey = p.to().map(v -> new PackageKey(p.name(), v));
            Optional<PackageVerdict> oldVerdict = fromKey.map(oldVerdicts::get);
            Optional<PackageVerdict> newVerdict = toKey.map(newVerdicts::get);
            Optional<TrustState> from = oldVerdict.map(v -> TrustState.of(v, history.flatMap(h -> h.release(v.version()))));
            Optional<TrustState> to = newVerdict.map(v -> TrustState.of(v, history.flatMap(h -> h.release(v.version()))));
            if (p.kind() == Kind.REMOVED) {
                changes.add(new Change(Kind.REMOVED, p.name(), p.from(), p.to(), Optional.empty(), Optional.empty(),
                        List.of(), new TreeSet<>(), false, List.of()));
                continue;
            }
            List<Finding> introducedFindings = newOnly(newFindings.getOrDefault(toKey.get(), List.of()),
                    fromKey.map(k -> oldFindings.getOrDefault(k, List.of())).orElse(List.of()));
            BroughtIn brought = broughtIn(newGraph, toKey.get(), oldVersions);
            List<String> said = new ArrayList<>(artifactChanges(fromKey.flatMap(oldGraph::node), newGraph.node(toKey.get())));
            if (newVerdict.isEmpty()) {
                // Not verified against a registry (a git, tarball or file dependency): its origin finding says why.
                said.add("installed from outside the registry: " + newGraph.node(toKey.get()).flatMap(PackageNode::resolved)
                        .orElse("(no URL recorded)"));
                runFindings.addAll(introducedFindings);
            } else {
                said.addAll(p.kind() == Kind.ADDED ? aboutAdded(to.get())
                        : trustChanges(p.from().orElseThrow(), from, to.get()));
                judged.add(newVerdict.get().withFindings(introducedFindings));
            }
            changes.add(new Change(p.kind(), p.name(), p.from(), p.to(), from, to, said, brought.listed(), brought.more(),
                    introducedFindings));
        }
        changes.sort(Comparator.comparing(Change::name).thenComparing(Change::version, Semver.VERSION_ORDER));
        VerifyReport introduced = VerifyReport.of(tool, generatedAt, newSource, judged, runFindings, now.skipped());
        return new LockfileDiff(oldSource, newSource, changes, introduced, (int) newGraph.packages().stream()
                .filter(n -> oldGraph.node(n.key()).filter(o -> sameArtifact(o, n)).isPresent()).count());
    }

    private record Pairing(Kind kind, String name, Optional<String> from, Optional<String> to) {
    }

    private static Map<String, SortedSet<String>> versionsByName(DependencyGraph g) {
        Map<String, SortedSet<String>> out = new TreeMap<>();
        for (PackageNode n : g.packages()) {
            out.computeIfAbsent(n.name(), k -> new TreeSet<>()).add(n.version());
        }
        return out;
    }

    /**
     * Which old version each new one replaces: a name present in both lockfiles whose versions
     * differ is a change from the old version of the same release line (else the highest old
     * one); old versions nothing replaced are removed.
     */
    private static List<Pairing> pair(DependencyGraph oldGraph, DependencyGraph newGraph,
            Map<String, SortedSet<String>> oldVersions, Map<String, SortedSet<String>> newVersions) {
        List<Pairing> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(oldVersions.keySet());
        names.addAll(newVersions.keySet());
        for (String name : names) {
            SortedSet<String> olds = oldVersions.getOrDefault(name, new TreeSet<>());
            SortedSet<String> news = newVersions.getOrDefault(name, new TreeSet<>());
            List<String> gone = olds.stream().filter(v -> !news.contains(v)).sorted(Semver.VERSION_ORDER).toList();
            List<String> candidates = List.of();
            // The highest candidate of each line, found once per name, and only for a name with a
            // new version: looking through every candidate for every new version cost the square
            // of a name's versions, which a lockfile can hold by the thousand (8,000 took 44 s).
            Map<ReleaseLine, String> highestOfLine = new HashMap<>();
            if (!olds.isEmpty() && !olds.containsAll(news)) {
                candidates = gone.isEmpty() ? olds.stream().sorted(Semver.VERSION_ORDER).toList() : gone;
                candidates.forEach(o -> highestOfLine.put(ReleaseLine.of(o), o));
            }
            Set<String> replaced = new HashSet<>();
            for (String v : news) {
                if (olds.contains(v)) {
                    PackageKey key = new PackageKey(name, v);
                    if (!sameArtifact(oldGraph.node(key).orElseThrow(), newGraph.node(key).orElseThrow())) {
                        // Same version, another tarball or source: as much a change as a new version.
                        out.add(new Pairing(Kind.CHANGED, name, Optional.of(v), Optional.of(v)));
                    }
                    continue;
                }
                if (olds.isEmpty()) {
                    out.add(new Pairing(Kind.ADDED, name, Optional.empty(), Optional.of(v)));
                    continue;
                }
                String from = highestOfLine.getOrDefault(ReleaseLine.of(v), candidates.get(candidates.size() - 1));
                replaced.add(from);
                out.add(new Pairing(Kind.CHANGED, name, Optional.of(from), Optional.of(v)));
            }
            gone.stream().filter(v -> !replaced.contains(v))
                    .forEach(v -> out.add(new Pairing(Kind.REMOVED, name, Optional.of(v), Optional.empty())));
        }
        return out;
    }

    /**
     * The two lockfiles install the same thing under this name and version: same kind of source,
     * and the same integrity and resolved URL where both record one (an SBOM may record neither).
     */
    static boolean sameArtifact(PackageNode a, PackageNode b) {
        return a.source() == b.source() && agree(a.integrity(), b.integrity()) && agree(a.resolved(), b.resolved());
    }

    private static boolean agree(Optional<String> a, Optional<String> b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b);
    }

    private static Map<PackageKey, PackageVerdict> byKey(List<PackageVerdict> verdicts) {
        Map<PackageKey, PackageVerdict> out = new TreeMap<>();
        verdicts.forEach(v -> out.put(new PackageKey(v.name(), v.version()), v));
        return out;
    }

    /** Every finding of a report by the package it is about (a verdict's, or a run-level one such as an origin's). */
    private static Map<PackageKey, List<Finding>> findingsByKey(VerifyReport report) {
        Map<PackageKey, List<Finding>> out = new TreeMap<>();
        report.findings().forEach(f -> out.computeIfAbsent(new PackageKey(f.packageName(), f.version()),
                k -> new ArrayList<>()).add(f));
        return out;
    }

    /** Where the same version now comes from another tarball or source. */
    private static List<String> artifactChanges(Optional<PackageNode> before, Optional<PackageNode> after) {
        List<String> out = new ArrayList<>();
        if (before.isEmpty() || after.isEmpty() || !before.get().version().equals(after.get().version())) {
            return out;
        }
        PackageNode a = before.get();
        PackageNode b = after.get();
        if (a.source() != b.source()) {
            out.add("same version, another source: " + a.source().name().toLowerCase(java.util.Locale.ROOT) + " -> "
                    + b.source().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!agree(a.integrity(), b.integrity())) {
            out.add("same version, another integrity: " + a.integrity().get() + " -> " + b.integrity().get());
        }
        if (!agree(a.resolved(), b.resolved())) {
            out.add("same version, resolved elsewhere: " + a.resolved().get() + " -> " + b.resolved().get());
        }
        return out;
    }

    /** Findings of the new version whose rule did not already speak about the old one. */
    private static List<Finding> newOnly(List<Finding> now, List<Finding> before) {
        Set<String> had = before.stream().map(Finding::ruleId).collect(Collectors.toSet());
        return now.stream().filter(f -> !had.contains(f.ruleId())).toList();
    }

    /**
     * How many brought-in packages a change lists. Listing them all made a lockfile whose added
     * packages form a long chain cost the square of its length: 20,000 of them ran {@code diff} out of
     * 6 GB of memory after almost three minutes. A reviewer needs the nearest, and to know there
     * are more.
     */
    public static final int BROUGHT_IN_LISTED = 50;

    private record BroughtIn(SortedSet<String> listed, boolean more) {
    }

    /**
     * Packages reachable from {@code start} in the new lockfile whose name the old one did not
     * have, nearest first, up to {@link #BROUGHT_IN_LISTED}.
     */
    private static BroughtIn broughtIn(DependencyGraph g, PackageKey start, Map<String, SortedSet<String>> old) {
        SortedSet<String> out = new TreeSet<>();
        Set<PackageKey> seen = new HashSet<>(List.of(start));
        Deque<PackageKey> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            for (Edge e : g.edgesFrom(todo.removeFirst())) {
                if (seen.add(e.to())) {
                    todo.addLast(e.to());
                    if (!old.containsKey(e.to().name())) {
                        if (out.size() == BROUGHT_IN_LISTED) {
                            return new BroughtIn(out, true);
                        }
                        out.add(e.to().name() + "@" + e.to().version());
                    }
                }
            }
        }
        return new BroughtIn(out, false);
    }

    /** What stands out about a package the change adds. */
    static List<String> aboutAdded(TrustState to) {
        List<String> out = new ArrayList<>();
        if (!to.established()) {
            out.add("could not be verified: " + to.reason());
        } else {
            out.add("published with " + to.evidence().id() + " evidence"
                    + to.identity().map(id -> ", built by " + id.build()).orElse(""));
        }
        to.installVectors().forEach((hook, runs) -> out.add("runs " + hook + " at install: " + runs));
        return out;
    }

    /**
     * How publishing changed from {@code fromVersion} to {@code to}, one sentence each; empty when
     * it did not. {@code fromState} is absent when the old version was not checked against a
     * registry (a git, tarball or file dependency).
     */
    static List<String> trustChanges(String fromVersion, Optional<TrustState> fromState, TrustState to) {
        List<String> out = new ArrayList<>();
        if (fromState.isEmpty()) {
            out.add("the old version " + fromVersion + " was not checked against a registry, so its trust cannot be"
                    + " compared");
        } else if (!fromState.get().established()) {
            out.add("the old version " + fromVersion + " could not be verified, so its trust cannot be compared: "
                    + fromState.get().reason());
        }
        if (!to.established()) {
            out.add(to.version() + " could not be verified: " + to.reason());
        }
        TrustState from = fromState.orElse(null);
        boolean comparable = from != null && from.established() && to.established();
        if (comparable && to.evidence().weakerThan(from.evidence())) {
            out.add(from.evidence() == EvidenceLevel.TRUSTED_PUBLISHER
                    ? "lost trusted publishing: " + from.version() + " was published by a trusted publisher, "
                            + to.version() + " has " + to.evidence().id() + " evidence only"
                    : "evidence dropped from " + from.evidence().id() + " to " + to.evidence().id());
        } else if (comparable && from.evidence().weakerThan(to.evidence())) {
            out.add("evidence rose from " + from.evidence().id() + " to " + to.evidence().id());
        }
        if (comparable && from.identity().isPresent() && to.identity().isEmpty()) {
            out.add("lost provenance: " + from.version() + " was built by " + from.identity().get().build() + "; "
                    + to.version() + " has no verified provenance");
        } else if (comparable && from.identity().isEmpty() && to.identity().isPresent()) {
            out.add("gained provenance: " + to.version() + " was built by " + to.identity().get().build());
        } else if (comparable && from.identity().isPresent() && !from.identity().get().build().equals(to.identity().get().build())) {
            out.add("built elsewhere: " + from.identity().get().build() + " -> " + to.identity().get().build());
        }
        if (from != null && from.trustedPublisher().isPresent() && to.trustedPublisher().isEmpty()) {
            out.add("trusted publisher " + from.trustedPublisher().get() + " no longer recorded");
        } else if (from != null && to.trustedPublisher().isPresent() && !to.trustedPublisher().equals(from.trustedPublisher())) {
            out.add("trusted publisher " + from.trustedPublisher().orElse("none") + " -> " + to.trustedPublisher().get());
        }
        if (from != null && from.publisher().isPresent() && to.publisher().isPresent()
                && !from.publisher().equals(to.publisher())) {
            out.add("publisher " + from.publisher().get() + " -> " + to.publisher().get());
        }
        SortedMap<String, String> oldHooks = from == null ? new TreeMap<>() : from.installVectors();
        to.installVectors().forEach((hook, runs) -> {
            if (!oldHooks.containsKey(hook)) {
                out.add("new install script " + hook + ": " + runs);
            } else if (!oldHooks.get(hook).equals(runs)) {
                out.add("install script " + hook + " changed: " + oldHooks.get(hook) + " -> " + runs);
            }
        });
        SortedMap<String, String> oldDeps = from == null ? new TreeMap<>() : from.dependencies();
        to.dependencies().forEach((dep, range) -> {
            if (from != null && !oldDeps.containsKey(dep)) {
                out.add("new dependency " + dep + "@" + range);
            }
        });
        return out;
    }
}
