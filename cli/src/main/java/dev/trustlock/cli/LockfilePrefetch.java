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

/**
 * Starts reading the lockfile on a second core while picocli (~100 ms of class loading) parses
 * the options on the first. The guess at which file to read comes from a cheap scan of the
 * arguments; {@link SbomCommand} uses the result only when its own, fully parsed, choice of file
 * and format is exactly the guessed one, so a wrong guess costs time, never correctness.
 */
final class LockfilePrefetch {

    /** sbom options that take a value, so their value is not mistaken for PATH. */
    private static final Set<String> WITH_VALUE = Set.of(
            "-o", "--output", "--format", "--spec", "--omit", "--lockfile", "--lockfile-format");

    record Key(Path input, Optional<LockfileFormat> format) {
    }

    record Pending(Key key, CompletableFuture<Lockfiles.Located> located,
                           CompletableFuture<DependencyGraph> graph) {
    }

    private static volatile Pending pending;

    private LockfilePrefetch() {
    }

    /** Called from main before option parsing; does nothing unless the command is sbom. */
    static void startFor(String[] args) {
        Optional<Key> key = guess(args);
        if (key.isEmpty()) {
            return;
        }
        CompletableFuture<Lockfiles.Located> located = new CompletableFuture<>();
        CompletableFuture<DependencyGraph> graph = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Lockfiles.Located l = Lockfiles.locate(key.get().input(), key.get().format());
                located.complete(l);
                graph.complete(Lockfiles.reader(l.format()).read(l.file()));
            } catch (Exception | LinkageError | StackOverflowError e) {
                located.completeExceptionally(e);
                graph.completeExceptionally(e);
            }
        }, "trustlock-prefetch");
        t.setDaemon(true);
        pending = new Pending(key.get(), located, graph);
        t.start();
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
        if (args.length == 0 || !"sbom".equals(args[0])) {
            return Optional.empty();
        }
        String path = null;
        String lockfile = null;
        String format = null;
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
                if (name.equals("--lockfile")) {
                    lockfile = value;
                } else if (name.equals("--lockfile-format")) {
                    format = value;
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
        return Optional.of(new Key(Path.of(input), forced));
    }
}
