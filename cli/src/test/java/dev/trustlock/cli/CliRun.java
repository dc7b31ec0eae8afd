package dev.trustlock.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process with captured output, as a user at a terminal would see it. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cl = TrustlockCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Like {@link #of(String...)}, with String[] parts (such as {@link #snapshot}) spliced in. */
    static CliRun run(Object... parts) {
        java.util.List<String> args = new java.util.ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[] many) {
                args.addAll(java.util.List.of(many));
            } else {
                args.add((String) p);
            }
        }
        return of(args.toArray(String[]::new));
    }

    /**
     * {@code --snapshot DIR} with the trust material kept in {@code DIR/trust/} named explicitly:
     * a snapshot is never a trust anchor by itself.
     */
    static String[] snapshot(Object dir) {
        java.nio.file.Path d = java.nio.file.Path.of(dir.toString());
        return new String[] {"--snapshot", d.toString(), "--trusted-root", d.resolve("trust/trusted_root.json").toString(),
                "--npm-keys", d.resolve("trust/keys.json").toString()};
    }
}
