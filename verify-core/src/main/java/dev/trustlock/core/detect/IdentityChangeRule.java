package dev.trustlock.core.detect;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Verified provenance certifies another source than the earlier releases of the line did:
 * another repository (by URI or by GitHub's immutable repository or owner id) or another OIDC
 * issuer. No policy is needed: the line's own certified history is the expectation. Silent
 * when it matches any of the earlier releases verified (a project may alternate), and when a
 * policy pins the package's identity (the policy decides then).
 */
public final class IdentityChangeRule implements Rule {

    public static final String ID = "identity-change";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.ERROR, "Provenance from another source than the line's",
            "This version's verified provenance names another repository, repository owner or OIDC issuer than the "
                    + "earlier releases of its line, whose provenance was verified too. A project that really moved "
                    + "says so; an attacker publishing from their own fork or account looks exactly like this. "
                    + "Confirm with the maintainers before installing, then pin the new source in the policy.",
            "8.5");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        Optional<PublishIdentity> current = target.verifiedIdentity();
        List<Map.Entry<String, PublishIdentity>> earlier = target.earlierIdentities();
        if (current.isEmpty() || earlier.isEmpty() || pinnedByPolicy(target, policy)) {
            return List.of();
        }
        BuildIdentity now = BuildIdentity.of(current.get());
        for (Map.Entry<String, PublishIdentity> e : earlier) {
            if (now.sourceDifferences(BuildIdentity.of(e.getValue())).isEmpty()) {
                return List.of();
            }
        }
        Map.Entry<String, PublishIdentity> last = earlier.get(0);
        List<BuildIdentity.Difference> differences = now.sourceDifferences(BuildIdentity.of(last.getValue()));
        return List.of(Findings.of(ID, Severity.ERROR, target, describe(differences, last.getKey(), earlier),
                evidence(differences, earlier)));
    }

    static boolean pinnedByPolicy(CheckTarget target, Policy policy) {
        return policy.forPackage(target.name()).map(p -> p.expectsIdentity()).orElse(false);
    }

    /** "provenance ref: branch main, not a tag as in 1.2.3 (compared with 1.2.3, 1.2.2)". */
    static String describe(List<BuildIdentity.Difference> differences, String lastVersion,
            List<Map.Entry<String, PublishIdentity>> compared) {
        List<String> parts = new ArrayList<>();
        for (BuildIdentity.Difference d : differences) {
            parts.add(d.field() + ": " + d.now() + ", not " + d.before());
        }
        return "provenance " + String.join("; ", parts) + " as in " + lastVersion + " (compared with "
                + versions(compared) + ")";
    }

    static Map<String, String> evidence(List<BuildIdentity.Difference> differences,
            List<Map.Entry<String, PublishIdentity>> compared) {
        Map<String, String> ev = new TreeMap<>();
        for (BuildIdentity.Difference d : differences) {
            ev.put(key(d.field()) + ".before", d.before());
            ev.put(key(d.field()) + ".now", d.now());
        }
        ev.put("compared", versions(compared));
        return ev;
    }

    private static String key(String field) {
        return field.replace(" ", "");
    }

    static String versions(List<Map.Entry<String, PublishIdentity>> compared) {
        return String.join(", ", compared.stream().map(Map.Entry::getKey).toList());
    }
}
