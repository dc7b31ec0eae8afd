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

    /**
     * Writes {@code text} to {@code file}, or to the command's standard output when it is null
     * or {@code -} (as every Unix tool reads {@code -o -}; a file really named "-" is {@code ./-}).
     */
    static void write(CommandSpec spec, Path file, String text) {
        if (isStdout(file)) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            writeFile(file, text);
        }
    }

    /** No file, or {@code -}: the document goes to standard output. */
    static boolean isStdout(Path file) {
        return file == null || file.toString().equals("-");
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
