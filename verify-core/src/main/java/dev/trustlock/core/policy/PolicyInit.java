package dev.trustlock.core.policy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.trustlock.core.attest.PublishIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds a trust-on-first-use policy: every package is pinned to the identity its verified
 * provenance shows today, so that a later release from another repository, workflow or runner
 * is reported. What {@code trustlock policy init} writes.
 *
 * <p>When a package is present in several versions, only what all of them agree on is pinned;
 * tag refs are generalised to {@code refs/tags/*}, since every release has its own tag.
 * Output is deterministic: packages sorted by name, keys in a fixed order, every value quoted.
 */
public final class PolicyInit {

    /** One verified package version: its name, its identity, whether a trusted publisher published it. */
    public record Pin(String name, PublishIdentity identity, boolean trustedPublisher) {
        public Pin {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(identity, "identity");
        }

        public Pin(String name, PublishIdentity identity) {
            this(name, identity, false);
        }
    }

    private static final java.util.Set<String> RUNNERS = java.util.Set.of("github-hosted", "gitlab-hosted", "self-hosted");

    private PolicyInit() {
    }

    /** The policy text; packages whose identities agree on nothing are left out. */
    public static String yaml(Collection<Pin> pins) {
        SortedMap<String, List<Pin>> byName = new TreeMap<>();
        for (Pin p : pins) {
            byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
        }
        StringBuilder out = new StringBuilder();
        out.append("# trustlock policy, pinned on first use to the identities these packages were verified with.\n");
        out.append("# Review it: every entry trusts whatever published the versions seen so far.\n");
        out.append("version: 1\n");
        StringBuilder entries = new StringBuilder();
        for (Map.Entry<String, List<Pin>> e : byName.entrySet()) {
            Map<String, String> fields = pinned(e.getValue());
            if (fields.isEmpty()) {
                continue;
            }
            entries.append("  ").append(quote(e.getKey())).append(":\n");
            fields.forEach((k, v) -> entries.append("    ").append(k).append(": ").append(v).append('\n'));
        }
        if (entries.length() == 0) {
            out.append("packages: {}\n");
        } else {
            out.append("packages:\n").append(entries);
        }
        return out.toString();
    }

    private static Map<String, String> pinned(List<Pin> pins) {
        Map<String, String> fields = new LinkedHashMap<>();
        common(pins, PublishIdentity::sourceRepositoryUri)
                .ifPresent(v -> fields.put("repository", quote(v)));
        common(pins, PublishIdentity::workflow)
                .ifPresent(v -> fields.put("workflow", quote(v)));
        common(pins, id -> id.ref().or(id::sourceRepositoryRef).map(PolicyInit::generaliseRef))
                .ifPresent(v -> fields.put("ref", quote(v)));
        common(pins, PublishIdentity::issuer).ifPresent(v -> fields.put("issuer", quote(v)));
        common(pins, PublishIdentity::runnerEnvironment).filter(RUNNERS::contains)
                .ifPresent(v -> fields.put("runner", quote(v)));
        if (pins.stream().allMatch(Pin::trustedPublisher)) {
            fields.put("trustedPublisher", "true");
        }
        return fields;
    }

    /** The value every pin has, if they all have the same one. */
    private static Optional<String> common(List<Pin> pins, Function<PublishIdentity, Optional<String>> field) {
        Optional<String> first = field.apply(pins.get(0).identity());
        if (first.isEmpty()) {
            return Optional.empty();
        }
        for (Pin p : pins) {
            if (!field.apply(p.identity()).equals(first)) {
                return Optional.empty();
            }
        }
        return first;
    }

    private static String generaliseRef(String ref) {
        return ref.startsWith("refs/tags/") ? "refs/tags/*" : ref;
    }

    /** A YAML double-quoted scalar; JSON escapes are valid in it. */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
