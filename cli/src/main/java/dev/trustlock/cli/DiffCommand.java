package dev.trustlock.cli;

import dev.trustlock.core.io.NativeCrypto;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.report.DiffRenderer;
import dev.trustlock.core.report.LockfileLines;
import dev.trustlock.core.report.SarifRenderer;
import dev.trustlock.core.verify.LockfileDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trustlock diff}: what a lockfile change does to the project's trust, for pull-request review. */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Review a lockfile change: what it adds, removes and changes, and how trust moves.",
            "",
            "Compares two lockfiles, two SBOMs, or two git revisions of one lockfile. For",
            "every added or changed package it says how publishing changed (publisher,",
            "trusted publisher, verified provenance and the build it names, install",
            "scripts, new dependencies and the packages they bring in) and which findings",
            "only the new state has. Judged as verify judges (same policy, registry,",
            "cache); the exit code is verify's, over what the change brings.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  trustlock diff old/package-lock.json package-lock.json",
            "  trustlock diff --git origin/main..HEAD                # the lockfile in this directory",
            "  trustlock diff --git origin/main.. app/pnpm-lock.yaml  # against the working tree",
            "  trustlock diff --git main..HEAD --format markdown -o comment.md",
            "  trustlock diff before.cdx.json after.cdx.json --format sarif -o diff.sarif",
            "",
            "Exit codes:",
            "  0  the change brings nothing at or above --fail-on",
            "  1  the change brings a finding at or above --fail-on",
            "  2  usage or input error (a git revision that does not exist)",
            "  3  an added or changed package could not be verified; not with --fail-on never"})
public final class DiffCommand implements Callable<Integer> {

    enum Format { text, json, markdown, sarif }

    @Parameters(arity = "0..2", paramLabel = "OLD NEW",
            description = "The old and new lockfile or SBOM (or, with --git, at most one: the project directory or "
                    + "lockfile, default the current directory).")
    List<Path> paths = List.of();

    @Option(names = "--git", paramLabel = "REV1..REV2",
            description = "Compare the lockfile as git revision REV1 has it with REV2 (REV1.. : with the working tree).")
    String gitRange;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|markdown|sarif",
            description = "Output format (default: ${DEFAULT-VALUE}); markdown suits a pull-request comment.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Mixin
    JudgeOptions judge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        output = CommandOutput.isStdout(output) ? null : output;
        NativeCrypto.loadInBackground(); // while the input is read
        if (gitRange == null && paths.size() != 2) {
            throw new UserError("give two lockfiles or SBOMs (OLD NEW), or --git REV1..REV2 [PATH]");
        }
        if (gitRange != null && paths.size() > 1) {
            throw new UserError("with --git give at most one path: the project directory or its lockfile");
        }
        Path scratch = gitRange == null ? null : Files.createTempDirectory("trustlock-diff");
        try {
            Sides sides = gitRange == null ? new Sides(paths.get(0), paths.get(1), paths.get(0).toString(),
                    paths.get(1).toString(), Optional.empty(), Optional.empty())
                    : fromGit(paths.isEmpty() ? Path.of(".") : paths.get(0), scratch);
            VerifyCommand.Input before = VerifyCommand.readInput(sides.oldFile(), err);
            VerifyCommand.Input after = VerifyCommand.readInput(sides.newFile(), err);
            JudgeOptions.Judging judging = judge.prepare(sides.projectDir().orElse(after.projectDir()), err);
            LockfileDiff diff = judge.runOptions.watched(err, judging.registry(), judging.run(),
                    after.graph().packages().size(), progress -> LockfileDiff.of(
                    before.graph(), after.graph(), judging.run(), sides.oldLabel(), sides.newLabel(),
                    "trustlock " + VersionProvider.version(), judging.now(), progress));
            RunOptions.registryTrouble(err, judging.registry(), diff.introduced().findings());
            DiffRenderer renderer = new DiffRenderer(judge.failOn.gate());
            String text = switch (format) {
                case text -> renderer.text(diff);
                case json -> renderer.json(diff);
                case markdown -> renderer.markdown(diff);
                case sarif -> renderer.sarif(diff, new SarifRenderer(sides.artifact().orElse(after.file().toString()),
                        LockfileLines.of(SafeParsers.readText(after.file()))));
            };
            CommandOutput.write(spec, output, text);
            return judge.failOn.gate().exitCode(diff.introduced());
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    /**
     * The two files to compare and how reports name them.
     *
     * @param projectDir the project's directory (its policy and .npmrc are there) when {@code newFile} is
     *                   not in it (a revision git wrote elsewhere); else the new input's own
     * @param artifact   the lockfile's path in the repository, for SARIF, when it differs from the file read
     */
    record Sides(Path oldFile, Path newFile, String oldLabel, String newLabel, Optional<Path> projectDir,
            Optional<String> artifact) {
    }

    /** The lockfile at two revisions, written to {@code scratch} under its own name (its format goes by it). */
    private Sides fromGit(Path path, Path scratch) throws LockfileException, IOException {
        int dots = gitRange.indexOf("..");
        if (dots <= 0 || gitRange.indexOf("..", dots + 2) >= 0 || gitRange.startsWith("-")) {
            throw new UserError("--git wants REV1..REV2 (or REV1.. for the working tree), got '" + gitRange + "'");
        }
        String rev1 = gitRange.substring(0, dots);
        String rev2 = gitRange.substring(dots + 2);
        if (rev2.startsWith("-")) {
            throw new UserError("--git: a revision cannot start with '-': " + rev2);
        }
        Path lockfile = Lockfiles.locate(path, Optional.empty()).file();
        Path dir = Optional.ofNullable(lockfile.toAbsolutePath().normalize().getParent()).orElse(Path.of("."));
        String name = lockfile.getFileName().toString();
        Path oldFile = GitShow.write(dir, rev1, name, scratch.resolve("old"));
        Path newFile = rev2.isEmpty() ? lockfile : GitShow.write(dir, rev2, name, scratch.resolve("new"));
        String shown = path.toString().equals(".") ? name : lockfile.toString();
        return new Sides(oldFile, newFile, rev1 + ":" + shown, rev2.isEmpty() ? shown : rev2 + ":" + shown,
                Optional.of(dir), Optional.of(shown));
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
