package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.ReleaseAge;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.verify.RunProgress;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * How a pass over a project's packages behaves in time and on stderr: its deadline, its progress,
 * and quiet. Shared by every command that runs the verification pipeline against a registry
 * (verify, diff, fetch, policy init) and by explain, so a slow or silent registry looks the
 * same from each.
 */
final class RunOptions {

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "10m",
            description = "Give up on what is left after this long (90s, 10m, 1h or PT1M30S; default: ${DEFAULT-VALUE}): "
                    + "what is not done by then is UNVERIFIABLE (exit 3).")
    String deadline;

    @Option(names = "--progress", description = "Print a progress line now and then on stderr (for CI logs).")
    boolean showProgress;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary on stderr; errors still show.")
    boolean quiet;

    /** --deadline checked, so that a bad one is a usage error before any work. */
    Duration deadline() {
        // Seconds, then the same forms as the policy's minimumReleaseAge (minutes, 10m, 1h, PT30S).
        String text = deadline.trim().toLowerCase(java.util.Locale.ROOT);
        Optional<Duration> parsed = text.matches("[0-9]{1,9}s") ? Optional.of(Duration.ofSeconds(
                Long.parseLong(text.substring(0, text.length() - 1)))) : ReleaseAge.parse(deadline);
        return parsed.filter(d -> !d.isZero()).orElseThrow(() -> new UserError(
                "--deadline must be a duration such as 90s, 10m, 1h or PT1M30S, not '" + deadline + "'"));
    }

    /** {@code run} ending by the deadline. */
    VerifyRun bounded(VerifyRun run) {
        return run.deadline(deadline(), Clock.systemUTC());
    }

    /**
     * Does {@code work} with progress on stderr (a live line when stderr is a terminal, plain
     * lines with --progress) and takes the progress away before anything else is written.
     */
    <T> T watched(PrintWriter err, RegistrySource registry, VerifyRun run, int packages, Function<RunProgress, T> work) {
        return watched(err, registry, run::current, packages, "packages", work);
    }

    /** As above, the checking pass counting {@code checkedUnit} (packages, releases), {@code current} at work. */
    <T> T watched(PrintWriter err, RegistrySource registry, Supplier<String> current, int items, String checkedUnit,
            Function<RunProgress, T> work) {
        ProgressReport.Mode mode = ProgressReport.mode(quiet, showProgress, ProgressReport.stderrIsTerminal(), items);
        ProgressReport progress = new ProgressReport(err, mode, Clock.systemUTC(),
                () -> ProgressReport.detail(registry.transfers().wireBytes(), current.get()), checkedUnit).start();
        try {
            return work.apply(progress);
        } finally {
            progress.done();
        }
    }

    /**
     * Verifies {@code graph} with {@code run} as every command that verifies a lockfile does:
     * with progress, then one stderr line per registry-wide trouble.
     */
    VerifyReport verify(PrintWriter err, RegistrySource registry, VerifyRun run, DependencyGraph graph, String source,
            Instant now) {
        VerifyReport report = watched(err, registry, run, graph.packages().size(), progress ->
                run.run(graph, source, "trustlock " + VersionProvider.version(), now, progress));
        registryTrouble(err, registry, report.findings());
        return report;
    }

    /**
     * One line per registry-wide trouble, even with --quiet, since it explains every UNVERIFIABLE
     * of the report: a registry given up, and what the report says once for a whole registry (no
     * signing keys, no attestations served), which a report written to a file would keep from view.
     */
    static void registryTrouble(PrintWriter err, RegistrySource registry, List<Finding> findings) {
        List<String> lines = new ArrayList<>(registry.outages().values());
        for (Finding f : findings) {
            // A registry given up is already a line; its finding repeats that line and adds the count.
            if (VerifyRun.registryWide(f) && lines.stream().noneMatch(f.message()::startsWith)) {
                lines.add(f.message());
            }
        }
        lines.forEach(line -> err.println("trustlock: " + PlainText.oneLine(line)));
    }
}
