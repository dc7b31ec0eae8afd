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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code trustlock.yaml} (schema: {@code schemas/policy.schema.json}). Strict: an unknown
 * key or a value of the wrong type is an error naming the file, the line and column where
 * known, and the path of the value, because a typo in a security policy ({@code workfow:})
 * would otherwise silently drop a check.
 */
public final class PolicyFile {

    public static final String DEFAULT_NAME = "trustlock.yaml";

    private static final Set<String> TOP = Set.of("version", "require", "unverifiable", "packages", "exceptions",
            "allowSources", "minimumReleaseAge");
    private static final Set<String> ALLOW_SOURCE = Set.of("package", "url", "gitHost", "reason");
    private static final Set<String> REQUIRE = Set.of("direct", "all");
    private static final Set<String> PACKAGE = Set.of("repository", "workflow", "ref", "refRegex", "issuer", "runner",
            "trustedPublisher", "require");
    private static final Set<String> EXCEPTION = Set.of("package", "version", "rule", "reason", "expires");
    private static final Set<String> RUNNERS = Set.of("github-hosted", "gitlab-hosted", "self-hosted");

    private final Path file;
    private final Set<String> ruleIds;

    private PolicyFile(Path file, Set<String> ruleIds) {
        this.file = file;
        this.ruleIds = Set.copyOf(ruleIds);
    }

