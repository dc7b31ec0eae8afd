package dev.trustlock.cli;

import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.PolicyFile;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.VerifyRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a project's packages are judged, shared by {@code verify} and {@code diff} so that the two
 * judge alike: the policy, the registry (or a snapshot), the trust material, the moment release
 * ages are measured at, the gate, and how the run behaves ({@link RunOptions}).
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

    @Mixin
    RunOptions runOptions;

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
        runOptions.deadline(); // a bad one is a usage error before any work
        Optional<Path> policyPath = noPolicy ? Optional.empty()
                : Optional.ofNullable(policyFile).or(() -> discoverPolicy(projectDir));
        if (policyFile == null && policyPath.isPresent() && !runOptions.quiet) {
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
        VerifyRun run = runOptions.bounded(new VerifyRun(registry, trust, policy, today, judgedAt.orElseGet(Instant::now),
                registryOptions.concurrency(), registryOptions.verifiedCache(snapshot != null)));
        return new Judging(registry, run, now);
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
