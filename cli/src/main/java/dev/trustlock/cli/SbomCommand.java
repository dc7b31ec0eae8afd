package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.sbom.SbomBuilder;
import dev.trustlock.core.sbom.SbomOptions;
import dev.trustlock.core.sbom.SbomSerializer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustlock sbom}: a CycloneDX SBOM from a lockfile. */
@Command(name = "sbom",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a CycloneDX SBOM for the packages a JavaScript lockfile installs.",
            "",
            "Reads package-lock.json / npm-shrinkwrap.json (v1-v3), yarn.lock (classic and berry),",
            "pnpm-lock.yaml (v5, v6, v9) and bun.lock. The project's package.json beside the",
            "lockfile names the root component. Packages reachable only through devDependencies",
            "get scope 'excluded'; those installed only through optional dependencies get",
            "'optional'. Output is sorted and its serial number derived from the content, so the",
            "same lockfile gives the same SBOM; the timestamp comes from SOURCE_DATE_EPOCH when set."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  trustlock sbom                                  # lockfile in the current directory, JSON to stdout",
            "  trustlock sbom path/to/project -o sbom.cdx.json",
            "  trustlock sbom yarn.lock --format xml -o sbom.cdx.xml",
            "  trustlock sbom --omit dev --spec 1.5            # production packages only, CycloneDX 1.5",
            "  SOURCE_DATE_EPOCH=0 trustlock sbom -o sbom.json  # byte-for-byte reproducible",
            "",
            "Exit codes: 0 written, 2 usage or input error (nothing written)."})
public final class SbomCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "Project directory or lockfile (default: current directory).")
    Path path = Path.of(".");

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the SBOM to FILE instead of standard output (written atomically).")
    Path output;

    @Option(names = "--format", paramLabel = "json|xml",
            description = "Output syntax (default: from the -o extension, else json).")
    String format;

    @Option(names = "--spec", paramLabel = "1.6|1.7|1.5", defaultValue = "1.6",
            description = "CycloneDX specification version (default: ${DEFAULT-VALUE}, which every main consumer reads;"
                    + " 1.7 is the newest, 1.5 for older tools).")
    String spec;

    @Option(names = "--omit", paramLabel = "dev|optional|peer", split = ",",
            description = "Leave out dev-only, optional-only or peer-only packages; repeatable or comma-separated.")
    List<String> omit = List.of();

    @Option(names = "--lockfile", paramLabel = "FILE",
            description = "Use this lockfile (when a directory holds several, or the name is unusual).")
    Path lockfile;

    @Option(names = "--lockfile-format", paramLabel = "FORMAT",
            description = "Force the lockfile format: npm, yarn-classic, yarn-berry, pnpm, bun.")
    String lockfileFormat;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        output = CommandOutput.isStdout(output) ? null : output;
        SbomOptions options = new SbomOptions(parseSpec(), parseFormat(), parseOmit(), Timestamps.fromEnvironment());
        Path input = lockfile != null ? lockfile : path;
        Optional<LockfileFormat> forced = parseLockfileFormat();
        PrintWriter err = commandSpec.commandLine().getErr();

        Lockfiles.Located located = Lockfiles.locate(input, forced);
        if (!located.ignored().isEmpty()) {
            err.println("trustlock: using " + located.file() + "; also found " + located.ignored()
                    + " (choose with --lockfile)");
        }
        DependencyGraph graph = Lockfiles.reader(located.format()).read(located.file());
        if (!graph.warnings().isEmpty()) {
            err.println("trustlock: " + graph.warnings().size() + " warning(s) reading " + located.file()
                    + "; first: " + PlainText.oneLine(graph.warnings().get(0)));
        }
        String text = SbomSerializer.serialize(new SbomBuilder(VersionProvider.version()).build(graph, options), options);
        CommandOutput.write(commandSpec, output, text);
        if (output != null) {
            err.println(summary(graph, options));
        }
        return ExitCodes.OK;
    }

    /** What a person wants to know after writing to a file: what went in, and where. */
    private String summary(DependencyGraph graph, SbomOptions options) {
        java.util.Map<dev.trustlock.core.lockfile.Scope, Long> byScope = graph.scopes().values().stream()
                .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()));
        return String.format(Locale.ROOT, "trustlock: wrote %s: %d packages (%d dev-only, %d optional-only), %d workspaces, "
                        + "from %s; CycloneDX %s %s%s",
                output, graph.packages().size(),
                byScope.getOrDefault(dev.trustlock.core.lockfile.Scope.DEV, 0L),
                byScope.getOrDefault(dev.trustlock.core.lockfile.Scope.OPTIONAL, 0L),
                graph.workspaces().size(), graph.format().description(), options.spec().label(),
                options.format().name().toLowerCase(Locale.ROOT),
                options.omit().isEmpty() ? "" : " (omitting " + options.omit().stream()
                        .map(o -> o.name().toLowerCase(Locale.ROOT)).sorted().toList() + ")");
    }

    private SbomOptions.SpecVersion parseSpec() {
        try {
            return SbomOptions.SpecVersion.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private SbomOptions.OutputFormat parseFormat() {
        String f = format;
        if (f == null) {
            f = output != null && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml") ? "xml" : "json";
        }
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "json" -> SbomOptions.OutputFormat.JSON;
            case "xml" -> SbomOptions.OutputFormat.XML;
            default -> throw new UserError("unknown --format '" + format + "' (use json or xml)");
        };
    }

    private EnumSet<SbomOptions.Omit> parseOmit() {
        EnumSet<SbomOptions.Omit> result = EnumSet.noneOf(SbomOptions.Omit.class);
        for (String o : omit) {
            switch (o.trim().toLowerCase(Locale.ROOT)) {
                case "dev" -> result.add(SbomOptions.Omit.DEV);
                case "optional" -> result.add(SbomOptions.Omit.OPTIONAL);
                case "peer" -> result.add(SbomOptions.Omit.PEER);
                default -> throw new UserError("unknown --omit value '" + o + "' (use dev, optional or peer)");
            }
        }
        return result;
    }

    private Optional<LockfileFormat> parseLockfileFormat() {
        if (lockfileFormat == null) {
            return Optional.empty();
        }
        try {
            LockfileFormat f = LockfileFormat.fromId(lockfileFormat);
            if (f.isSbom()) {
                throw new UserError("--lockfile-format " + f.id() + " is for `verify`; sbom needs a lockfile");
            }
            return Optional.of(f);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + " (use npm, yarn-classic, yarn-berry, pnpm or bun)");
        }
    }
}