    /**
     * @param ruleIds the finding ids an exception may name (the rule catalogue's): a misspelt
     *                rule would otherwise silently except nothing
     */
    public static Policy read(Path file, Set<String> ruleIds) throws LockfileException {
        JsonNode tree = SafeParsers.readYaml(file);
        try {
            return new PolicyFile(file, ruleIds).policy(tree);
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

    private Policy policy(JsonNode root) throws Problem {
        List<Object> at = new ArrayList<>();
        expectKeys(root, TOP, at, "the policy");
        JsonNode version = root.get("version");
        if (version != null && !(version.isInt() && version.asInt() == 1)) {
            throw new Problem(List.of("version"), "unsupported policy version " + version + "; this trustlock reads version 1");
        }
        Optional<EvidenceLevel> requireDirect = Optional.empty();
        Optional<EvidenceLevel> requireAll = Optional.empty();
        JsonNode require = root.get("require");
        if (require != null) {
            if (require.isTextual()) {
                requireDirect = Optional.of(level(require, List.of("require")));
            } else {
                expectKeys(require, REQUIRE, List.of("require"), "require");
                if (require.has("direct")) {
                    requireDirect = Optional.of(level(require.get("direct"), List.of("require", "direct")));
                }
                if (require.has("all")) {
                    requireAll = Optional.of(level(require.get("all"), List.of("require", "all")));
                }
            }
        }
        Severity unverifiable = Severity.WARNING;
        if (root.has("unverifiable")) {
            String s = string(root.get("unverifiable"), List.of("unverifiable"));
            unverifiable = Severity.fromId(s).orElseThrow(() -> new Problem(List.of("unverifiable"),
                    "must be one of error, warning, note, not \"" + s + "\""));
        }
        List<PackagePolicy> packages = new ArrayList<>();
        JsonNode pk = root.get("packages");
        if (pk != null) {
            if (!pk.isObject()) {
                throw new Problem(List.of("packages"), "must be a mapping from package name or glob to expectations");
            }
            for (Map.Entry<String, JsonNode> e : pk.properties()) {
                packages.add(packagePolicy(e.getKey(), e.getValue()));
            }
        }
        List<Exemption> exceptions = new ArrayList<>();
        JsonNode ex = root.get("exceptions");
        if (ex != null) {
            if (!ex.isArray()) {
                throw new Problem(List.of("exceptions"), "must be a list of exceptions");
            }
            for (int i = 0; i < ex.size(); i++) {
                exceptions.add(exemption(i, ex.get(i)));
            }
        }
        List<AllowedSource> allowSources = new ArrayList<>();
        JsonNode as = root.get("allowSources");
        if (as != null) {
            if (!as.isArray()) {
                throw new Problem(List.of("allowSources"), "must be a list of allowed sources");
            }
            for (int i = 0; i < as.size(); i++) {
                allowSources.add(allowedSource(i, as.get(i)));
            }
        }
        Optional<Duration> minimumReleaseAge = Optional.empty();
        JsonNode age = root.get("minimumReleaseAge");
        if (age != null) {
            if (!age.isTextual() && !age.isIntegralNumber()) {
                throw new Problem(List.of("minimumReleaseAge"), "must be a duration: minutes (1440), 90m, 72h, 3d, 1w or P3D");
            }
            minimumReleaseAge = Optional.of(ReleaseAge.parse(age.asText()).orElseThrow(() -> new Problem(
                    List.of("minimumReleaseAge"), "must be a duration of at most a year: minutes (1440), 90m, 72h, 3d,"
                            + " 1w or P3D, not \"" + age.asText() + "\"")));
        }
        return new Policy(packages, requireDirect, requireAll, unverifiable, exceptions, allowSources, minimumReleaseAge);
    }

    private AllowedSource allowedSource(int index, JsonNode node) throws Problem {
        List<Object> at = List.of("allowSources", index);
        expectKeys(node, ALLOW_SOURCE, at, "an allowed source");
        String pattern = optString(node, "package", at)
                .orElseThrow(() -> new Problem(at, "an allowed source needs the package it applies to"));
        Optional<String> url = optString(node, "url", at);
        Optional<String> gitHost = optString(node, "gitHost", at);
        if (url.isPresent() == gitHost.isPresent()) {
            throw new Problem(at, "give either url (a prefix of the lockfile's resolved URL) or gitHost, exactly one");
        }
        String reason = optString(node, "reason", at)
                .orElseThrow(() -> new Problem(at, "an allowed source needs a reason"));
        return new AllowedSource(index, new NamePattern(pattern), url, gitHost, reason);
    }

    private PackagePolicy packagePolicy(String pattern, JsonNode node) throws Problem {
        List<Object> at = List.of("packages", pattern);
        if (pattern.isBlank()) {
            throw new Problem(at, "package name or glob must not be empty");
        }
        if (node == null || node.isNull()) {
            throw new Problem(at, "has no expectations; remove it or add some");
        }
        expectKeys(node, PACKAGE, at, "a package entry");
        Optional<String> repository = optString(node, "repository", at).map(PolicyFile::repositoryUri);
        Optional<String> workflow = optString(node, "workflow", at);
        Optional<String> refGlob = optString(node, "ref", at);
        Optional<String> refRegex = optString(node, "refRegex", at);
        if (refGlob.isPresent() && refRegex.isPresent()) {
            throw new Problem(with(at, "refRegex"), "give either ref (a glob) or refRegex, not both");
        }
        Optional<RefPattern> ref = refGlob.map(RefPattern::glob);
        if (refRegex.isPresent()) {
            try {
                ref = Optional.of(RefPattern.regex(refRegex.get()));
            } catch (PatternSyntaxException e) {
                throw new Problem(with(at, "refRegex"), "invalid regular expression (RE2 syntax): " + e.getDescription());
            }
        }
        Optional<String> issuer = optString(node, "issuer", at);
        Optional<String> runner = optString(node, "runner", at);
        if (runner.isPresent() && !RUNNERS.contains(runner.get())) {
            throw new Problem(with(at, "runner"), "must be one of github-hosted, gitlab-hosted, self-hosted, not \""
                    + runner.get() + "\"");
        }
        boolean trustedPublisher = false;
        if (node.has("trustedPublisher")) {
            JsonNode tp = node.get("trustedPublisher");
            if (!tp.isBoolean()) {
                throw new Problem(with(at, "trustedPublisher"), "must be true or false");
            }
            trustedPublisher = tp.asBoolean();
        }
        Optional<EvidenceLevel> require = node.has("require")
                ? Optional.of(level(node.get("require"), with(at, "require")))
                : Optional.empty();
        return new PackagePolicy(new NamePattern(pattern), repository, workflow, ref, issuer, runner, trustedPublisher,
                require);
    }

    private Exemption exemption(int index, JsonNode node) throws Problem {
        List<Object> at = List.of("exceptions", index);
        expectKeys(node, EXCEPTION, at, "an exception");
        String pattern = optString(node, "package", at)
                .orElseThrow(() -> new Problem(at, "an exception needs the package it applies to"));
        Optional<String> version = optString(node, "version", at);
        Optional<String> rule = optString(node, "rule", at);
        if (rule.isPresent() && !ruleIds.contains(rule.get())) {
            throw new Problem(with(at, "rule"), "unknown rule \"" + rule.get() + "\"; known rules: "
                    + String.join(", ", new java.util.TreeSet<>(ruleIds)));
        }
        String reason = optString(node, "reason", at)
                .orElseThrow(() -> new Problem(at, "an exception needs a reason"));
        JsonNode expires = node.get("expires");
        if (expires == null) {
            throw new Problem(at, "an exception needs an expiry date (expires: YYYY-MM-DD)");
        }
        return new Exemption(index, new NamePattern(pattern), version, rule, reason, date(expires, with(at, "expires")));
    }

    /**
     * A calendar date, quoted or not (the policy reader resolves no YAML timestamps, so both reach
     * here as text). Strict: 2026-11-45 and 2026-02-30 are errors, never rolled over.
     */
    private static LocalDate date(JsonNode node, List<Object> at) throws Problem {
        if (node.isTextual()) {
            try {
                return LocalDate.parse(node.asText().trim());
            } catch (DateTimeParseException e) {
                throw new Problem(at, "must be a calendar date YYYY-MM-DD, not \"" + node.asText() + "\"");
            }
        }
        throw new Problem(at, "must be a calendar date YYYY-MM-DD");
    }

    private static EvidenceLevel level(JsonNode node, List<Object> at) throws Problem {
        String s = string(node, at);
        return EvidenceLevel.fromId(s).orElseThrow(() -> new Problem(at,
                "must be one of none, registry-signature, provenance, trusted-publisher, not \"" + s + "\""));
    }

    private static Optional<String> optString(JsonNode node, String key, List<Object> at) throws Problem {
        JsonNode v = node.get(key);
        return v == null ? Optional.empty() : Optional.of(string(v, with(at, key)));
    }

    private static String string(JsonNode v, List<Object> at) throws Problem {
        if (!v.isTextual()) {
            throw new Problem(at, "must be a string" + (v.isNumber() ? " (quote it: YAML reads it as a number)" : ""));
        }
        if (v.asText().isBlank()) {
            throw new Problem(at, "must not be empty");
        }
        return v.asText().trim();
    }

    private static void expectKeys(JsonNode node, Set<String> allowed, List<Object> at, String what) throws Problem {
        if (node == null || !node.isObject()) {
            throw new Problem(at, what + " must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new Problem(with(at, key), "unknown key \"" + key + "\" in " + what + "; expected one of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)), true);
            }
        }
    }

    /** {@code owner/repo} is short for the GitHub repository. */
    static String repositoryUri(String value) {
        if (!value.contains("://") && value.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            return "https://github.com/" + value;
        }
        return value;
    }

    private static List<Object> with(List<Object> path, Object segment) {
        List<Object> out = new ArrayList<>(path);
        out.add(segment);
        return out;
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
