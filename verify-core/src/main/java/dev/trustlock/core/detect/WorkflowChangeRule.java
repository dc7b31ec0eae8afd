package dev.trustlock.core.detect;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Same source, built another way: another workflow file, a branch where the line released from
 * tags (or another branch), another trigger (a manual dispatch after pushed tags), or a
 * self-hosted runner after GitHub's. A stolen CI token or a poisoned workflow keeps the
 * repository and changes these. Compared with the earlier releases of the same source only (a
 * source change is {@link IdentityChangeRule}'s), silent when any of them matches, and when a
 * policy pins the package's identity.
 */
public final class WorkflowChangeRule implements Rule {

    public static final String ID = "workflow-change";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "Built another way than the line's releases",
            "This version's verified provenance comes from the same repository as the earlier releases of its "
                    + "line, but from another workflow file, a branch instead of a tag (or another branch), another "
                    + "trigger or a self-hosted runner. Compromised CI publishes look like this; so does a maintainer "
                    + "reorganising their release workflow. Check the workflow run the provenance names.",
            "7.0");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        Optional<PublishIdentity> current = target.verifiedIdentity();
        if (current.isEmpty() || IdentityChangeRule.pinnedByPolicy(target, policy)) {
            return List.of();
        }
        BuildIdentity now = BuildIdentity.of(current.get());
        List<Map.Entry<String, PublishIdentity>> sameSource = target.earlierIdentities().stream()
                .filter(e -> now.sourceDifferences(BuildIdentity.of(e.getValue())).isEmpty()).toList();
        if (sameSource.isEmpty()) {
            return List.of();
        }
        for (Map.Entry<String, PublishIdentity> e : sameSource) {
            if (now.buildDifferences(BuildIdentity.of(e.getValue())).isEmpty()) {
                return List.of();
            }
        }
        Map.Entry<String, PublishIdentity> last = sameSource.get(0);
        List<BuildIdentity.Difference> differences = now.buildDifferences(BuildIdentity.of(last.getValue()));
        return List.of(Findings.of(ID, Severity.WARNING, target,
                IdentityChangeRule.describe(differences, last.getKey(), sameSource),
                IdentityChangeRule.evidence(differences, sameSource)));
    }
}
