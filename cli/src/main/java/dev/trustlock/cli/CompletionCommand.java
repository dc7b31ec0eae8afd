package dev.trustlock.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trustlock completion bash|zsh}: the shell completion script, generated from the commands themselves. */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script for bash or zsh.",
            "",
            "Completes subcommands, options and their values (formats, spec versions).",
            "Load it for the current shell, or install it once:",
            "  source <(trustlock completion bash)",
            "  trustlock completion bash > ~/.local/share/bash-completion/completions/trustlock",
            "  trustlock completion zsh > \"${fpath[1]}/_trustlock\"   (or source it from ~/.zshrc)",
            ""},
        footer = {"", "Exit codes:", "  0  written", "  2  unknown shell"})
public final class CompletionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "bash|zsh", description = "The shell to complete in.")
    String shell;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the script to FILE instead of standard output ('-' is standard output).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new UserError("unknown shell '" + shell + "' (use bash or zsh)");
        }
        // picocli's script serves both: under zsh it loads bashcompinit itself.
        String script = AutoComplete.bash("trustlock", TrustlockCommand.commandLine());
        CommandOutput.write(spec, output, script);
        return ExitCodes.OK;
    }
}
