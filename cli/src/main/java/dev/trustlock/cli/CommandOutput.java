package dev.trustlock.cli;

import dev.trustlock.core.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Where a command's document goes: standard output, or a file written atomically. */
final class CommandOutput {

    private CommandOutput() {
    }

    /** Writes {@code text} to {@code file}, or to the command's standard output when it is null. */
    static void write(CommandSpec spec, Path file, String text) {
        if (file == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            writeFile(file, text);
        }
    }

    /** Atomically, so that a failed run never leaves half a document; a failure is a UserError. */
    static void writeFile(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }
}
