package dev.trustlock.cli;

import dev.trustlock.core.report.PlainText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The top-level {@code trustlock} command: holds subcommands and the shared error policy. */
@Command(name = "trustlock",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Turns JavaScript lockfiles into CycloneDX SBOMs and checks that each npm release",
            "was published the way its project normally publishes."},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success (everything verified)",
            "  1  verification or policy failure",
            "  2  usage or input error (nothing written)",
            "  3  trust could not be established (key, CA or network missing)"})
public final class TrustlockCommand implements Runnable {

    @CommandLine.Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces and extra detail on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Subcommands by name, in the order --help lists them. */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("sbom", SbomCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("diff", DiffCommand::new);
        m.put("explain", ExplainCommand::new);
        m.put("fetch", FetchCommand::new);
        m.put("policy", PolicyCommand::new);
        m.put("verify-attestations", VerifyAttestationsCommand::new);
        m.put("trust-update", TrustUpdateCommand::new);
        m.put("completion", CompletionCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** The full command line, every subcommand registered. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for a run whose first argument is {@code first}: when that names a
     * subcommand, only it is registered. picocli builds its model by reflection over every
     * registered command, which is a noticeable part of a short run's start-up; help and
     * anything unrecognised get all of them, so usage and error messages are unchanged.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new TrustlockCommand());
        boolean one = first != null && SUBCOMMANDS.containsKey(first) && !"help".equals(first);
        for (java.util.Map.Entry<String, java.util.function.Supplier<Object>> e : SUBCOMMANDS.entrySet()) {
            if (!one || e.getKey().equals(first)) {
                cl.addSubcommand(e.getKey(), e.getValue().get());
            }
        }
        cl.setExecutionExceptionHandler(TrustlockCommand::handleException);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("trustlock: " + PlainText.oneLine(String.valueOf(ex.getMessage())));
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /**
     * Turns an exception escaping a command into one line on stderr and an exit code. Input
     * problems are exit 2; anything unexpected also exits 2 but says it is a bug.
     */
    private static int handleException(Exception ex, CommandLine cl, CommandLine.ParseResult parse) {
        PrintWriter err = cl.getErr();
        boolean verbose = parse.hasMatchedOption("--verbose")
                || (parse.subcommand() != null && parse.subcommand().hasMatchedOption("--verbose"));
        if (ex instanceof UserError || ex instanceof dev.trustlock.core.lockfile.LockfileException
                || ex instanceof dev.trustlock.core.registry.SnapshotException) {
            err.println("trustlock: " + PlainText.oneLine(String.valueOf(ex.getMessage())));
        } else {
            err.println("trustlock: internal error: " + PlainText.oneLine(ex.toString())
                    + " (please report it; --verbose shows the stack trace)");
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ex instanceof UserError u ? u.exitCode() : ExitCodes.USAGE;
    }
}
