package dev.trustlock.core.verify;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseLine;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.io.JsonTrees;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.trust.TrustMaterial;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A package's trust history, one row per release in publish order, each release verified as
 * verify would (its attestations and registry signature): who published it, through trusted
 * publishing or not, the build its verified provenance certifies, what it runs at install, the
 * dependencies it added, and where trust dropped: the first release of a line with weaker
 * verified evidence than the release before it in that line. Signed data decides: a release
 * that could not be checked shows as such and is never where trust "dropped" (nor kept).
 *
 * @param name  the package
 * @param rows  publish order (then version order for releases without a time)
 * @param focus the version asked about, when one was
 * @param late  releases left unchecked because the deadline passed (their rows say so)
 */
public record TrustTimeline(String name, List<Row> rows, Optional<String> focus, int late) {

    /**
     * One release.
     *
     * @param advertised      the evidence the registry metadata claims: describes only
     * @param evidence        verified evidence (NONE when nothing verified)
     * @param status          the release's verdict, as verify gives it
     * @param reason          why, in a sentence
     * @param identity        the build its provenance certifies, only when that verified
     * @param newDependencies dependencies the previous release of its line did not have (name to range)
     * @param trustDropped    when trust dropped here, what it dropped from
     */
    public record Row(String version, Optional<Instant> publishedAt, SortedSet<String> distTags, Optional<String> publisher,
            Optional<String> trustedPublisher, EvidenceLevel advertised, EvidenceLevel evidence, VerificationStatus status, String reason,
            Optional<PublishIdentity> identity, SortedMap<String, String> installVectors,
            SortedMap<String, String> newDependencies, Optional<String> trustDropped) {
    }

    /** What checking one release established. */
    private record Checked(EvidenceLevel evidence, VerificationStatus status, String reason,
            Optional<PublishIdentity> identity) {

        static Checked of(ReleaseCheck check, ReleaseRecord r) {
            VerificationResult overall = check.overall();
            return new Checked(EvidenceLevel.effective(check, r.trustedPublisher()), overall.status(), overall.reason(),
                    check.provenanceVerified() ? check.attestations().identity() : Optional.empty());
        }
    }

    /** The packument could not be had: no such package, or the registry failed. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param spec NAME or NAME@VERSION: with a version, the releases of its line up to it
     */
    public static TrustTimeline build(RegistrySource registry, TrustMaterial trust, String spec, int concurrency)
            throws Unavailable {
        return build(registry, trust, spec, concurrency, Optional.empty(), RunProgress.NONE);
    }

