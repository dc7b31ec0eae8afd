package dev.trustlock.core.policy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The shape of a policy, decided by {@code schemas/policy.schema.json} (bundled in the jar) and a
 * JSON Schema validator, so the schema editors show and the checks verify makes cannot drift.
 * This class only turns the validator's first error into a message written for a person who
 * mistyped a YAML file; what a schema cannot say (a calendar date, RE2 syntax, a duration's
 * range) stays in {@link PolicyFile}.
 */
final class PolicySchema {

    /** A violation at a path inside the policy; {@code atKey}: the key itself is wrong, not its value. */
    record Violation(List<Object> path, String message, boolean atKey) {
    }

    private static final JsonNode SCHEMA_TREE = load();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SCHEMA_TREE);

    /** Messages for the schema's alternatives, where the validator can only say "none matched". */
    private static final Map<String, String> ALTERNATIVES = Map.of(
            "/properties/require", "must be an evidence level (none, registry-signature, provenance, trusted-publisher)"
                    + " or a mapping with direct and all",
            "/properties/minimumReleaseAge", "must be a duration: minutes (1440), 90m, 72h, 3d, 1w or P3D",
            "/$defs/allowedSource", "give either url (a prefix of the lockfile's resolved URL) or gitHost, exactly one",
            "/$defs/packagePolicy", "give either ref (a glob) or refRegex, not both");

    private PolicySchema() {
    }

    /**
     * Alternatives told apart by the value's type (a level or a mapping; minutes or a duration
     * text): the failing branch that had the right type says what is wrong, more precisely than
     * "none matched".
     */
    private static final java.util.Set<String> BRANCH_BY_TYPE = java.util.Set.of("/properties/require",
            "/properties/minimumReleaseAge");

    static Optional<Violation> firstViolation(JsonNode policy) {
        List<Error> errors = SCHEMA.validate(policy);
        // An error inside one branch of a oneOf (or a not) says why that branch failed, not what
        // is wrong; the alternative's own error is the one to describe.
        Optional<Error> first = errors.stream().filter(e -> !insideAlternative(e)).findFirst();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Error chosen = first.get();
        if ("oneOf".equals(chosen.getKeyword()) && BRANCH_BY_TYPE.contains(parent(schemaPointer(chosen)))) {
            String branches = chosen.getEvaluationPath() + "/";
            chosen = errors.stream()
                    .filter(e -> e.getEvaluationPath().toString().startsWith(branches) && !"type".equals(e.getKeyword()))
                    .max(java.util.Comparator.comparingInt(e -> e.getInstanceLocation().getNameCount()))
                    .orElse(chosen);
        }
        return Optional.of(describe(chosen));
    }

    private static boolean insideAlternative(Error e) {
        String eval = e.getEvaluationPath().toString();
        return eval.contains("/oneOf/") || eval.contains("/not/");
    }

    private static Violation describe(Error e) {
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < e.getInstanceLocation().getNameCount(); i++) {
            path.add(e.getInstanceLocation().getElement(i));
        }
        JsonNode value = e.getInstanceNode();
        JsonNode rule = e.getSchemaNode();
        String where = schemaPointer(e);
        switch (e.getKeyword()) {
            case "additionalProperties" -> {
                String key = e.getProperty() != null ? e.getProperty() : String.valueOf(e.getArguments()[0]);
                path.add(key);
                JsonNode owner = SCHEMA_TREE.at(JsonPointer.compile(parent(where)));
                return new Violation(path, "unknown key \"" + key + "\"; expected one of "
                        + String.join(", ", new TreeSet<>(fieldNames(owner.path("properties")))), true);
            }
            case "required" -> {
                String key = e.getProperty() != null ? e.getProperty() : String.valueOf(e.getArguments()[0]);
                return new Violation(path, "needs " + key + " (" + describeProperty(where, key) + ")", false);
            }
            case "type" -> {
                String expected = rule.asText();
                String hint = "string".equals(expected) && value != null && value.isNumber()
                        ? " (quote it: YAML reads it as a number)" : "";
                return new Violation(path, "must be " + typeName(expected) + hint, false);
            }
            case "enum" -> {
                List<String> allowed = new ArrayList<>();
                rule.forEach(v -> allowed.add(v.asText()));
                return new Violation(path, "must be one of " + String.join(", ", allowed) + ", not "
                        + shown(value), false);
            }
            case "const" -> {
                return new Violation(path, "unsupported policy version " + shown(value) + "; this trustlock reads version "
                        + rule.asText(), false);
            }
            case "pattern" -> {
                String message = where.endsWith("/expires/pattern") ? "must be a calendar date YYYY-MM-DD, not "
                        + shown(value)
                        : where.startsWith("/properties/minimumReleaseAge/") ? "must be a duration: minutes (1440), 90m,"
                        + " 72h, 3d, 1w or P3D, not " + shown(value)
                        : "must not be empty";
                return new Violation(path, message, false);
            }
            case "minProperties" -> {
                return new Violation(path, "has no expectations; remove it or add some", false);
            }
            case "propertyNames", "minLength" -> {
                return new Violation(path, "a package name or glob must not be empty", true);
            }
            case "not" -> {
                // Two keys that exclude each other: point at the second one.
                JsonNode both = rule.path("required");
                boolean named = both.isArray() && !both.isEmpty();
                if (named) {
                    path.add(both.get(both.size() - 1).asText());
                }
                String message = ALTERNATIVES.get(parent(where));
                return new Violation(path, message != null ? message : e.getMessage(), named);
            }
            case "oneOf" -> {
                String message = ALTERNATIVES.get(parent(where));
                return new Violation(path, message != null ? message : e.getMessage(), false);
            }
            default -> {
                return new Violation(path, e.getMessage(), false);
            }
        }
    }

    private static String describeProperty(String where, String key) {
        JsonNode owner = SCHEMA_TREE.at(JsonPointer.compile(parent(where)));
        String description = owner.path("properties").path(key).path("description").asText("");
        return description.isEmpty() ? "a " + key : description.replaceAll("\\.$", "");
    }

    /** The failing keyword's location inside the schema, as a JSON pointer ("/$defs/exception/required"). */
    private static String schemaPointer(Error e) {
        String fragment = e.getSchemaLocation().getFragment().toString();
        // "#/$defs/x" or "$.$defs.x" depending on the path style: normalise to a pointer.
        if (fragment.startsWith("#")) {
            return fragment.substring(1);
        }
        return fragment.startsWith("/") ? fragment : "/" + fragment.replace('.', '/');
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "boolean" -> "true or false";
            case "integer" -> "a whole number";
            default -> "a " + jsonType;
        };
    }

    private static String shown(JsonNode value) {
        String s = value == null ? "nothing" : value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static JsonNode load() {
        try (InputStream in = PolicySchema.class.getResourceAsStream("policy.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("policy.schema.json is missing from the trustlock jar");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
