package dev.trustlock.core.detect;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.RepositoryUris;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.PackagePolicy;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Verified provenance that comes from another repository, workflow, ref, OIDC issuer or runner
 * environment than the policy pins. One finding per differing field, so each can be excepted or
 * fixed on its own. Only a VERIFIED identity is compared, and only its certificate fields: an
 * unverified one is a claim, and its failure is {@link VerificationRule}'s and
 * {@link RequiredEvidenceRule}'s to report. A field the certificate does not record counts as
 * a mismatch: the policy asked for it and it cannot be shown (the predicate's word is not
 * taken for it).
 */
public final class IdentityMismatchRule implements Rule {

    public static final String ID = "identity-mismatch";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.ERROR, "Provenance identity differs from the policy",
            "The provenance says the package was built from another repository, workflow, ref, OIDC issuer or "
                    + "runner environment than trustlock.yaml expects. Treat it as a possible account or "
                    + "pipeline takeover until the maintainers confirm the change, then update the policy.",
            "8.5");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        Optional<PackagePolicy> entry = policy.forPackage(target.name());
        Optional<VerificationResult> result = target.verification();
        if (entry.isEmpty() || !entry.get().expectsIdentity() || result.isEmpty() || !result.get().verified()
                || result.get().identity().isEmpty()) {
            return List.of();
        }
        PackagePolicy p = entry.get();
        PublishIdentity id = result.get().identity().get();
        List<Finding> out = new ArrayList<>();
        p.repository().ifPresent(expected -> {
            Optional<String> actual = id.sourceRepositoryUri();
            if (actual.map(a -> RepositoryUris.normalize(a).equals(RepositoryUris.normalize(expected))).orElse(false)) {
                return;
            }
            out.add(mismatch(target, p, "repository", expected, actual));
        });
        p.workflow().ifPresent(expected -> {
            Optional<String> actual = id.workflow();
            if (actual.map(a -> normalizePath(a).equals(normalizePath(expected))).orElse(false)) {
                return;
            }
            out.add(mismatch(target, p, "workflow", expected, actual));
        });
        p.ref().ifPresent(expected -> {
            Optional<String> actual = id.ref();
            if (actual.map(expected::matches).orElse(false)) {
                return;
            }
            out.add(mismatch(target, p, "ref", expected.toString(), actual));
        });
        p.issuer().ifPresent(expected -> {
            Optional<String> actual = id.issuer();
            if (actual.map(a -> stripSlash(a).equals(stripSlash(expected))).orElse(false)) {
                return;
            }
            out.add(mismatch(target, p, "issuer", expected, actual));
        });
        p.runnerEnvironment().ifPresent(expected -> {
            Optional<String> actual = id.runnerEnvironment();
            if (actual.map(a -> a.equalsIgnoreCase(expected)).orElse(false)) {
                return;
            }
            out.add(mismatch(target, p, "runnerEnvironment", expected, actual));
        });
        return out;
    }

    private static Finding mismatch(CheckTarget target, PackagePolicy p, String field, String expected,
            Optional<String> actual) {
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("field", field);
        evidence.put("expected", expected);
        evidence.put("actual", actual.orElse("(not recorded)"));
        evidence.put("policyEntry", p.pattern().pattern());
        String message = actual
                .map(a -> "provenance " + field + " is " + a + " but the policy expects " + expected)
                .orElse("provenance does not record the " + field + " the policy expects (" + expected + ")");
        return Findings.of(ID, Severity.ERROR, target, message, evidence);
    }

    private static String normalizePath(String path) {
        String s = path.trim();
        while (s.startsWith("./") || s.startsWith("/")) {
            s = s.substring(s.startsWith("./") ? 2 : 1);
        }
        return s;
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
