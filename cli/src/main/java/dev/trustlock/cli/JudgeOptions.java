package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.PolicyFile;
import dev.trustlock.core.policy.ReleaseAge;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.VerifyRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a project's packages are judged, shared by {@code verify} and {@code diff} so that the two
 * judge alike: the policy, the registry (or a snapshot), the trust material, the moment release
 * ages are measured at, the deadline, progress and the gate.
 */
final class JudgeOptions {

    enum FailOn {
        error(Gate.ERROR), warning(Gate.WARNING), never(Gate.NEVER);

        private final Gate gate;

        FailOn(Gate gate) {
            this.gate = gate;
        }

        Gate gate() {
            return gate;
        }
    }

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy file (default: trustlock.yaml or .trustlock.yaml in the project directory, if there).")
    Path policyFile;

    @Option(names = "--no-policy", description = "Ignore the project's trustlock.yaml: judge by history alone.")
    boolean noPolicy;

    @Option(names = "--snapshot", paramLabel = "DIR",
            description = "Verify against a registry snapshot written by `trustlock fetch` instead of the network.")
    Path snapshot;

    @Option(names = "--at", paramLabel = "TIME",
            description = {"Judge release ages (release-age, minimumReleaseAge) at this time: an instant such as "
                    + "2026-03-31T03:00:00Z, or a date (midnight UTC). Default: the snapshot's recorded time with "
                    + "--snapshot, else now."})
    String at;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "10m",
            description = "Give up on what is left after this long (30s as PT30S, 10m, 1h; default: ${DEFAULT-VALUE}): "
                    + "packages not verified by then are UNVERIFIABLE (exit 3).")
    String deadline;

    @Option(names = "--progress", description = "Print a progress line now and then on stderr (for CI logs).")
    boolean showProgress;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary on stderr; errors still show.")
    boolean quiet;

    @Option(names = "--fail-on", defaultValue = "error", paramLabel = "error|warning|never",
            description = "Lowest finding severity that fails the run (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Mixin
    TrustOptions trustOptions;

    @Mixin
    RegistryOptions registryOptions;

    /** A run ready to judge the project in {@code projectDir}, and what it judges with. */
    record Judging(RegistrySource registry, VerifyRun run, Instant now) {
    }

    /** Checks the options, reads the policy and trust material, and sets up the registry and the run. */
    Judging prepare(Path projectDir, PrintWriter err) throws LockfileException {
        if (snapshot != null && (registryOptions.registry != null || registryOptions.offline)) {
            throw new UserError("--snapshot answers every request itself; it cannot be combined with --registry or --offline");
        }
        if (noPolicy && policyFile != null) {
            throw new UserError("--policy and --no-policy contradict each other; give one");
        }
        // The same duration forms as the policy's minimumReleaseAge (minutes, 10m, 1h, PT30S).
        Duration limit = ReleaseAge.parse(deadline).filter(d -> !d.isZero()).orElseThrow(() -> new UserError(
                "--deadline must be a duration such as 10m, 1h or PT30S, not '" + deadline + "'"));
        Optional<Path> policyPath = noPolicy ? Optional.empty()
                : Optional.ofNullable(policyFile).or(() -> discoverPolicy(projectDir));
        if (policyFile == null && policyPath.isPresent() && !quiet) {
            err.println("trustlock: using policy " + policyPath.get() + " (--no-policy ignores it)");
        }
        Policy policy = policyPath.isEmpty() ? Policy.EMPTY : PolicyFile.read(policyPath.get());
        TrustMaterial trust = trustOptions.load();
        Optional<Instant> judgedAt = at == null ? Optional.empty() : Optional.of(JudgedAt.parse(at));
        RegistrySource registry;
        if (snapshot != null) {
            SnapshotRegistry recorded = RegistryOptions.snapshot(snapshot);
            judgedAt = judgedAt.or(() -> Optional.of(recorded.created()));
            registry = recorded;
        } else {
            registry = registryOptions.client(projectDir);
        }
        Instant now = Timestamps.fromEnvironment().orElseGet(Instant::now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        VerifyRun run = new VerifyRun(registry, trust, policy, today, judgedAt.orElseGet(Instant::now),
                registryOptions.concurrency(), registryOptions.verifiedCache(snapshot != null))
                .deadline(limit, Clock.systemUTC());
        return new Judging(registry, run, now);
    }

    /** Progress on stderr, started: a live line when stderr is a terminal, plain lines with --progress. */
    ProgressReport progress(PrintWriter err, Judging j, DependencyGraph graph) {
        ProgressReport.Mode mode = ProgressReport.mode(quiet, showProgress, ProgressReport.stderrIsTerminal(),
                graph.packages().size());
        return new ProgressReport(err, mode, Clock.systemUTC(),
                () -> ProgressReport.detail(j.registry().transfers().wireBytes(), j.run().current())).start();
    }

    /**
     * One line per registry-wide trouble, even with --quiet, since it explains every UNVERIFIABLE
     * of the report: a registry given up, and what the report says once for a whole registry (no
     * signing keys, no attestations served), which a report written to a file would keep from view.
     */
    static void registryTrouble(PrintWriter err, Judging j, List<Finding> findings) {
        List<String> lines = new ArrayList<>(j.registry().outages().values());
        for (Finding f : findings) {
            // A registry given up is already a line; its finding repeats that line and adds the count.
            if (VerifyRun.registryWide(f) && lines.stream().noneMatch(f.message()::startsWith)) {
                lines.add(f.message());
            }
        }
        lines.forEach(line -> err.println("trustlock: " + line));
    }

    /** The project's own policy, as {@code policy init} writes it: trustlock.yaml, else .trustlock.yaml. */
    static Optional<Path> discoverPolicy(Path projectDir) {
        for (String name : new String[] {"trustlock.yaml", ".trustlock.yaml"}) {
            Path p = projectDir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
