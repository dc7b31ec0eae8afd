package dev.trustlock.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.PatternSyntaxException;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.SafeParsers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code trustlock.yaml}. Its shape (keys, types, levels, rule ids) is checked against
 * {@code schemas/policy.schema.json} by {@link PolicySchema} before anything is read from it, so
 * a typo in a security policy ({@code workfow:}) is an error naming file, line and column
 * instead of a silently dropped check. What a schema cannot say (a real calendar date, RE2
 * syntax, a duration's range) is checked here while the policy is built.
 */
public final class PolicyFile {

    public static final String DEFAULT_NAME = "trustlock.yaml";

    private PolicyFile() {
    }

    public static Policy read(Path file) throws LockfileException {
        JsonNode tree = SafeParsers.readYaml(file);
        try {
            Optional<PolicySchema.Violation> bad = PolicySchema.firstViolation(tree);
            if (bad.isPresent()) {
                throw new Problem(bad.get().path(), bad.get().message(), bad.get().atKey());
            }
            return policy(tree);
        } catch (Problem p) {
            int[] pos = YamlPositions.find(file, p.path, p.atKey);
            throw new LockfileException(file, pos[0], pos[1], "at " + render(p.path) + ": " + p.getMessage());
        }
    }

    /** A problem at a path inside the document; turned into a LockfileException with position. */
    private static final class Problem extends Exception {
        final List<Object> path;
        /** The problem is the key itself (unknown key), not its value. */
        final boolean atKey;

        Problem(List<Object> path, String message) {
            this(path, message, false);
        }

        Problem(List<Object> path, String message, boolean atKey) {
            super(message, null, false, false);
            this.path = List.copyOf(path);
            this.atKey = atKey;
        }
    }

    /** Builds the policy from a document the schema accepted: shapes and enums hold. */
    private static Policy policy(JsonNode root) throws Problem {
        Optional<EvidenceLevel> requireDirect = Optional.empty();
        Optional<EvidenceLevel> requireAll = Optional.empty();
        JsonNode require = root.path("require");
        if (require.isTextual()) {
            requireDirect = level(require);
        } else {
            requireDirect = level(require.path("direct"));
            requireAll = level(require.path("all"));
        }
        Severity unverifiable = Severity.fromId(root.path("unverifiable").asText("")).orElse(Severity.WARNING);
        List<PackagePolicy> packages = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.path("packages").properties()) {
            packages.add(packagePolicy(e.getKey(), e.getValue()));
        }
        List<Exemption> exceptions = new ArrayList<>();
        JsonNode ex = root.path("exceptions");
        for (int i = 0; i < ex.size(); i++) {
            exceptions.add(exemption(i, ex.get(i)));
        }
        List<AllowedSource> allowSources = new ArrayList<>();
        JsonNode as = root.path("allowSources");
        for (int i = 0; i < as.size(); i++) {
            JsonNode node = as.get(i);
            allowSources.add(new AllowedSource(i, new NamePattern(text(node, "package").orElseThrow()),
                    text(node, "url"), text(node, "gitHost"), text(node, "reason").orElseThrow()));
        }
        Optional<Duration> minimumReleaseAge = Optional.empty();
        JsonNode age = root.get("minimumReleaseAge");
        if (age != null) {
            minimumReleaseAge = Optional.of(ReleaseAge.parse(age.asText()).orElseThrow(() -> new Problem(
                    List.of("minimumReleaseAge"), "must be a duration of at most a year: minutes (1440), 90m, 72h, 3d,"
                            + " 1w or P3D, not \"" + age.asText() + "\"")));
        }
        return new Policy(packages, requireDirect, requireAll, unverifiable, exceptions, allowSources, minimumReleaseAge);
    }

    private static PackagePolicy packagePolicy(String pattern, JsonNode node) throws Problem {
        Optional<RefPattern> ref = text(node, "ref").map(RefPattern::glob);
        Optional<String> refRegex = text(node, "refRegex");
        if (refRegex.isPresent()) {
            try {
                ref = Optional.of(RefPattern.regex(refRegex.get()));
            } catch (PatternSyntaxException e) {
                throw new Problem(List.of("packages", pattern, "refRegex"),
                        "invalid regular expression (RE2 syntax): " + e.getDescription());
            }
        }
        return new PackagePolicy(new NamePattern(pattern), text(node, "repository").map(PolicyFile::repositoryUri),
                text(node, "workflow"), ref, text(node, "issuer"), text(node, "runner"),
                node.path("trustedPublisher").asBoolean(false), level(node.path("require")));
    }

    private static Exemption exemption(int index, JsonNode node) throws Problem {
        String expires = text(node, "expires").orElseThrow();
        LocalDate date;
        try {
            // The schema checks the digits; only the calendar knows 2026-11-45 and 2026-02-30,
            // which must be errors, never rolled over into a later expiry.
            date = LocalDate.parse(expires);
        } catch (DateTimeParseException e) {
            throw new Problem(List.of("exceptions", index, "expires"), "must be a calendar date YYYY-MM-DD, not \""
                    + expires + "\"");
        }
        return new Exemption(index, new NamePattern(text(node, "package").orElseThrow()), text(node, "version"),
                text(node, "rule"), text(node, "reason").orElseThrow(), date);
    }

    private static Optional<EvidenceLevel> level(JsonNode node) {
        return node.isTextual() ? EvidenceLevel.fromId(node.asText()) : Optional.empty();
    }

    /** A string value, trimmed (the schema has made sure it is a non-blank string when present). */
    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || !v.isTextual() ? Optional.empty() : Optional.of(v.asText().trim());
    }

    /** {@code owner/repo} is short for the GitHub repository. */
    static String repositoryUri(String value) {
        if (!value.contains("://") && value.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            return "https://github.com/" + value;
        }
        return value;
    }

    static String render(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object seg : path) {
            if (seg instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else if (seg.toString().matches("[A-Za-z0-9_-]+")) {
                sb.append(sb.length() == 0 ? "" : ".").append(seg);
            } else {
                sb.append("[\"").append(seg.toString().replace("\"", "\\\"")).append("\"]");
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }
}
