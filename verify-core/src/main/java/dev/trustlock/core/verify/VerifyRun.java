package dev.trustlock.core.verify;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.detect.BuildIdentity;
import dev.trustlock.core.detect.CheckTarget;
import dev.trustlock.core.detect.PipelineFindings;
import dev.trustlock.core.detect.ReleaseChecks;
import dev.trustlock.core.detect.RunContext;
import dev.trustlock.core.detect.VerificationUnverifiableRule;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.io.JsonTrees;
import dev.trustlock.core.io.ParserMessages;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Edge;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.policy.Evaluation;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.registry.AsyncPermits;
import dev.trustlock.core.registry.PrefetchingRegistry;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.RegistryUrls;
import dev.trustlock.core.sbom.Purls;
import dev.trustlock.core.trust.TrustMaterial;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Verifies every package of a dependency graph: where the lockfile says it comes from, then for
 * registry packages the packument and attestations from a {@link RegistrySource}, the
 * attestations and registry signatures against the trust material ({@link ReleaseVerifier}),
 * then the rules over the package's publish history, all from one parsed record per release.
 * Fail-closed: whenever the registry gives no usable answer the package is UNVERIFIABLE, never
 * VERIFIED, and what did not verify counts as no evidence in every rule.
 *
 * <p>Packages are checked per name (one packument for all versions of a name) in two passes:
 * the first fetches every packument and what the second will ask for, with at most
 * {@code concurrency} threads for what blocks; the second verifies on one thread per core (at
 * most {@code concurrency}). The report is sorted, so the result does not depend on timing.
 */
public final class VerifyRun {

    /** Written by the workers, read by a progress line: only ever a whole name. */
    private volatile String current = "";

    private final RegistrySource registry;
    /** The registry as the verifiers see it: what the first pass fetched ahead, then the registry. */
    private final PrefetchingRegistry ahead;
    private final ReleaseVerifier releases;
    private final Policy policy;
    private final ReleaseChecks checks;
    private final int concurrency;
    private final Instant at;
    /** When the run gives up on what is left; empty: never. */
    private Optional<Duration> deadline = Optional.empty();
    private Clock clock = Clock.systemUTC();
    /** Names whose parsed histories a caller wants after a run (see {@link #keepHistories}). */
    private Set<String> keep = Set.of();
    private final Map<String, PackageHistory> kept = new java.util.concurrent.ConcurrentHashMap<>();

    /** Judging release ages at the start of {@code today}, UTC. */
    public VerifyRun(RegistrySource registry, TrustMaterial trust, Policy policy, LocalDate today, int concurrency) {
        this(registry, trust, policy, today, today.atStartOfDay(ZoneOffset.UTC).toInstant(), concurrency);
    }

    /**
     * @param today the day policy exceptions are judged on
     * @param at    the moment release ages are measured at: a snapshot's recorded time, or now
     */
    public VerifyRun(RegistrySource registry, TrustMaterial trust, Policy policy, LocalDate today, Instant at,
            int concurrency) {
        this(registry, trust, policy, today, at, concurrency, Optional.empty());
    }

    /**
     * @param verifiedCache where to keep verified attestation results between runs, and the seal
     *                      that vouches for them (see {@link VerifiedResults}); empty verifies
     *                      everything every run
     */
    public VerifyRun(RegistrySource registry, TrustMaterial trust, Policy policy, LocalDate today, Instant at,
            int concurrency, Optional<VerifiedResults.Store> verifiedCache) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ahead = new PrefetchingRegistry(registry);
        this.releases = new ReleaseVerifier(ahead, Objects.requireNonNull(trust, "trust"),
                verifiedCache.map(store -> new VerifiedResults(store, trust.digest())));
        this.policy = Objects.requireNonNull(policy, "policy");
        this.checks = new ReleaseChecks(policy, today);
        this.at = Objects.requireNonNull(at, "at");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    /**
     * Bounds the whole run: once {@code limit} has passed since {@link #run} started, every package
     * not yet verified is UNVERIFIABLE with that reason (exit 3), and the run returns, however
     * slowly the registry answers. Without it a registry that accepts connections and never
     * answers holds a run for timeout x retries x packages.
     */
    public VerifyRun deadline(Duration limit, Clock clock) {
        this.deadline = Optional.of(limit);
        this.clock = clock;
        return this;
    }

