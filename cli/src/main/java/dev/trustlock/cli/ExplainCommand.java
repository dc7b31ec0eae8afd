package dev.trustlock.cli;

import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.registry.RegistryUrls;
import dev.trustlock.core.report.HtmlReport;
import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.report.TimelineRenderer;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.verify.TrustTimeline;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trustlock explain NAME[@VERSION]}: a package's trust timeline, for incident response. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show a package's trust history, one row per release, and where trust dropped.",
            "",
            "Each release is verified as verify would (provenance, publish attestation,",
            "registry signature) and shown in publish order: time, version, dist-tags,",
            "publisher, trusted publisher, the repository, workflow and ref its verified",
            "provenance names, what it runs at install, and the dependencies it added.",
            "A release with weaker verified evidence than the one before it in its line",
            "(1.x, 0.30.x) is marked. With @VERSION: that version's line, up to it.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  trustlock explain axios",
            "  trustlock explain axios@1.14.1 --format json -o axios-timeline.json",
            "  trustlock explain axios --format html -o axios.html   # the timeline as a chart",
            "",
            "Exit codes:",
            "  0  shown (whatever the history holds; explain judges nothing)",
            "  2  usage or input error (a name that is no npm package name)",
            "  3  the package or version could not be had from the registry, or the",
            "     --deadline passed first (what was checked by then is still shown)"})
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "The package, and optionally one of its versions.")
    String spec;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|html",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (atomically) instead of standard output ('-' is standard output).")
    Path output;

    @Option(names = "--snapshot", paramLabel = "DIR",
            description = "Read the registry from a snapshot written by `trustlock fetch` instead of the network.")
    Path snapshot;

    @Mixin
    TrustOptions trustOptions;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    RunOptions runOptions;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws LockfileException {
        if (!java.util.Set.of("text", "json", "html").contains(format)) {
            throw new UserError("--format must be text, json or html, got " + format);
        }
        int at = spec.lastIndexOf('@');
        String name = at > 0 ? spec.substring(0, at) : spec;
        if (!RegistryUrls.validName(name) || (at > 0 && !RegistryUrls.validVersion(spec.substring(at + 1)))) {
            throw new UserError("not an npm package name (and version): " + spec);
        }
        java.time.Duration deadline = runOptions.deadline();
        TrustMaterial trust = trustOptions.load();
        RegistrySource registry = snapshot != null ? RegistryOptions.snapshot(snapshot)
                : registryOptions.client(Path.of("").toAbsolutePath());
        java.io.PrintWriter err = commandSpec.commandLine().getErr();
        TrustTimeline timeline;
        try {
            // Its size is unknown until the packument arrives, and that alone may be slow: worth a live line.
            timeline = runOptions.watched(err, registry, () -> name, Integer.MAX_VALUE, "releases", progress -> {
                try {
                    return TrustTimeline.build(registry, trust, spec, registryOptions.concurrency(),
                            java.util.Optional.of(deadline), progress);
                } catch (TrustTimeline.Unavailable e) {
                    throw new Unreachable(e);
                }
            });
        } catch (Unreachable e) {
            RunOptions.registryTrouble(err, registry, java.util.List.of());
            err.println("trustlock: " + PlainText.oneLine(e.getCause().getMessage()));
            return ExitCodes.UNVERIFIABLE;
        }
        CommandOutput.write(commandSpec, output, switch (format) {
            case "json" -> TimelineRenderer.json(timeline);
            case "html" -> HtmlReport.timeline(timeline, "trustlock " + VersionProvider.version(),
                    Timestamps.fromEnvironment().orElseGet(java.time.Instant::now));
            default -> TimelineRenderer.text(timeline);
        });
        if (timeline.late() > 0) {
            // Shown as far as it got, and said: an incomplete history must not pass for a whole one.
            err.println("trustlock: --deadline passed before " + timeline.late() + " of " + timeline.rows().size()
                    + " releases of " + name + " were verified; they show as unverifiable");
            return ExitCodes.UNVERIFIABLE;
        }
        return ExitCodes.OK;
    }

    /** Carries {@link TrustTimeline.Unavailable} out of the progress-watched work. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(TrustTimeline.Unavailable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
