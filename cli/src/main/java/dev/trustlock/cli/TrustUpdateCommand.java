package dev.trustlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.trust.RefreshedTrust;
import dev.trustlock.core.trust.SealedTrustFiles;
import dev.trustlock.core.trust.TufRefreshException;
import dev.trustlock.core.trust.TufTarget;
import dev.trustlock.core.trust.TufTrustRefresher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Refreshes trusted_root.json and npm's keys.json through Sigstore's TUF repository. */
@Command(name = "trust-update",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fetch current Sigstore and npm trust material through TUF and save it.",
            "",
            "verify-attestations ships a dated snapshot of the Sigstore trusted root and",
            "npm's registry keys; it goes stale when Sigstore or npm rotate keys. This",
            "command updates them from Sigstore's TUF repository (The Update Framework):",
            "the repository's signed metadata is checked from the root.json built into",
            "sigstore-java (root key chain, timestamp, snapshot, targets; signatures,",
            "versions, expiry), then the targets trusted_root.json and",
            "registry.npmjs.org/keys.json are downloaded and checked against the signed",
            "hashes and lengths, parsed, and only then written to DIR as",
            "trusted_root.json and keys.json (each atomically). In the default place,",
            "where other commands find them, they are sealed with this user's cache key",
            "(trust.seal); files there without that seal stop those commands.",
            "",
            "Pass the written files to verify-attestations --trusted-root / --npm-keys.",
            "Verified metadata is cached in --cache-dir, so later runs fetch little.",
            "If the refresh fails nothing is written and the old files stay as they were:",
            "exit 3 tells you that the trust material was NOT refreshed.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  trustlock trust-update",
            "  trustlock verify-attestations att.json --package sigstore@1.0.0 \\",
            "    --integrity sha512-... \\",
            "    --trusted-root ~/.cache/trustlock/tuf/trusted_root.json \\",
            "    --npm-keys ~/.cache/trustlock/tuf/keys.json",
            "",
            "  # into a project-local directory, through an internal mirror of the",
            "  # public-good repository:",
            "  trustlock trust-update -o .trustlock/trust \\",
            "    --tuf-mirror https://tuf-mirror.example.internal/sigstore",
            "",
            "Exit codes:",
            "  0  refreshed and written",
            "  2  bad usage: invalid URL, unreadable --tuf-root, unusable directories",
            "  3  not refreshed: mirror unreachable, or TUF verification refused what it",
            "     served (bad signature, hash mismatch, expired or rolled-back metadata)"})
public final class TrustUpdateCommand implements Callable<Integer> {

    /** A root.json is a few KiB; anything far larger is not one. */
    private static final long MAX_ROOT_BYTES = 1024 * 1024;

    @Option(names = "--tuf-mirror", paramLabel = "URL",
            description = {"TUF repository to update from. Default:",
                "https://tuf-repo-cdn.sigstore.dev (public good).",
                "Plain http is fine: TUF checks signatures,",
                "not the transport."})
    String mirror;

