package dev.trustlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.AttestationResult;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.io.BoundedReads;
import dev.trustlock.core.io.Limits;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.SafeParsers;
import dev.trustlock.core.report.PlainText;
import dev.trustlock.core.trust.TrustMaterial;
import dev.trustlock.core.trust.TrustMaterialException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Verifies a downloaded npm attestations response offline, for auditors. */
@Command(name = "verify-attestations",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Verify an npm package's provenance offline from a saved attestations response.",
            "",
            "FILE is the body of",
            "  https://registry.npmjs.org/-/npm/v1/attestations/NAME@VERSION",
            "Checks the SLSA provenance and the npm publish attestation: Sigstore bundle,",
            "Fulcio certificate chain and SCT, Rekor entry (SET, inclusion proof,",
            "checkpoint), DSSE signature, and that the attested subject is exactly",
            "NAME@VERSION with the sha512 of --integrity. Take the integrity from your",
            "lockfile, never from the attestation itself.",
            "Nothing is fetched: trust material is the bundled public-good snapshot",
            "unless --trusted-root / --npm-keys name fresher files.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  curl -s https://registry.npmjs.org/-/npm/v1/attestations/sigstore@1.0.0 \\",
            "    > att.json",
            "  trustlock verify-attestations att.json --package sigstore@1.0.0 \\",
            "    --integrity \"$(jq -r '.packages[\"node_modules/sigstore\"].integrity' \\",
            "                  package-lock.json)\"",
            "",
            "  # scoped package, JSON for a pipeline, trust material refreshed from TUF:",
            "  trustlock verify-attestations att.json --package @scope/name@2.0.0 \\",
            "    --integrity sha512-... --format json \\",
            "    --trusted-root trusted_root.json --npm-keys keys.json",
            "",
            "Exit codes:",
            "  0  VERIFIED: every signature, certificate, log proof and the subject hold",
            "  1  INVALID (tampered, forged, or another package) or NO_PROVENANCE",
            "  2  bad input: unreadable FILE, malformed --package/--integrity/trust files",
            "  3  UNVERIFIABLE: the trust material lacks the CA, log or npm key to decide"})
public final class VerifyAttestationsCommand implements Callable<Integer> {

