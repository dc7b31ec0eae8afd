package dev.trustlock.cli;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.PolicyInit;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trustlock policy}: policy file tools; today only {@code init}. */
@Command(name = "policy",
        mixinStandardHelpOptions = true,
        description = "Write and manage the policy file, trustlock.yaml.",
        subcommands = {PolicyCommand.Init.class, CommandLine.HelpCommand.class})
public final class PolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Trust on first use: pins each package to the identity its verified provenance shows today. */
    @Command(name = "init",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Write a policy that pins each package to the identity it verifies as today.",
                "",
                "Every package whose provenance verifies is pinned to that identity",
                "(repository, workflow, ref pattern, issuer, runner; trusted publisher where",
                "it was used). Review it before committing: it trusts what published the",
                "versions seen so far. verify reads trustlock.yaml from the project",
                "directory without --policy.",
                ""},
            footer = {"", "Exit codes:", "  0  written", "  2  usage or input error (or the output file exists)",
                "  3  some packages could not be verified; they are not pinned"})
    public static final class Init implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", defaultValue = ".",
                description = "Project directory, lockfile, or CycloneDX JSON SBOM (default: current directory).")
        Path path;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "trustlock.yaml",
                description = "Policy file to write (default: ${DEFAULT-VALUE}); '-' for stdout.")
        String output;

        @Option(names = "--force", description = "Overwrite an existing policy file.")
        boolean force;

        @Option(names = "--snapshot", paramLabel = "DIR", description = "Use a registry snapshot instead of the network.")
        Path snapshot;

        @Mixin
        RegistryOptions registryOptions;

        @Mixin
        TrustOptions trustOptions;

        @Mixin
        RunOptions runOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            runOptions.deadline(); // a bad one is a usage error before any work
            Path target = "-".equals(output) ? null : Path.of(output);
            if (target != null && Files.exists(target) && !force) {
                throw new UserError(target + " exists; pass --force to replace it");
            }
            VerifyCommand.Input input = VerifyCommand.readInput(path, err);
            TrustMaterial trust = trustOptions.load();
            RegistrySource registry = snapshot != null ? RegistryOptions.snapshot(snapshot)
                    : registryOptions.client(input.projectDir());
            Instant now = Timestamps.fromEnvironment().orElseGet(Instant::now);
            VerifyRun run = runOptions.bounded(new VerifyRun(registry, trust, Policy.EMPTY,
                    LocalDate.ofInstant(now, ZoneOffset.UTC), registryOptions.concurrency()));
            VerifyReport report = runOptions.verify(err, registry, run, input.graph(), path.toString(), now);
            List<PolicyInit.Pin> pins = new ArrayList<>();
            for (PackageVerdict p : report.packages()) {
                if (p.status() == VerificationStatus.VERIFIED && p.identity().isPresent()) {
                    pins.add(new PolicyInit.Pin(p.name(), p.identity().get(),
                            p.evidence() == EvidenceLevel.TRUSTED_PUBLISHER));
                }
            }
            String yaml = PolicyInit.yaml(pins);
            CommandOutput.write(spec, target, yaml);
            long unverifiable = report.packages().stream()
                    .filter(p -> p.status() == VerificationStatus.UNVERIFIABLE).count();
            // With --quiet the line still explains an exit 3.
            if (!runOptions.quiet || unverifiable > 0) {
                err.println("trustlock: pinned " + pins.stream().map(PolicyInit.Pin::name).distinct().count()
                        + " packages with verified provenance of " + report.packages().size()
                        + (target == null ? "" : " into " + target)
                        + (unverifiable > 0 ? "; " + unverifiable + " could not be verified and are not pinned" : ""));
            }
            return unverifiable > 0 ? ExitCodes.UNVERIFIABLE : ExitCodes.OK;
        }
    }
}
