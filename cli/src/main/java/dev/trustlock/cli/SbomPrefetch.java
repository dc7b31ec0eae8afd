package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import dev.trustlock.core.sbom.SbomBuilder;
import dev.trustlock.core.sbom.SbomOptions;
import dev.trustlock.core.sbom.SbomSerializer;

/**
 * Starts the sbom work (read the lockfile, build and serialise the SBOM) on a second core while
 * picocli (~100 ms of class loading) parses the options on the first. What to do comes from a
 * cheap scan of the arguments; {@link SbomCommand} uses a prefetched result only when its own,
 * fully parsed choice (file, format, SBOM options) is exactly the guessed one, so a wrong guess
 * costs time, never correctness.
 */
final class SbomPrefetch {

    /** sbom options that take a value, so their value is not mistaken for PATH. */
    private static final Set<String> WITH_VALUE = Set.of(
            "-o", "--output", "--format", "--spec", "--omit", "--lockfile", "--lockfile-format");

    record Key(Path input, Optional<LockfileFormat> format) {
    }

    record Pending(Key key, Optional<SbomOptions> options, CompletableFuture<Lockfiles.Located> located,
                   CompletableFuture<DependencyGraph> graph, CompletableFuture<String> text) {
    }

    /** What the arguments seem to ask for: the input, and the SBOM options when they parse. */
    record Guess(Key key, Optional<SbomOptions> options) {
    }

    private static volatile Pending pending;

    private SbomPrefetch() {
    }

    /** Called from main before option parsing; does nothing unless the command is sbom. */
    static void startFor(String[] args) {
        Optional<Guess> guess = guessAll(args);
        if (guess.isEmpty()) {
            return;
        }
        Key key = guess.get().key();
        Optional<SbomOptions> options = guess.get().options();
        CompletableFuture<Lockfiles.Located> located = new CompletableFuture<>();
        CompletableFuture<DependencyGraph> graph = new CompletableFuture<>();
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Lockfiles.Located l = Lockfiles.locate(key.input(), key.format());
                located.complete(l);
                DependencyGraph g = Lockfiles.reader(l.format()).read(l.file());
                graph.complete(g);
                if (options.isPresent()) {
                    text.complete(SbomSerializer.serialize(
                            new SbomBuilder(VersionProvider.version()).build(g, options.get()), options.get()));
                } else {
                    text.cancel(false);
                }
            } catch (Exception | LinkageError | StackOverflowError e) {
                located.completeExceptionally(e);
                graph.completeExceptionally(e);
                text.completeExceptionally(e);
            }
        }, "trustlock-prefetch");
        t.setDaemon(true);
        pending = new Pending(key, options, located, graph, text);
        t.start();
    }

    /** The SBOM text made ahead for exactly these options, if it was. */
    static Optional<String> text(Pending p, SbomOptions options) {
        if (p.options().isEmpty() || !p.options().get().equals(options)) {
            return Optional.empty();
        }
        try {
            return Optional.of(p.text().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return Optional.empty();
        }
    }

    /** The prefetched location and graph for exactly this input and format, if one was started. */
    static Optional<Pending> take(Path input, Optional<LockfileFormat> format) {
        Pending p = pending;
        pending = null;
        if (p == null || !p.key().equals(new Key(input, format))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    static Lockfiles.Located located(Pending p) throws LockfileException {
        return join(p.located());
    }

    static DependencyGraph graph(Pending p) throws LockfileException {
        return join(p.graph());
    }

    private static <T> T join(CompletableFuture<T> f) throws LockfileException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the lockfile", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LockfileException le) {
                throw le;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** PATH (or --lockfile) and --lockfile-format as picocli will parse them, or empty if unsure. */
    static Optional<Key> guess(String[] args) {
        return guessAll(args).map(Guess::key);
    }

    static Optional<Guess> guessAll(String[] args) {
        if (args.length == 0 || !"sbom".equals(args[0])) {
            return Optional.empty();
        }
        String path = null;
        String lockfile = null;
        String format = null;
        String output = null;
        String outputFormat = null;
        String spec = "1.6";
        List<String> omit = new java.util.ArrayList<>();
        List<String> rest = List.of(args).subList(1, args.length);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (WITH_VALUE.contains(name)) {
                if (value == null) {
                    if (i + 1 >= rest.size()) {
                        return Optional.empty();
                    }
                    value = rest.get(++i);
                }
                switch (name) {
                    case "--lockfile" -> lockfile = value;
                    case "--lockfile-format" -> format = value;
                    case "-o", "--output" -> output = value;
                    case "--format" -> outputFormat = value;
                    case "--spec" -> spec = value;
                    case "--omit" -> omit.addAll(List.of(value.split(",")));
                    default -> { }
                }
            } else if (a.equals("--")) {
                return Optional.empty();
            } else if (a.startsWith("-")) {
                if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                    return Optional.empty();
                }
            } else if (path == null) {
                path = a;
            } else {
                return Optional.empty();
            }
        }
        Optional<LockfileFormat> forced = Optional.empty();
        if (format != null) {
            try {
                forced = Optional.of(LockfileFormat.fromId(format.toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String input = lockfile != null ? lockfile : Objects.requireNonNullElse(path, ".");
        return Optional.of(new Guess(new Key(Path.of(input), forced), sbomOptions(spec, outputFormat, output, omit)));
    }

    /** The options SbomCommand will build, or empty when any is unusual (it then reports it). */
    private static Optional<SbomOptions> sbomOptions(String spec, String format, String output, List<String> omit) {
        try {
            SbomOptions.SpecVersion version = SbomOptions.SpecVersion.parse(spec);
            String f = format != null ? format.toLowerCase(Locale.ROOT)
                    : output != null && output.toLowerCase(Locale.ROOT).endsWith(".xml") ? "xml" : "json";
            SbomOptions.OutputFormat outputFormat = switch (f) {
                case "json" -> SbomOptions.OutputFormat.JSON;
                case "xml" -> SbomOptions.OutputFormat.XML;
                default -> null;
            };
            java.util.EnumSet<SbomOptions.Omit> omitted = java.util.EnumSet.noneOf(SbomOptions.Omit.class);
            for (String o : omit) {
                omitted.add(SbomOptions.Omit.valueOf(o.trim().toUpperCase(Locale.ROOT)));
            }
            return outputFormat == null ? Optional.empty()
                    : Optional.of(new SbomOptions(version, outputFormat, omitted, Timestamps.fromEnvironment()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
