package dev.trustlock.core.attest;

import static dev.trustlock.core.attest.ReasonCode.STATEMENT_MALFORMED;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An in-toto statement (v0.1 or v1) from a DSSE payload, and the npm subject rules. */
record Statement(List<Subject> subjects, String predicateType, JsonNode predicate) {

    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final String PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";
    static final String PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
    static final String PUBLISH_V01 = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";

    record Subject(String name, Optional<String> sha512Hex) {
    }

    static boolean isProvenance(String predicateType) {
        return PROVENANCE_V02.equals(predicateType) || PROVENANCE_V1.equals(predicateType);
    }

    static Statement parse(String payloadType, byte[] payload) throws Failure {
        if (!PAYLOAD_TYPE.equals(payloadType)) {
            throw new Failure(ReasonCode.PAYLOAD_TYPE_UNSUPPORTED, "'" + BundleParser.clip(payloadType) + "'");
        }
        JsonNode s = Json.parse(payload, STATEMENT_MALFORMED, "statement");
        String type = Json.text(s, "_type", STATEMENT_MALFORMED, "statement");
        if (!type.equals("https://in-toto.io/Statement/v0.1") && !type.equals("https://in-toto.io/Statement/v1")) {
            throw new Failure(STATEMENT_MALFORMED, "_type '" + BundleParser.clip(type) + "'");
        }
        JsonNode subjects = s.path("subject");
        if (!subjects.isArray() || subjects.isEmpty()) {
            throw new Failure(STATEMENT_MALFORMED, "the statement has no subject");
        }
        List<Subject> out = new ArrayList<>();
        for (JsonNode sub : subjects) {
            String name = Json.text(sub, "name", STATEMENT_MALFORMED, "subject");
            out.add(new Subject(name, Json.optText(sub.path("digest"), "sha512").map(h -> h.toLowerCase(Locale.ROOT))));
        }
        return new Statement(List.copyOf(out), Json.text(s, "predicateType", STATEMENT_MALFORMED, "statement"),
                s.path("predicate"));
    }

    /**
     * The subject must be {@code pkg:npm/<name>@<version>} (scope '@' percent-encoded as %40)
     * with a sha512 equal to the package integrity. Signatures are checked before this, so a
     * mismatch here means a genuine attestation of a different artifact.
     */
    void checkSubject(PackageRef pkg) throws Failure {
        Failure first = null;
        for (Subject s : subjects) {
            try {
                checkOne(s, pkg);
                return;
            } catch (Failure f) {
                first = first == null ? f : first;
            }
        }
        throw first;
    }

    private static void checkOne(Subject s, PackageRef pkg) throws Failure {
        String name = s.name();
        if (!name.startsWith("pkg:npm/")) {
            throw new Failure(ReasonCode.SUBJECT_NAME_MISMATCH, "subject '" + BundleParser.clip(name) + "' is not an npm purl");
        }
        String rest = name.substring("pkg:npm/".length());
        int cut = indexOfAny(rest, '?', '#');
        if (cut >= 0) {
            rest = rest.substring(0, cut);
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw new Failure(ReasonCode.SUBJECT_VERSION_MISMATCH, "subject '" + BundleParser.clip(name) + "' has no version");
        }
        String subjectName;
        String subjectVersion;
        try {
            subjectName = URLDecoder.decode(rest.substring(0, at).replace("+", "%2B"), StandardCharsets.UTF_8);
            subjectVersion = URLDecoder.decode(rest.substring(at + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Failure(ReasonCode.SUBJECT_NAME_MISMATCH, "subject '" + BundleParser.clip(name) + "' is badly encoded");
        }
        if (!subjectName.equals(pkg.name())) {
            throw new Failure(ReasonCode.SUBJECT_NAME_MISMATCH, "attested '" + BundleParser.clip(subjectName)
                    + "', expected '" + pkg.name() + "'");
        }
        if (!subjectVersion.equals(pkg.version())) {
            throw new Failure(ReasonCode.SUBJECT_VERSION_MISMATCH, "attested '" + BundleParser.clip(subjectVersion)
                    + "', expected '" + pkg.version() + "'");
        }
        List<String> expected = sha512Hex(pkg.integrity());
        if (expected.isEmpty()) {
            throw new Failure(ReasonCode.INTEGRITY_UNUSABLE, "integrity '" + BundleParser.clip(pkg.integrity()) + "'");
        }
        if (s.sha512Hex().isEmpty() || !expected.contains(s.sha512Hex().get())) {
            throw new Failure(ReasonCode.SUBJECT_DIGEST_MISMATCH, s.sha512Hex().isEmpty()
                    ? "the subject has no sha512 digest" : "attested sha512 " + s.sha512Hex().get().substring(0, 16) + "...");
        }
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** Hex of every sha512 value in an SRI string (several may be space-separated). */
    static List<String> sha512Hex(String integrity) {
        List<String> out = new ArrayList<>();
        for (String part : integrity.trim().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                String b64 = part.substring(7);
                int opt = b64.indexOf('?');
                if (opt >= 0) {
                    b64 = b64.substring(0, opt);
                }
                try {
                    byte[] d = Base64.getDecoder().decode(b64);
                    if (d.length == 64) {
                        out.add(HexFormat.of().formatHex(d));
                    }
                } catch (IllegalArgumentException e) {
                    // not a usable value
                }
            }
        }
        return out;
    }

    /** The publish predicate names the package too; it must agree with the subject. */
    void checkPublishPredicate(PackageRef pkg) throws Failure {
        Optional<String> name = Json.optText(predicate, "name");
        Optional<String> version = Json.optText(predicate, "version");
        if (name.isPresent() && !name.get().equals(pkg.name())) {
            throw new Failure(ReasonCode.SUBJECT_NAME_MISMATCH, "publish predicate names '" + BundleParser.clip(name.get()) + "'");
        }
        if (version.isPresent() && !version.get().equals(pkg.version())) {
            throw new Failure(ReasonCode.SUBJECT_VERSION_MISMATCH, "publish predicate names version '"
                    + BundleParser.clip(version.get()) + "'");
        }
    }

    /** SLSA build description into the identity, for display (v0.2: builder/invocation; v1: buildDefinition/runDetails). */
    void addBuildFields(PublishIdentity.Builder b) {
        b.predicateType(predicateType);
        b.buildType(Json.optText(predicate, "buildType")
                .or(() -> Json.optText(predicate.path("buildDefinition"), "buildType")).orElse(null));
        if (PROVENANCE_V02.equals(predicateType)) {
            b.builderId(Json.optText(predicate.path("builder"), "id").orElse(null));
            b.invocationId(Json.optText(predicate.path("metadata"), "buildInvocationId").orElse(null));
        } else if (PROVENANCE_V1.equals(predicateType)) {
            JsonNode run = predicate.path("runDetails");
            b.builderId(Json.optText(run.path("builder"), "id").orElse(null));
            b.invocationId(Json.optText(run.path("metadata"), "invocationId").orElse(null));
        }
    }
}