    /** Attestation responses are ~15 KiB; an absurd file is refused as it is read. */
    private static final long MAX_FILE_BYTES = Limits.DOCUMENT_BYTES;

    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "Saved attestations response (JSON).")
    Path file;

    @Option(names = "--package", required = true, paramLabel = "NAME@VERSION",
            description = "The package the attestations must be for, e.g. @scope/name@1.2.3.")
    String packageSpec;

    @Option(names = "--integrity", required = true, paramLabel = "SRI",
            description = "The tarball integrity from the lockfile or packument (sha512-...).")
    String integrity;

    @Option(names = "--trusted-root", paramLabel = "FILE",
            description = "Sigstore trusted_root.json (default: bundled public-good snapshot).")
    Path trustedRoot;

    @Option(names = "--npm-keys", paramLabel = "FILE",
            description = "npm registry keys: TUF keys.json or a /-/npm/v1/keys response (default: bundled).")
    Path npmKeys;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws LockfileException {
        PackageRef pkg = packageRef(packageSpec, integrity);
        TrustMaterial trust;
        try {
            trust = TrustMaterial.load(Optional.ofNullable(trustedRoot), Optional.ofNullable(npmKeys));
        } catch (TrustMaterialException e) {
            throw new UserError(e.getMessage());
        }
        VerificationResult result = new AttestationVerifier(trust).verify(pkg, read(file));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(pkg, result));
        } else {
            text(out, pkg, result);
        }
        out.flush();
        return switch (result.status()) {
            case VERIFIED -> ExitCodes.OK;
            case INVALID, NO_PROVENANCE -> ExitCodes.FAILED;
            case UNVERIFIABLE -> ExitCodes.UNVERIFIABLE;
        };
    }

    static PackageRef packageRef(String spec, String integrity) {
        int at = spec.lastIndexOf('@');
        if (at <= 0 || at == spec.length() - 1 || (spec.startsWith("@") && spec.indexOf('/') < 0)) {
            throw new UserError("--package must be NAME@VERSION (e.g. lodash@4.17.21 or @scope/name@1.0.0), got '"
                    + spec + "'");
        }
        if (!integrity.matches("(?s).*\\bsha512-[A-Za-z0-9+/]{86}==.*")) {
            throw new UserError("--integrity must contain a sha512 SRI value (sha512-<88 base64 chars>), got '"
                    + (integrity.length() > 40 ? integrity.substring(0, 40) + "..." : integrity) + "'");
        }
        return new PackageRef(spec.substring(0, at), spec.substring(at + 1), integrity.trim());
    }

    private static byte[] read(Path file) throws LockfileException {
        try {
            if (Files.isDirectory(file)) {
                throw new UserError(file + " is a directory, not an attestations file");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = BoundedReads.readAll(in, MAX_FILE_BYTES);
            }
            checkDocument(file, bytes);
            return bytes;
        } catch (BoundedReads.TooLarge e) {
            throw new UserError(file + " is larger than " + MAX_FILE_BYTES + " bytes; not an attestations response");
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The file the user names must be an attestations response ({"attestations": [...]}, what
     * {@code GET /-/npm/v1/attestations/NAME@VERSION} returns): anything else is the wrong input,
     * exit 2 with its position, not a verdict about the package. What is inside the documents
     * (bundles, certificates, signatures) is judged by the verifier as for any registry answer.
     */
    private static void checkDocument(Path file, byte[] bytes) throws LockfileException {
        JsonNode doc = SafeParsers.parseJson(file, bytes);
        boolean notFoundBody = doc.isObject() && !doc.has("attestations")
                && (doc.has("error") || doc.has("message")); // the registry's saved 404: no attestations
        if (!doc.path("attestations").isArray() && !notFoundBody) {
            throw new UserError(file + ": not an npm attestations response (expected {\"attestations\": [...]}, as "
                    + "GET /-/npm/v1/attestations/NAME@VERSION returns)");
        }
    }

    /** One line per fact; what the bundle says (even unverified) is {@link PlainText#oneLine plain text}. */
    private static void text(PrintWriter printer, PackageRef pkg, VerificationResult r) {
        Consumer<String> out = line -> printer.println(PlainText.oneLine(line));
        out.accept(pkg.coordinates() + ": " + r.status() + " (" + r.code() + ")");
        out.accept("  " + r.reason());
        r.identity().ifPresent(id -> {
            out.accept("  publisher:  " + id.san().orElse("?") + (r.verified() ? "" : "  [NOT VERIFIED]"));
            out.accept("  issuer:     " + id.issuer().orElse("?"));
            out.accept("  repository: " + id.sourceRepositoryUri().orElse("?")
                    + id.sourceRepositoryDigest().map(d -> " @ " + d).orElse(""));
            out.accept("  workflow:   " + id.workflow().orElse("?") + " on " + id.ref().orElse("?")
                    + id.buildTrigger().map(t -> " (" + t + ")").orElse(""));
            id.runInvocationUri().ifPresent(u -> out.accept("  run:        " + u));
        });
        for (AttestationResult a : r.attestations()) {
            // The deciding attestation's reason is already printed above.
            boolean repeat = a.status() == VerificationStatus.VERIFIED || a.code() == r.code();
            out.accept("  - " + a.status() + " " + a.predicateType() + (repeat ? "" : ": " + a.reason()));
        }
    }

    static String json(PackageRef pkg, VerificationResult r) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        ObjectNode p = root.putObject("package");
        p.put("name", pkg.name());
        p.put("version", pkg.version());
        p.put("integrity", pkg.integrity());
        root.put("status", r.status().name());
        root.put("code", r.code().name());
        root.put("reason", r.reason());
        if (r.identity().isPresent()) {
            PublishIdentity id = r.identity().get();
            ObjectNode i = root.putObject("identity");
            put(i, "san", id.san());
            put(i, "issuer", id.issuer());
            put(i, "sourceRepository", id.sourceRepositoryUri());
            put(i, "workflow", id.workflow());
            put(i, "ref", id.ref());
            put(i, "sourceRepositoryDigest", id.sourceRepositoryDigest());
            put(i, "sourceRepositoryRef", id.sourceRepositoryRef());
            put(i, "sourceRepositoryIdentifier", id.sourceRepositoryIdentifier());
            put(i, "sourceRepositoryOwnerUri", id.sourceRepositoryOwnerUri());
            put(i, "sourceRepositoryOwnerIdentifier", id.sourceRepositoryOwnerIdentifier());
            put(i, "sourceRepositoryVisibility", id.sourceRepositoryVisibility());
            put(i, "buildSignerUri", id.buildSignerUri());
            put(i, "buildSignerDigest", id.buildSignerDigest());
            put(i, "buildConfigUri", id.buildConfigUri());
            put(i, "buildConfigDigest", id.buildConfigDigest());
            put(i, "runnerEnvironment", id.runnerEnvironment());
            put(i, "buildTrigger", id.buildTrigger());
            put(i, "runInvocationUri", id.runInvocationUri());
            put(i, "predicateType", id.predicateType());
            put(i, "buildType", id.buildType());
            put(i, "builderId", id.builderId());
            put(i, "invocationId", id.invocationId());
        } else {
            root.putNull("identity");
        }
        ArrayNode list = root.putArray("attestations");
        for (AttestationResult a : r.attestations()) {
            ObjectNode o = list.addObject();
            o.put("predicateType", a.predicateType());
            o.put("status", a.status().name());
            o.put("code", a.code().name());
            o.put("reason", a.reason());
        }
        try {
            return om.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode o, String key, Optional<String> value) {
        if (value.isPresent()) {
            o.put(key, value.get());
        } else {
            o.putNull(key);
        }
    }
}