    @Option(names = "--tuf-root", paramLabel = "FILE",
            description = {"Initial root.json for a repository other than",
                "public good (default: the public-good root built",
                "into sigstore-java). Used only while the cache",
                "holds no root for the mirror; later runs move",
                "forward from the cached root (delete the mirror's",
                "directory in the cache to start from FILE again)."})
    Path tufRoot;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = {"Where verified TUF metadata is kept",
                "(default: ~/.cache/trustlock/tuf, or under",
                "$XDG_CACHE_HOME when that is set)."})
    Path cacheDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = {"One request's limit in seconds, connect to last",
                "byte; a request is tried twice (default: ${DEFAULT-VALUE})."})
    double timeoutSeconds;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Where to write trusted_root.json and keys.json (default: the cache dir).")
    Path outputDir;

    @Spec
    CommandSpec spec;

    /**
     * sigstore-java logs ignored signatures through java.util.logging, which would print
     * multi-line warnings on stderr; the outcome is reported here in one line instead.
     * Held in a field because the logging framework only keeps loggers weakly.
     */
    private static final java.util.logging.Logger SIGSTORE_LOG = java.util.logging.Logger.getLogger("dev.sigstore");

    @Override
    public Integer call() {
        SIGSTORE_LOG.setLevel(java.util.logging.Level.OFF);
        TufTrustRefresher refresher = refresher();
        Path out = outputDir != null ? outputDir : refresher.cacheDir();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("-o " + out + " is a file, not a directory");
        }
        RefreshedTrust trust;
        try {
            trust = refresher.refresh();
        } catch (TufRefreshException e) {
            int code = e.reason() == TufRefreshException.Reason.CACHE ? ExitCodes.USAGE : ExitCodes.UNVERIFIABLE;
            throw new UserError("trust material NOT refreshed: " + e.getMessage(), code);
        }
        Path rootFile = out.resolve(SealedTrustFiles.TRUSTED_ROOT);
        Path keysFile = out.resolve(SealedTrustFiles.NPM_KEYS);
        write(rootFile, trust.trustedRoot());
        write(keysFile, trust.npmKeys());
        sealIfDefault(out, trust);

        PrintWriter w = spec.commandLine().getOut();
        w.println("Refreshed trust material from " + trust.mirror() + " (TUF root v" + trust.rootVersion()
                + ", targets v" + trust.targetsVersion() + ", snapshot v" + trust.snapshotVersion()
                + ", timestamp v" + trust.timestampVersion() + "; metadata valid until " + trust.expires() + ")");
        line(w, rootFile, trust.trustedRoot());
        line(w, keysFile, trust.npmKeys());
        w.println("  " + trust.material().certificateAuthorities().size() + " certificate authorities, "
                + trust.material().rekorLogs().size() + " Rekor logs, " + trust.material().ctLogs().size()
                + " CT logs, " + trust.material().npmKeys().size() + " npm key entries");
        w.println("Use: trustlock verify-attestations ... --trusted-root " + rootFile + " --npm-keys " + keysFile);
        w.flush();
        return ExitCodes.OK;
    }

    private TufTrustRefresher refresher() {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) {
            throw new UserError("--timeout must be more than 0 and at most 600 seconds");
        }
        TufTrustRefresher.Builder b = TufTrustRefresher.builder()
                .timeout(java.time.Duration.ofMillis((long) (timeoutSeconds * 1000)));
        if (mirror != null) {
            b.mirror(mirrorUri(mirror));
        }
        if (cacheDir != null) {
            b.cacheDir(cacheDir);
        }
        if (tufRoot != null) {
            b.initialRoot(readRoot(tufRoot), tufRoot.toString());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserError("--tuf-mirror: " + e.getMessage());
        }
    }

    static URI mirrorUri(String text) {
        try {
            URI u = new URI(text.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme();
            if (!(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || u.getHost() == null) {
                throw new UserError("--tuf-mirror must be an http(s) URL such as https://tuf-repo-cdn.sigstore.dev, got '"
                        + text + "'");
            }
            if (u.getUserInfo() != null) {
                // Credentials in a URL end up in logs and error messages; refuse rather than echo them.
                throw new UserError("--tuf-mirror must not carry credentials (user:password@)");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new UserError("--tuf-mirror is not a valid URL: '" + text + "'");
        }
    }

    private static byte[] readRoot(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new UserError("--tuf-root " + file + " is a directory, not a root.json");
            }
            if (Files.size(file) > MAX_ROOT_BYTES) {
                throw new UserError("--tuf-root " + file + " is larger than " + MAX_ROOT_BYTES + " bytes; not a root.json");
            }
            byte[] bytes = Files.readAllBytes(file);
            checkRootShape(file, bytes);
            return bytes;
        } catch (NoSuchFileException e) {
            throw new UserError("--tuf-root " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("--tuf-root " + file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * A TUF root is {"signed": {"_type": "root", ...}, "signatures": [...]}; anything else is the
     * wrong file, said here with its position (exit 2) instead of surfacing later as malformed
     * metadata from the mirror (exit 3). Its signatures are checked by the TUF client.
     */
    private static void checkRootShape(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = SafeParsers.parseJson(file, bytes);
        } catch (LockfileException e) {
            throw new UserError("--tuf-root " + e.getMessage());
        }
        if (!root.path("signed").path("_type").asText().equals("root") || !root.path("signatures").isArray()) {
            throw new UserError("--tuf-root " + file + ": not a TUF root.json (expected {\"signed\": {\"_type\": \"root\"},"
                    + " \"signatures\": [...]})");
        }
    }

    /**
     * Seals what was written to the default place, which later runs read as their trust anchors
     * (see SealedTrustFiles); files written elsewhere are only used when named, so need none.
     */
    private static void sealIfDefault(Path out, RefreshedTrust trust) {
        if (!out.toAbsolutePath().normalize().equals(TufTrustRefresher.defaultCacheDir().toAbsolutePath().normalize())) {
            return;
        }
        try {
            SealedTrustFiles.seal(out, trust.trustedRoot().bytes(), trust.npmKeys().bytes(), CacheSeal.forUser());
        } catch (java.io.IOException e) {
            throw new UserError("wrote the trust material but could not seal it (" + e.getMessage()
                    + "); later runs will refuse it until they can: set " + CacheSeal.SECRET_ENV, ExitCodes.USAGE);
        }
    }

    /** Writes the verified bytes exactly: they are JSON text, so strict UTF-8 round-trips them. */
    private static void write(Path file, TufTarget target) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(target.bytes())).toString();
        } catch (CharacterCodingException e) {
            throw new UserError("TUF target " + target.name() + " is not UTF-8 text; not written", ExitCodes.UNVERIFIABLE);
        }
        CommandOutput.writeFile(file, text);
    }

    private static void line(PrintWriter w, Path file, TufTarget t) {
        w.println("  wrote " + file + "  <- " + t.name() + " (" + t.length() + " bytes, sha256 " + t.sha256Hex() + ")");
    }
}