    /**
     * Keeps the parsed histories of {@code names} that later runs fetch, for a caller that shows
     * more of them than a verdict says ({@code diff}) without fetching and parsing them again.
     */
    public void keepHistories(Set<String> names) {
        this.keep = Set.copyOf(names);
    }

    /** The histories kept so far (see {@link #keepHistories}), by name. */
    public Map<String, PackageHistory> keptHistories() {
        return Map.copyOf(kept);
    }

    /**
     * Verifies {@code graph}; {@code progress} hears how many packages each pass has done. Two
     * passes: every packument first (signals such as a young new dependency look at other
     * packages' histories), then every release.
     */
    public VerifyReport run(DependencyGraph graph, String source, String tool, Instant generatedAt,
            RunProgress progress) {
        Set<PackageKey> direct = directDependencies(graph);
        PackageOrigins origins = new PackageOrigins(registry.registries(), policy);
        SortedMap<String, List<PackageNode>> byName = new TreeMap<>();
        List<Finding> runFindings = new ArrayList<>();
        for (PackageNode n : graph.packages()) {
            if (origins.checkedAgainstRegistry(n)) {
                byName.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n);
            } else {
                // Nothing to verify against a registry: the origin finding is all there is to say.
                runFindings.addAll(checks.evaluate(n.name(), n.version(), origins.finding(n).stream().toList())
                        .findings());
            }
        }
        // Two pools: one for what blocks (cache and snapshot reads; a network source needs no
        // thread while it waits), one per core for what computes (parsing, signatures, rules).
        ExecutorService io = pool("trustlock-fetch", Math.min(concurrency, Math.max(1, byName.size())));
        ExecutorService cpu = pool("trustlock-verify", Math.min(Math.min(concurrency, CORES), Math.max(1, byName.size())));
        try {
            Optional<Instant> until = deadline.map(d -> clock.instant().plus(d));
            // First pass: every packument, and as each is parsed, the attestations and keys the
            // second pass will ask for, all in flight together; retries wait on a timer, not here.
            List<String> names = new ArrayList<>(byName.keySet());
            int total = byName.values().stream().mapToInt(List::size).sum();
            Counter fetching = new Counter(progress, RunProgress.Stage.FETCHING, total);
            List<CompletableFuture<Fetched>> pending = new ArrayList<>();
            // Packuments fetched but not yet parsed wait in memory (each may be 128 MB): as many
            // as there are requests in flight, as when each thread parsed its own.
            AsyncPermits parsing = new AsyncPermits(concurrency);
            for (String name : names) {
                pending.add(fetching.counting(fetchAhead(name, byName.get(name), io, cpu, parsing), byName.get(name).size()));
            }
            List<Fetched> answers = all(pending, until,
                    i -> new Fetched(Optional.empty(), lateReason("the packument of " + names.get(i))));
            Map<String, Fetched> fetched = new TreeMap<>();
            for (int i = 0; i < names.size(); i++) {
                fetched.put(names.get(i), answers.get(i));
            }
            runFindings.addAll(distrustContradictedTimes(graph, fetched));
            fetched.forEach((name, f) -> {
                if (keep.contains(name)) {
                    f.history().ifPresent(h -> kept.put(name, h));
                }
            });
            // Second pass: verify and judge, one thread per core; what the first pass did not
            // foresee (a deeper look back into a line's history) is fetched without a thread.
            RunContext context = context(fetched, byName);
            List<List<PackageNode>> groups = new ArrayList<>(byName.values());
            Counter checking = new Counter(progress, RunProgress.Stage.CHECKING, total);
            List<CompletableFuture<List<PackageVerdict>>> verifying = new ArrayList<>();
            for (List<PackageNode> nodes : groups) {
                verifying.add(checking.counting(CompletableFuture.supplyAsync(() -> verifyName(nodes,
                        fetched.get(nodes.get(0).name()), direct, origins, context, io, cpu), cpu)
                        .thenCompose(verdicts -> verdicts), nodes.size()));
            }
            List<PackageVerdict> verdicts = new ArrayList<>();
            all(verifying, until, i -> groups.get(i).stream()
                    .map(n -> unavailable(n, lateReason(n.name() + "@" + n.version()), origins.finding(n).stream().toList()))
                    .toList()).forEach(verdicts::addAll);
            runFindings.addAll(unsignedRegistries(graph, verdicts));
            SortedMap<String, RegistryResult.Reason> missing = new TreeMap<>();
            fetched.forEach((name, f) -> f.reason().ifPresent(r -> missing.put(name, r)));
            verdicts = foldRegistryTrouble(graph, verdicts, runFindings, missing);
            return VerifyReport.of(tool, generatedAt, source, verdicts, runFindings, graph.skipped());
        } finally {
            io.shutdownNow();
            cpu.shutdownNow();
        }
    }

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A name's packument, parsed on a computing thread, then the attestations of its locked
     * versions and of the release each would first be compared with, and its registry's keys:
     * complete once all of those have an answer.
     */
    private CompletableFuture<Fetched> fetchAhead(String name, List<PackageNode> nodes, Executor io, Executor cpu,
            AsyncPermits parsing) {
        PackageHistory known = kept.get(name);
        CompletableFuture<Fetched> parsed = known != null
                // Kept from an earlier run of this object (diff's old side): the same registry's answer.
                ? CompletableFuture.completedFuture(new Fetched(Optional.of(known), ""))
                : parsing.acquire()
                        .thenCompose(slot -> registry.packumentAsync(name, io))
                        .thenApplyAsync(result -> fetched(name, result), cpu)
                        .whenComplete((f, error) -> parsing.release());
        return parsed.thenCompose(f -> {
            if (f.history().isEmpty()) {
                return CompletableFuture.completedFuture(f);
            }
            PackageHistory history = f.history().get();
            List<CompletableFuture<?>> wanted = new ArrayList<>();
            wanted.add(ahead.prefetchKeys(registry.registryFor(name), io));
            for (PackageNode node : nodes) {
                history.release(node.version()).filter(ReleaseVerifier::advertisesAttestations).ifPresent(r ->
                        wanted.add(ahead.prefetchAttestations(name, r.version(), r.attestationsUrl(), io)));
                ReleaseVerifier.earlierCandidates(history, node.version()).stream().findFirst().ifPresent(r ->
                        wanted.add(ahead.prefetchAttestations(name, r.version(), r.attestationsUrl(), io)));
            }
            return CompletableFuture.allOf(wanted.toArray(CompletableFuture[]::new)).thenApply(done -> f);
        });
    }

    /**
     * One finding per registry that publishes no signing keys, about the project, naming how many
     * packages it left unverifiable: a mirror without keys would otherwise say the same thing once
     * per package.
     */
    private List<Finding> unsignedRegistries(DependencyGraph graph, List<PackageVerdict> verdicts) {
        SortedMap<String, List<String>> byRegistry = new TreeMap<>();
        for (PackageVerdict v : verdicts) {
            if (v.code() == ReasonCode.REGISTRY_UNSIGNED) {
                byRegistry.computeIfAbsent(RegistryUrls.display(registry.registryFor(v.name())), k -> new ArrayList<>())
                        .add(v.name() + "@" + v.version());
            }
        }
        List<Finding> out = new ArrayList<>();
        byRegistry.forEach((url, packages) -> out.addAll(aboutRegistry(graph, PipelineFindings.REGISTRY_UNSIGNED, url,
                packages, "registry " + url + " publishes no signing keys; registry signatures cannot be checked ("
                        + packages.size() + (packages.size() == 1 ? " package without provenance is" : " packages without "
                        + "provenance are") + " unverifiable); pass --npm-keys or use a"
                        + " registry that signs")));
        return out;
    }

    /**
     * One finding per registry whose packuments give publish times that contradict their versions
     * (a mirror that rewrote them): said once, since it changes how every such package was judged
     * (in version order, dated only by signed log times) and explains what would otherwise look
     * like a quiet history. A registry that does so for {@link #REWRITTEN_SHARE} of its packages
     * (at least {@link #REWRITTEN_AT_LEAST}) rewrites times: none of its times is believed, so the
     * packuments of {@code fetched} from it lose theirs too (replaced in place).
     */
    private List<Finding> distrustContradictedTimes(DependencyGraph graph, Map<String, Fetched> fetched) {
        SortedMap<String, List<String>> byRegistry = new TreeMap<>();
        Map<String, Integer> served = new TreeMap<>();
        fetched.forEach((name, f) -> f.history().ifPresent(h -> {
            String url = RegistryUrls.display(registry.registryFor(name));
            served.merge(url, 1, Integer::sum);
            h.timesContradicted().ifPresent(why -> byRegistry.computeIfAbsent(url, k -> new ArrayList<>()).add(name + " " + why));
        }));
        Set<String> rewriting = new java.util.HashSet<>();
        byRegistry.forEach((url, packages) -> {
            if (packages.size() >= REWRITTEN_AT_LEAST && packages.size() >= REWRITTEN_SHARE * served.get(url)) {
                rewriting.add(url);
            }
        });
        fetched.replaceAll((name, f) -> rewriting.contains(RegistryUrls.display(registry.registryFor(name)))
                ? new Fetched(f.history().map(PackageHistory::undated), f.failure(), f.reason()) : f);
        List<Finding> out = new ArrayList<>();
        byRegistry.forEach((url, packages) -> out.addAll(aboutRegistry(graph, PipelineFindings.REGISTRY_TIMES, Severity.WARNING,
                url, packages, "registry " + url + " gives publish times that contradict the version order of "
                        + packages.size() + " of its " + served.get(url) + " packages (" + packages.get(0)
                        + (packages.size() > 1 ? ", ..." : "") + "); "
                        + (rewriting.contains(url) ? "none of its publish times is believed" : "their times are not believed")
                        + ": releases are compared in version order, and only transparency-log times date them")));
        return out;
    }

    /**
     * How many of a registry's packuments must contradict their own times before none of its
     * times is believed: npm's contradict in none of the 375 real packuments of the calibration
     * set; a mirror that rewrote them, in 338 of 453.
     */
    static final double REWRITTEN_SHARE = 0.1;
    static final int REWRITTEN_AT_LEAST = 2;

    /** Whether {@code f} is one {@link #aboutRegistry} made: one trouble for a whole registry, not one package's. */
    public static boolean registryWide(Finding f) {
        return (f.ruleId().equals(PipelineFindings.REGISTRY_UNSIGNED) || f.ruleId().equals(PipelineFindings.REGISTRY_UNAVAILABLE))
                && f.evidence().containsKey("registry") && f.evidence().containsKey("packages");
    }

    /** A finding about the project for a registry-wide trouble, naming the registry and the packages it touched. */
    private List<Finding> aboutRegistry(DependencyGraph graph, String ruleId, String registryShown, List<String> packages,
            String message) {
        return aboutRegistry(graph, ruleId, policy.unverifiable(), registryShown, packages, message);
    }

    private List<Finding> aboutRegistry(DependencyGraph graph, String ruleId, Severity severity, String registryShown,
            List<String> packages, String message) {
        SortedMap<String, String> evidence = new TreeMap<>();
        evidence.put("registry", registryShown);
        evidence.put("packages", String.valueOf(packages.size()));
        evidence.put("first", packages.get(0));
        PackageKey root = graph.root();
        return checks.evaluate(root.name(), root.version(), List.of(new Finding(ruleId, severity, root.name(),
                root.version(), message, evidence))).findings();
    }

    /**
     * A registry-wide trouble is one finding about the project naming the registry and how many
     * packages it left unverifiable, not the same warning on every package: those packages stay
     * UNVERIFIABLE (their verdicts say why), without a registry-unavailable finding each. These
     * troubles fold so: a registry that stopped answering; one that serves no attestations at all
     * although its packuments advertise them (a mirror that copies packuments only); and a local
     * copy that lacks the packuments or the attestations of several packages (an empty cache under
     * --offline, a snapshot recorded for another lockfile or cut short), which has one remedy for
     * all of them.
     *
     * @param missing the registry's failure code for each name whose packument it did not give
     */
    private List<PackageVerdict> foldRegistryTrouble(DependencyGraph graph, List<PackageVerdict> verdicts,
            List<Finding> runFindings, Map<String, RegistryResult.Reason> missing) {
        SortedMap<String, String> outages = registry.outages();
        // A mirror "serves no attestations" when none of its packages' attestations verified and
        // at least two advertised ones were missing: one missing bundle is that package's trouble.
        // The same two-package bar holds for packuments missing from a local copy.
        Set<String> attesting = new java.util.HashSet<>();
        Map<String, Integer> notServed = new java.util.HashMap<>();
        Map<String, Integer> notCopied = new java.util.HashMap<>();
        for (PackageVerdict v : verdicts) {
            String origin = RegistryUrls.origin(registry.registryFor(v.name()));
            if (!v.evidence().weakerThan(EvidenceLevel.PROVENANCE)) {
                attesting.add(origin);
            }
            if (v.code() == ReasonCode.ATTESTATIONS_NOT_SERVED) {
                notServed.merge(origin, 1, Integer::sum);
            }
            localMiss(v, missing).ifPresent(gap -> notCopied.merge(gap.key(origin), 1, Integer::sum));
        }
        // Keyed by origin, then the trouble's text: one origin may have two troubles at once.
        SortedMap<String, SortedMap<String, List<String>>> byOrigin = new TreeMap<>();
        List<PackageVerdict> out = new ArrayList<>();
        for (PackageVerdict v : verdicts) {
            String origin = RegistryUrls.origin(registry.registryFor(v.name()));
            Optional<LocalGap> local = localMiss(v, missing);
            Optional<String> trouble = !v.code().registryGaveNothing() ? Optional.empty()
                    : outages.containsKey(origin) ? Optional.of(outages.get(origin))
                    : v.code() == ReasonCode.ATTESTATIONS_NOT_SERVED && !attesting.contains(origin)
                            && notServed.getOrDefault(origin, 0) >= 2
                    ? Optional.of("registry " + origin + " serves no attestations although its packuments advertise them;"
                            + " provenance cannot be checked: use a registry that serves /-/npm/v1/attestations, or"
                            + " verify from a snapshot (trustlock fetch) taken where it does")
                    : local.isPresent() && notCopied.getOrDefault(local.get().key(origin), 0) >= 2
                    ? Optional.of(local.get().trouble(origin))
                    : Optional.empty();
            if (trouble.isEmpty()) {
                out.add(v);
                continue;
            }
            byOrigin.computeIfAbsent(origin, k -> new TreeMap<>())
                    .computeIfAbsent(trouble.get(), k -> new ArrayList<>()).add(v.name() + "@" + v.version());
            // The package's own "could not verify" findings say what the run-level one says.
            List<Finding> kept = v.findings().stream()
                    .filter(f -> !f.ruleId().equals(PipelineFindings.REGISTRY_UNAVAILABLE)
                            && !f.ruleId().equals(VerificationUnverifiableRule.ID)).toList();
            out.add(v.withFindings(kept));
        }
        byOrigin.forEach((origin, troubles) -> troubles.forEach((why, packages) -> runFindings.addAll(aboutRegistry(graph,
                PipelineFindings.REGISTRY_UNAVAILABLE, origin, packages, why + "; " + packages.size()
                        + (packages.size() == 1 ? " package is" : " packages are") + " unverifiable"))));
        return out;
    }

    /**
     * What a local copy (the cache under --offline, a snapshot) lacked for {@code v}, if its
     * verdict is that gap: the packument, else the release's attestations.
     */
    private Optional<LocalGap> localMiss(PackageVerdict v, Map<String, RegistryResult.Reason> missing) {
        if (v.code() != ReasonCode.REGISTRY_UNAVAILABLE) {
            return Optional.empty();
        }
        RegistryResult.Reason packument = missing.get(v.name());
        if (packument != null) {
            return LocalGap.of(packument, "packuments");
        }
        return ahead.attestationsFailure(v.name(), v.version()).flatMap(reason -> LocalGap.of(reason, "attestations"));
    }

    /** A document kind ("packuments", "attestations") a local copy lacked, and which copy it was. */
    private record LocalGap(RegistryResult.Reason reason, String documents) {
        static Optional<LocalGap> of(RegistryResult.Reason reason, String documents) {
            return reason == RegistryResult.Reason.OFFLINE_MISS || reason == RegistryResult.Reason.SNAPSHOT_MISS
                    ? Optional.of(new LocalGap(reason, documents)) : Optional.empty();
        }

        String key(String origin) {
            return origin + " " + reason + " " + documents;
        }

        String trouble(String origin) {
            return reason == RegistryResult.Reason.OFFLINE_MISS
                    ? "offline, and the cache lacks " + documents + " from " + origin + " (run once without --offline"
                            + " to fill it; in CI, restore the --cache-dir a cache step saved)"
                    : "the snapshot lacks " + documents + " from " + origin + (documents.equals("packuments")
                            ? " (was it recorded for another lockfile? record this one with trustlock fetch)"
                            : " (was it recorded by hand or cut short? record it again with trustlock fetch)");
        }
    }

    private String lateReason(String what) {
        return "the run's deadline of " + Deadlines.shown(deadline) + " passed before " + what + " was verified";
    }

    /**
     * A pass's progress: packages counted as their futures complete, in whatever order they do
     * (a slow first name must not hold the count back), starting from zero so that a progress
     * line can say which pass is waiting even before anything is done.
     */
    private static final class Counter {
        private final RunProgress progress;
        private final RunProgress.Stage stage;
        private final int total;
        private final AtomicInteger done = new AtomicInteger();

        Counter(RunProgress progress, RunProgress.Stage stage, int total) {
            this.progress = progress;
            this.stage = stage;
            this.total = total;
            progress.update(stage, 0, total);
        }

        /** {@code future} itself (cancelling it still works), counted as {@code packages} when it completes. */
        <T> CompletableFuture<T> counting(CompletableFuture<T> future, int packages) {
            future.whenComplete((value, error) -> progress.update(stage, done.addAndGet(packages), total));
            return future;
        }
    }

    /**
     * Awaits every future and returns their results in order. One not done by {@code until} is
     * cancelled and stands as {@code late} gives it.
     */
    private <T> List<T> all(List<? extends Future<T>> futures, Optional<Instant> until, IntFunction<T> late) {
        List<T> out = new ArrayList<>();
        try {
            for (int i = 0; i < futures.size(); i++) {
                int index = i;
                out.add(Deadlines.await(futures.get(i), until, clock).orElseGet(() -> late.apply(index)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("verification failed: " + e.getCause(), e.getCause());
        }
        return out;
    }

    /**
     * A name's packument as a history, or why there is none; {@code reason} is the registry's
     * failure code when the registry (or the cache or snapshot standing in for it) gave nothing.
     */
    private record Fetched(Optional<PackageHistory> history, String failure, Optional<RegistryResult.Reason> reason) {
        Fetched(Optional<PackageHistory> history, String failure) {
            this(history, failure, Optional.empty());
        }
    }

    /** The lockfile's packages as the rules may see them beyond the one they check. */
    private RunContext context(Map<String, Fetched> fetched, Map<String, List<PackageNode>> byName) {
        Map<String, PackageHistory> histories = new TreeMap<>();
        Map<String, List<String>> locked = new TreeMap<>();
        fetched.forEach((name, f) -> f.history().ifPresent(h -> histories.put(name, h)));
        byName.forEach((name, nodes) -> locked.put(name, nodes.stream().map(PackageNode::version).toList()));
        return new RunContext(at, histories, locked);
    }

    /** Targets of edges leaving the root or a workspace: the project's own dependencies. */
    static Set<PackageKey> directDependencies(DependencyGraph graph) {
        Set<PackageKey> starts = new HashSet<>();
        starts.add(graph.root());
        graph.workspaces().forEach(w -> starts.add(w.key()));
        Set<PackageKey> direct = new HashSet<>();
        for (Edge e : graph.edges()) {
            if (starts.contains(e.from())) {
                direct.add(e.to());
            }
        }
        return direct;
    }

    /** The package name most recently taken up, for a progress line; "" before the first. */
    public String current() {
        return current;
    }

    /** What the registry's answer for a name makes: its parsed history, or why there is none. */
    private Fetched fetched(String name, RegistryResult result) {
        current = name;
        if (result instanceof RegistryResult.Found found) {
            PackageHistory history;
            try {
                history = PackageHistory.fromPackument(JsonTrees.parseRegistryDocument(found.body()));
            } catch (IOException | IllegalArgumentException e) {
                return new Fetched(Optional.empty(), "the packument of " + name + " is not usable: "
                        + ParserMessages.clean(e.getMessage()));
            }
            if (!history.name().equals(name)) {
                // A registry (or a mirror in front of it) answering with another package's history.
                return new Fetched(Optional.empty(), "the registry answered for " + name + " with the packument of "
                        + ParserMessages.clean(history.name()));
            }
            return new Fetched(Optional.of(history), "");
        }
        if (result instanceof RegistryResult.Failed failed) {
            return new Fetched(Optional.empty(), "packument of " + name + ": "
                    + failed.reason().name().toLowerCase(Locale.ROOT) + ": " + failed.detail(), Optional.of(failed.reason()));
        }
        return new Fetched(Optional.empty(), "the registry has no package " + name);
    }

    /** A name's locked versions judged; what must wait for the network waits without a thread. */
    private CompletableFuture<List<PackageVerdict>> verifyName(List<PackageNode> nodes, Fetched fetched,
            Set<PackageKey> direct, PackageOrigins origins, RunContext context, Executor io, Executor cpu) {
        current = nodes.get(0).name();
        List<CompletableFuture<PackageVerdict>> out = new ArrayList<>();
        for (PackageNode node : nodes) {
            List<Finding> pipeline = new ArrayList<>(origins.finding(node).stream().toList());
            out.add(fetched.history().isEmpty()
                    ? CompletableFuture.completedFuture(unavailable(node, fetched.failure(), pipeline))
                    : verifyVersion(node, fetched.history().get(), direct.contains(node.key()), pipeline, context,
                            io, cpu));
        }
        return CompletableFuture.allOf(out.toArray(CompletableFuture[]::new))
                .thenApply(done -> out.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PackageVerdict> verifyVersion(PackageNode node, PackageHistory history, boolean direct,
            List<Finding> pipeline, RunContext context, Executor io, Executor cpu) {
        Optional<ReleaseRecord> release = history.release(node.version());
        if (release.isEmpty()) {
            VerificationResult missing = VerificationResult.of(ReasonCode.VERSION_NOT_IN_REGISTRY,
                    node.name() + "@" + node.version());
            List<Finding> raw = new ArrayList<>(pipeline);
            raw.addAll(checks.rules(CheckTarget.of(node.version(), history, Optional.empty(), direct, Map.of(), context)));
            return CompletableFuture.completedFuture(verdict(node, missing, EvidenceLevel.NONE,
                    checks.evaluate(node.name(), node.version(), raw), Optional.empty()));
        }
        Optional<String> integrity = integrityToCheck(node, release.get(), pipeline);
        if (integrity.isEmpty()) {
            VerificationResult unusable = VerificationResult.of(ReasonCode.INTEGRITY_UNUSABLE,
                    "neither the lockfile nor the registry records one");
            return CompletableFuture.completedFuture(verdict(node, unusable, EvidenceLevel.NONE,
                    checks.evaluate(node.name(), node.version(), pipeline), release));
        }
        ReleaseCheck check = releases.check(node.name(), release.get(), integrity.get());
        return earlier(node.name(), history, release.get(), check, io, cpu).thenApply(earlier -> {
            CheckTarget target = CheckTarget.of(node.version(), history, Optional.of(check), direct, earlier, context);
            List<Finding> raw = new ArrayList<>(pipeline);
            raw.addAll(checks.rules(target));
            EvidenceLevel evidence = target.release().map(ReleaseRecord::evidence).orElse(EvidenceLevel.NONE);
            return verdict(node, check.overall(), evidence, checks.evaluate(node.name(), node.version(), raw), release);
        });
    }

    /**
     * The earlier releases of the line worth verifying to judge this one: with verified
     * provenance, until one shows the same build identity (the line's habit, for the identity
     * rules); without it, until one shows verified provenance (so that a downgrade is claimed
     * against provenance that really verified, not against what a packument advertises). The
     * first was fetched ahead; a deeper look back fetches without holding a thread.
     */
    private CompletableFuture<Map<String, VerificationResult>> earlier(String name, PackageHistory history,
            ReleaseRecord release, ReleaseCheck check, Executor io, Executor cpu) {
        Function<ReleaseRecord, CompletableFuture<?>> fetch = r -> ahead.prefetchAttestations(name, r.version(),
                r.attestationsUrl(), io);
        Optional<PublishIdentity> identity = check.provenanceVerified() ? check.attestations().identity() : Optional.empty();
        if (identity.isPresent()) {
            BuildIdentity now = BuildIdentity.of(identity.get());
            return releases.earlier(name, history, release.version(), r -> r.verified() && r.identity()
                    .map(BuildIdentity::of).map(now::sameBuild)
                    .orElse(false), fetch, cpu);
        }
        boolean claimedBefore = history.earlierInLine(release.version()).stream()
                .anyMatch(r -> !r.advertised().weakerThan(EvidenceLevel.PROVENANCE));
        return claimedBefore ? releases.earlier(name, history, release.version(), VerificationResult::verified, fetch, cpu)
                : CompletableFuture.completedFuture(Map.of());
    }

    /**
     * The integrity the attestations must name: the lockfile's (what gets installed), else the
     * registry's. A lockfile integrity that contradicts the registry's is an error finding; one
     * that records only a sha1 matching the registry's names the same tarball, so the registry's
     * sha512 (which its signature covers) stands in for it.
     */
    private static Optional<String> integrityToCheck(PackageNode node, ReleaseRecord release, List<Finding> findings) {
        Optional<String> registryIntegrity = release.integrity();
        if (node.integrity().isEmpty() || registryIntegrity.isEmpty()) {
            return node.integrity().or(() -> registryIntegrity);
        }
        String lock = node.integrity().get();
        Optional<Boolean> same = IntegrityLink.sameTarball(lock, registryIntegrity.get(), release.shasum());
        if (same.isPresent() && !same.get()) {
            TreeMap<String, String> ev = new TreeMap<>();
            ev.put("lockfile", lock);
            ev.put("registry", registryIntegrity.get());
            findings.add(new Finding(PipelineFindings.INTEGRITY_MISMATCH, Severity.ERROR, node.name(), node.version(),
                    "the lockfile's integrity differs from the registry's for the same version", ev));
        } else if (same.isPresent() && IntegrityLink.sha512s(lock).isEmpty()) {
            return registryIntegrity;
        }
        return Optional.of(lock);
    }

    private PackageVerdict unavailable(PackageNode node, String detail, List<Finding> pipeline) {
        VerificationResult result = VerificationResult.of(ReasonCode.REGISTRY_UNAVAILABLE, detail);
        TreeMap<String, String> ev = new TreeMap<>();
        ev.put("code", result.code().name());
        ev.put("detail", detail);
        List<Finding> raw = new ArrayList<>(pipeline);
        raw.add(new Finding(PipelineFindings.REGISTRY_UNAVAILABLE, policy.unverifiable(), node.name(), node.version(),
                "could not verify: " + detail, ev));
        return verdict(node, result, EvidenceLevel.NONE, checks.evaluate(node.name(), node.version(), raw),
                Optional.empty());
    }

    /** @param release the version as the registry records it, for its publisher and approver, if it lists it */
    private static PackageVerdict verdict(PackageNode node, VerificationResult r, EvidenceLevel evidence,
            Evaluation evaluation, Optional<ReleaseRecord> release) {
        Optional<String> publisher = release.flatMap(ReleaseRecord::publisherName)
                .map(n -> n + release.get().publisherEmail().map(e -> " <" + e + ">").orElse(""));
        return new PackageVerdict(node.name(), node.version(), Purls.of(node), node.integrity(), r.code(), r.reason(),
                r.identity(), evidence, evaluation.findings(), publisher, release.flatMap(ReleaseRecord::approver),
                evaluation.suppressed());
    }
}
