package dev.trustlock.core.detect;

import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The version's evidence meets the policy's minimum for it: the global {@code require}
 * minimums, and per package a {@code require}, {@code trustedPublisher: true}, or any identity
 * expectation (which needs provenance to be checked at all).
 */
public final class RequiredEvidenceRule implements Rule {

    public static final String ID = "evidence-below-policy";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.ERROR, "Evidence below what the policy requires",
            "The policy requires a minimum evidence level (registry signature, provenance or trusted publisher) "
                    + "for this package and this version has less. Ask the maintainers to publish with provenance, "
                    + "or record a policy exception with a reason and an expiry date.",
            "5.0");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        Optional<ReleaseRecord> release = target.release();
        if (release.isEmpty() || target.evidenceUndecided()) {
            return List.of();
        }
        EvidenceLevel required = policy.minimumFor(target.name(), target.direct());
        EvidenceLevel actual = release.get().evidence();
        if (!actual.weakerThan(required)) {
            return List.of();
        }
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("required", required.id());
        evidence.put("actual", actual.id());
        evidence.put("verified", Boolean.toString(release.get().verified().isPresent()));
        policy.forPackage(target.name()).ifPresent(p -> evidence.put("policyEntry", p.pattern().pattern()));
        return List.of(Findings.of(ID, Severity.ERROR, target,
                "policy requires " + required.id() + " but this version has " + actual.id(), evidence));
    }
}
