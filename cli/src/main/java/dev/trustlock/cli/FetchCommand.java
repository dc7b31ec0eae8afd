package dev.trustlock.cli;

import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.NpmrcConfig;
import dev.trustlock.core.registry.SnapshotRecorder;
import dev.trustlock.core.registry.SnapshotWriter;
import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trustlock fetch}: records every registry answer a verify of PATH needs into a snapshot
 * directory, so that an auditor can re-run the verification later without network. It asks
 * exactly what verify asks (it runs the same pipeline through a recorder), so a snapshot is
 * never missing a document verify will want.
 */
@Command(name = "fetch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Record what verifying a lockfile needs into a registry snapshot.",
            "",
            "Writes the registry documents verify asks for (packuments, attestations,",
            "keys) into a snapshot directory, for `trustlock verify --snapshot DIR`.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  trustlock fetch -o audit-snapshot/",
            "  trustlock fetch --progress --deadline 20m -o audit-snapshot/   # in CI",
            "  trustlock verify --snapshot audit-snapshot/ --format json",
            "",
            "Exit codes:",
            "  0  every document recorded",
            "  2  usage or input error (DIR not empty, unreadable lockfile)",
            "  3  some documents could not be fetched (or --deadline passed); the snapshot",
            "     lacks them",
            "",
            "The snapshot records the registry, not the trust: it is evidence, never a",
            "trust anchor. With --trusted-root and --npm-keys, a copy of the material",
            "used is kept in DIR/trust/ for the record; verify uses it only when named."})
public final class FetchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", defaultValue = ".",
            description = "Project directory, lockfile, or CycloneDX JSON SBOM (default: current directory).")
    Path path;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Snapshot directory to create (must not exist or be empty).")
    Path output;

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
        Duration limit = runOptions.deadline(); // a bad one is a usage error before any work
        if (Files.isDirectory(output)) {
            try (var entries = Files.list(output)) {
                if (entries.findAny().isPresent()) {
                    throw new UserError(output + " is not empty; a snapshot goes into a new or empty directory");
                }
            }
        } else if (Files.exists(output)) {
            throw new UserError(output + " exists and is not a directory");
        }
        VerifyCommand.Input input = VerifyCommand.readInput(path, err);
        NpmrcConfig config = registryOptions.config(input.projectDir());
        SnapshotWriter writer = SnapshotWriter.create(output, config.registry(), config.scopeRegistries());
        SnapshotRecorder recorder = new SnapshotRecorder(registryOptions.client(config), writer);
        TrustMaterial trust = trustOptions.load();
        Instant now = Timestamps.fromEnvironment().orElseGet(Instant::now);
        Instant until = Instant.now().plus(limit);
        VerifyRun run = runOptions.bounded(new VerifyRun(recorder, trust, Policy.EMPTY,
                LocalDate.ofInstant(now, ZoneOffset.UTC), registryOptions.concurrency()));
        VerifyReport report = runOptions.verify(err, recorder, run, input.graph(), path.toString(), now);
        recordKeys(recorder, config.registry(), until);
        copyTrust(output.resolve("trust"));
        writer.finish(SnapshotWriter.creationTime(System.getenv(), Clock.systemUTC()));
        List<PackageVerdict> missing = report.packages().stream()
                .filter(p -> p.code().registryGaveNothing()).toList();
        if (!runOptions.quiet) {
            err.println("trustlock: recorded " + (report.packages().size() - missing.size()) + " of "
                    + report.packages().size() + " packages into " + output);
        }
        if (!missing.isEmpty()) {
            PackageVerdict first = missing.get(0);
            err.println("trustlock: " + missing.size() + " could not be fetched; first: " + first.name() + "@"
                    + first.version() + ": " + PlainText.oneLine(first.reason()));
            return ExitCodes.UNVERIFIABLE;
        }
        return ExitCodes.OK;
    }

    /**
     * The registry's signing keys belong in the snapshot. The run asks for them as packuments
     * come in; when none came back, nothing did, so they are asked for here, within what is left
     * of the deadline: a registry that has stopped answering must not hold the command past it. A
     * snapshot without keys says so when verified.
     */
    private static void recordKeys(SnapshotRecorder recorder, URI registry, Instant until) throws InterruptedException {
        if (recorder.keysRecorded()) {
            return; // the run's answer is recorded; asking again would only revalidate it
        }
        CompletableFuture<?> keys = recorder.keysAsync(registry, Runnable::run);
        try {
            keys.get(Math.max(0, Duration.between(Instant.now(), until).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Cancelled, so a late answer is not written into a snapshot already finished.
            keys.cancel(true);
        }
    }

    /** Trust files given on the command line are kept with the snapshot, so an auditor can name the same ones. */
    private void copyTrust(Path dir) throws IOException {
        if (trustOptions.trustedRoot != null && trustOptions.npmKeys != null) {
            Files.createDirectories(dir);
            Files.copy(trustOptions.trustedRoot, dir.resolve("trusted_root.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(trustOptions.npmKeys, dir.resolve("keys.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

}