    /**
     * As {@link #build(RegistrySource, TrustMaterial, String, int)}, ending by {@code deadline}: a
     * packument not had by then makes the package unavailable, and a release not checked by then
     * shows as unverifiable, saying so. {@code progress} hears the packument (one) and then the
     * releases as each is checked.
     */
    public static TrustTimeline build(RegistrySource registry, TrustMaterial trust, String spec, int concurrency,
            Optional<Duration> deadline, RunProgress heard) throws Unavailable {
        Optional<Instant> until = deadline.map(d -> Clock.systemUTC().instant().plus(d));
        int at = spec.lastIndexOf('@');
        String name = at > 0 ? spec.substring(0, at) : spec;
        Optional<String> focus = at > 0 ? Optional.of(spec.substring(at + 1)) : Optional.empty();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "trustlock-explain");
            t.setDaemon(true);
            return t;
        });
        ClosingProgress progress = new ClosingProgress(heard);
        try {
            progress.update(RunProgress.Stage.FETCHING, 0, 1);
            RegistryResult result = awaited(registry.packumentAsync(name, pool), until)
                    .orElseThrow(() -> new Unavailable(late(deadline, "the packument of " + name + " was fetched")));
            progress.update(RunProgress.Stage.FETCHING, 1, 1);
            if (result instanceof RegistryResult.NotFound) {
                throw new Unavailable("the registry has no package " + name);
            }
            if (result instanceof RegistryResult.Failed f) {
                throw new Unavailable("the packument of " + name + " could not be fetched: " + f.detail());
            }
            PackageHistory history;
            try {
                history = PackageHistory.fromPackument(JsonTrees.parseRegistryDocument(((RegistryResult.Found) result).body()));
            } catch (IOException | IllegalArgumentException e) {
                throw new Unavailable("the packument of " + name + " is not usable: " + e.getMessage());
            }
            List<ReleaseRecord> releases = new ArrayList<>(history.releases().values());
            if (focus.isPresent()) {
                ReleaseRecord wanted = history.release(focus.get())
                        .orElseThrow(() -> new Unavailable(name + " has no version " + focus.get()));
                releases = lineUpTo(history, wanted);
            }
            releases.sort(PUBLISH_ORDER);
            Checked late = new Checked(EvidenceLevel.NONE, VerificationStatus.UNVERIFIABLE,
                    late(deadline, "it was verified"), Optional.empty());
            Map<String, Checked> checked = verifyAll(new ReleaseVerifier(registry, trust), name, releases, pool, until,
                    late, progress);
            int unfinished = (int) checked.values().stream().filter(c -> c == late).count();
            return new TrustTimeline(name, rows(releases, checked, "the registry records no integrity for it"), focus,
                    unfinished);
        } finally {
            // Closed first: a check interrupted below ends by counting itself, which must not
            // redraw a progress line after the caller has printed its timeline.
            progress.close();
            pool.shutdownNow();
        }
    }

    /** Progress passed on until {@link #close()}, and never after it returns. */
    private static final class ClosingProgress implements RunProgress {
        private final RunProgress to;
        private boolean closed;

        ClosingProgress(RunProgress to) {
            this.to = to;
        }

        @Override
        public synchronized void update(Stage stage, int done, int total) {
            if (!closed) {
                to.update(stage, done, total);
            }
        }

        synchronized void close() {
            closed = true;
        }
    }

    private static String late(Optional<Duration> deadline, String what) {
        return "the deadline of " + Deadlines.shown(deadline) + " passed before " + what;
    }

    /** The future's value, or empty when {@code until} passed first (or the wait was interrupted). */
    private static <T> Optional<T> awaited(Future<T> future, Optional<Instant> until) {
        try {
            return Deadlines.await(future, until, Clock.systemUTC());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The timeline of a version a verify run judged, without verifying anything more: the
     * releases of its line up to it (the last {@code limit}), from the history the run parsed. Only
     * the judged version carries verified evidence; the others show what the registry advertises,
     * as not checked, and so mark no drop: the run's findings say whether trust dropped.
     */
    public static TrustTimeline ofVerdict(PackageHistory history, PackageVerdict verdict, int limit) {
        List<ReleaseRecord> releases = history.release(verdict.version()).map(wanted -> lineUpTo(history, wanted))
                .orElseGet(ArrayList::new);
        releases.sort(PUBLISH_ORDER);
        if (releases.size() > limit) {
            releases = new ArrayList<>(releases.subList(releases.size() - limit, releases.size()));
        }
        Map<String, Checked> checked = Map.of(verdict.version(), new Checked(verdict.evidence(), verdict.status(),
                verdict.reason(), verdict.identity()));
        return new TrustTimeline(verdict.name(), rows(releases, checked, "not checked in this run"),
                Optional.of(verdict.version()), 0);
    }

    /**
     * {@code wanted} and the releases of its line before it, as the history rules see "before"
     * (publish time; version precedence for undated releases, so 1.10.0 comes after 1.9.0).
     */
    private static List<ReleaseRecord> lineUpTo(PackageHistory history, ReleaseRecord wanted) {
        List<ReleaseRecord> line = new ArrayList<>(history.earlierInLine(wanted.version()));
        line.add(wanted);
        return line;
    }

    private static final Comparator<ReleaseRecord> PUBLISH_ORDER = PackageHistory.CHRONOLOGICAL;

    /**
     * Each release with an integrity checked on {@code pool}; one whose check broke, or was not
     * done by {@code until} ({@code late} says so), is unverifiable.
     */
    private static Map<String, Checked> verifyAll(ReleaseVerifier verifier, String name, List<ReleaseRecord> releases,
            ExecutorService pool, Optional<Instant> until, Checked late, RunProgress progress) {
        Map<String, Future<ReleaseCheck>> futures = new TreeMap<>();
        AtomicInteger done = new AtomicInteger();
        int total = (int) releases.stream().filter(r -> r.integrity().isPresent()).count();
        progress.update(RunProgress.Stage.CHECKING, 0, total);
        Map<String, ReleaseRecord> byVersion = new HashMap<>();
        for (ReleaseRecord r : releases) {
            if (r.integrity().isPresent()) {
                byVersion.put(r.version(), r);
                futures.put(r.version(), pool.submit(() -> {
                    try {
                        return verifier.check(name, r, r.integrity().get());
                    } finally {
                        progress.update(RunProgress.Stage.CHECKING, done.incrementAndGet(), total);
                    }
                }));
            }
        }
        Map<String, Checked> out = new HashMap<>();
        for (Map.Entry<String, Future<ReleaseCheck>> e : futures.entrySet()) {
            try {
                awaited(e.getValue(), until).ifPresentOrElse(
                        check -> out.put(e.getKey(), Checked.of(check, byVersion.get(e.getKey()))),
                        () -> out.put(e.getKey(), late));
            } catch (RuntimeException failed) {
                // Fail closed: a check that broke establishes nothing.
                Throwable why = failed.getCause() != null ? failed.getCause() : failed;
                out.put(e.getKey(), new Checked(EvidenceLevel.NONE, VerificationStatus.UNVERIFIABLE,
                        "the check failed: " + why, Optional.empty()));
            }
        }
        return out;
    }

    /** @param unchecked why a release without an entry in {@code checked} is unverifiable */
    private static List<Row> rows(List<ReleaseRecord> releases, Map<String, Checked> checked, String unchecked) {
        List<Row> rows = new ArrayList<>();
        // Per line: the last release whose evidence was established, to see a drop against.
        Map<ReleaseLine, Row> lastChecked = new HashMap<>();
        Map<ReleaseLine, ReleaseRecord> previous = new HashMap<>();
        for (ReleaseRecord r : releases) {
            Checked check = checked.getOrDefault(r.version(),
                    new Checked(EvidenceLevel.NONE, VerificationStatus.UNVERIFIABLE, unchecked, Optional.empty()));
            SortedMap<String, String> added = new TreeMap<>();
            ReleaseRecord before = previous.get(r.line());
            if (before != null) {
                r.dependencies().forEach((dep, range) -> {
                    if (!before.dependencies().containsKey(dep)) {
                        added.put(dep, range);
                    }
                });
            }
            Optional<String> dropped = Optional.empty();
            Row last = lastChecked.get(r.line());
            boolean established = check.status() != VerificationStatus.UNVERIFIABLE;
            if (established && last != null && check.evidence().weakerThan(last.evidence())) {
                dropped = Optional.of(last.evidence() == EvidenceLevel.TRUSTED_PUBLISHER
                        ? "first release of the " + r.line() + ".x line without trusted publishing, after " + last.version()
                        : check.evidence().id() + " after " + last.version() + " had " + last.evidence().id());
            }
            Row row = new Row(r.version(), r.publishedAt(), r.distTags(), publisher(r), r.trustedPublisherId(),
                    r.advertised(), check.evidence(), check.status(), check.reason(), check.identity(), r.installVectors(),
                    added, dropped);
            rows.add(row);
            if (established) {
                lastChecked.put(r.line(), row);
            }
            previous.put(r.line(), r);
        }
        return rows;
    }

    private static Optional<String> publisher(ReleaseRecord r) {
        if (r.publisherName().isEmpty() && r.publisherEmail().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(r.publisherName().orElse("?") + r.publisherEmail().map(e -> " <" + e + ">").orElse(""));
    }
}
