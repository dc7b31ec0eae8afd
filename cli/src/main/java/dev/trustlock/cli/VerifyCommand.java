package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.PolicyFile;
import dev.trustlock.core.policy.ReleaseAge;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.SnapshotRegistry;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.CycloneDxGraphReader;
import dev.trustlock.core.verify.SpdxGraphReader;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.VerifyReport;
import dev.trustlock.core.verify.VerifyRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trustlock verify}: the deploy gate. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Verify the npm packages of a lockfile or SBOM and judge their history.",
            "",
            "Checks every registry package of a lockfile or CycloneDX SBOM: npm",
            "provenance and registry signatures against Sigstore, then judges each",
            "release against its own certified history: the repository, workflow,",
            "ref and runner earlier releases were built by, lost provenance, new",
            "publishers, install scripts and dependencies, release age. No policy is",
            "needed; one adds expectations and exceptions. A package the registry",
            "cannot tell about is UNVERIFIABLE, never a pass.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  trustlock verify                       # the lockfile in this directory",
            "  trustlock verify --policy trustlock.yaml --format sarif -o verify.sarif",
            "  trustlock verify app/ --snapshot audit-snapshot/ --format json",
            "  trustlock verify bom.cdx.json --format cyclonedx -o bom.verified.cdx.json",
            "  trustlock verify --at 2026-03-31T03:00:00Z   # judge release ages then",
            "",
            "Every finding id, with what it means: docs/rules.md.",
            "",
            "Exit codes:",
            "  0  passed",
            "  1  policy violation: a finding at or above --fail-on",
            "  2  usage or input error",
            "  3  could not verify (registry unreachable, trust lacking); not with",
            "     --fail-on never"})
public final class VerifyCommand implements Callable<Integer> {

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

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH|SBOM", defaultValue = ".",
            description = "Project directory, lockfile, or CycloneDX JSON SBOM (default: current directory).")
    Path path;

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

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|sarif|junit|cyclonedx",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    ReportFormats.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        output = CommandOutput.isStdout(output) ? null : output;
        if (snapshot != null && (registryOptions.registry != null || registryOptions.offline)) {
            throw new UserError("--snapshot answers every request itself; it cannot be combined with --registry or --offline");
        }
        if (noPolicy && policyFile != null) {
            throw new UserError("--policy and --no-policy contradict each other; give one");
        }
        // The same duration forms as the policy's minimumReleaseAge (minutes, 10m, 1h, PT30S).
        Duration limit = ReleaseAge.parse(deadline).filter(d -> !d.isZero()).orElseThrow(() -> new UserError(
                "--deadline must be a duration such as 10m, 1h or PT30S, not '" + deadline + "'"));
        Input input = readInput(path, err);
        Optional<Path> policyPath = noPolicy ? Optional.empty()
                : Optional.ofNullable(policyFile).or(() -> discoverPolicy(input.projectDir()));
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
            registry = registryOptions.client(input.projectDir());
        }
        Instant now = Timestamps.fromEnvironment().orElseGet(Instant::now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean tty = System.console() != null;
        int names = (int) input.graph().packages().stream().map(p -> p.name()).distinct().count();
        VerifyRun run = new VerifyRun(registry, trust, policy, today, judgedAt.orElseGet(Instant::now),
                registryOptions.concurrency(), registryOptions.verifiedCache(snapshot != null))
                .deadline(limit, Clock.systemUTC());
        RegistrySource source = registry;
        ProgressReport progress = new ProgressReport(err, ProgressReport.mode(quiet, showProgress, tty && output == null,
                names), names, Clock.systemUTC(), () -> ProgressReport.detail(source.transfers().wireBytes(), run.current()));
        VerifyReport report = run.run(input.graph(), path.toString(), "trustlock " + VersionProvider.version(), now,
                progress::update);
        progress.done();
        // One line per registry given up, even with --quiet: it explains every UNVERIFIABLE below.
        registry.outages().values().forEach(line -> err.println("trustlock: " + line));
        String text = ReportFormats.render(format, report, input.file().toString(), input.graph(), input.sbom(),
                tty && output == null && colourWanted(System.getenv()), failOn.gate());
        CommandOutput.write(spec, output, text);
        if (output != null && !quiet) {
            var s = report.summary();
            err.println("trustlock: " + s.packages() + " packages, " + s.verified() + " verified, " + s.unverifiable()
                    + " unverifiable, " + s.errors() + " errors, " + s.warnings() + " warnings; report in " + output);
        }
        return exitCode(report, failOn);
    }

    /** The exit code, as {@link Gate} decides it for every output too. */
    static int exitCode(VerifyReport report, FailOn failOn) {
        return failOn.gate().exitCode(report);
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

    /** @param file the lockfile or SBOM actually read (inside PATH when PATH is a directory) */
    record Input(DependencyGraph graph, Path file, Path projectDir, Optional<byte[]> sbom) {
    }

    static Input readInput(Path path, PrintWriter err) throws LockfileException {
        Lockfiles.Located located;
        try {
            located = Lockfiles.locate(path, Optional.empty());
        } catch (LockfileException e) {
            // An SBOM need not be named *.json (bom.cdx, sbom.spdx): recognise it by content.
            Optional<LockfileFormat> sbom = Files.isRegularFile(path) ? Lockfiles.sniffSbom(path) : Optional.empty();
            if (sbom.isEmpty()) {
                throw e;
            }
            located = new Lockfiles.Located(path, sbom.get(), java.util.List.of());
        }
        Path dir = Optional.ofNullable(located.file().toAbsolutePath().getParent()).orElse(Path.of("."));
        if (located.format().isSbom()) {
            boolean cycloneDx = located.format() == LockfileFormat.CYCLONEDX;
            DependencyGraph g = cycloneDx ? new CycloneDxGraphReader().read(located.file())
                    : new SpdxGraphReader().read(located.file());
            if (!g.skipped().isEmpty()) {
                err.println("trustlock: skipping " + g.skipped().size() + (g.skipped().size() == 1
                        ? " component that is not an npm package" : " components that are not npm packages")
                        + " in " + located.file() + " (the reports list them)");
            }
            // Only a CycloneDX input can be annotated in place; an SPDX one gets trustlock's own SBOM.
            return new Input(g, located.file(), dir,
                    cycloneDx ? Optional.of(SafeParsers.readBytes(located.file())) : Optional.empty());
        }
        if (!located.ignored().isEmpty()) {
            err.println("trustlock: using " + located.file() + "; also found " + located.ignored());
        }
        DependencyGraph g = Lockfiles.reader(located.format()).read(located.file());
        if (!g.warnings().isEmpty()) {
            err.println("trustlock: " + g.warnings().size() + " warning(s) reading " + located.file() + "; first: "
                    + g.warnings().get(0));
        }
        return new Input(g, located.file(), dir, Optional.empty());
    }

    /** https://no-color.org and dumb terminals turn colour off even on a TTY. */
    static boolean colourWanted(java.util.Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }
}
