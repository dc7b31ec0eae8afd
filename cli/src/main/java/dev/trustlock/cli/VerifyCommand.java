package dev.trustlock.cli;

import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.io.NativeCrypto;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.report.Counts;
import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.verify.CycloneDxGraphReader;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.SpdxGraphReader;
import dev.trustlock.core.verify.TrustTimeline;
import dev.trustlock.core.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH|SBOM", defaultValue = ".",
            description = "Project directory, lockfile, or CycloneDX JSON SBOM (default: current directory).")
    Path path;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|sarif|junit|cyclonedx|html|markdown",
            description = "Output format (default: ${DEFAULT-VALUE}): text (a table), json (schemas/verify-report."
                    + "schema.json), sarif (code scanning), junit (CI test tabs), cyclonedx (the SBOM annotated), html "
                    + "(one self-contained page), markdown (a CI job summary).")
    ReportFormats.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Mixin
    JudgeOptions judge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        NativeCrypto.loadInBackground(); // while the input is read
        output = CommandOutput.isStdout(output) ? null : output;
        Input input = readInput(path, err);
        JudgeOptions.Judging judging = judge.prepare(input.projectDir(), err);
        boolean tty = System.console() != null;
        if (format == ReportFormats.Format.html) {
            judging.run().keepHistories(input.graph().packages().stream().map(p -> p.name()).collect(Collectors.toSet()));
        }
        VerifyReport report = judge.runOptions.verify(err, judging.registry(), judging.run(), input.graph(), path.toString(),
                judging.now());
        String text = ReportFormats.render(format, report, input.file().toString(), input.graph(), input.sbom(),
                tty && output == null && colourWanted(System.getenv()), judge.failOn.gate(), timelines(judging, report));
        CommandOutput.write(spec, output, text);
        if (output != null && !judge.runOptions.quiet) {
            var s = report.summary();
            err.println("trustlock: " + Counts.of(s.packages(), "package") + ", " + s.verified() + " verified, "
                    + s.unverifiable() + " unverifiable, " + Counts.of(s.errors(), "error") + ", "
                    + Counts.of(s.warnings(), "warning") + "; report in " + output);
        }
        return judge.failOn.gate().exitCode(report);
    }

    /** Most recent releases a package's timeline shows in the HTML report: enough to see a drop, not the history of typescript. */
    static final int TIMELINE_RELEASES = 30;

    /** Each package's timeline from the histories the run kept (only for html, which asked it to keep them). */
    private static Map<String, TrustTimeline> timelines(JudgeOptions.Judging judging, VerifyReport report) {
        Map<String, PackageHistory> histories = judging.run().keptHistories();
        Map<String, TrustTimeline> out = new HashMap<>();
        for (PackageVerdict v : report.packages()) {
            Optional.ofNullable(histories.get(v.name())).ifPresent(h -> out.put(v.name() + "@" + v.version(),
                    TrustTimeline.ofVerdict(h, v, TIMELINE_RELEASES)));
        }
        return out;
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
        Path dir = Optional.ofNullable(located.file().toAbsolutePath().normalize().getParent()).orElse(Path.of("."));
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
                    + PlainText.oneLine(g.warnings().get(0)));
        }
        return new Input(g, located.file(), dir, Optional.empty());
    }

    /** https://no-color.org and dumb terminals turn colour off even on a TTY. */
    static boolean colourWanted(java.util.Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }
}
