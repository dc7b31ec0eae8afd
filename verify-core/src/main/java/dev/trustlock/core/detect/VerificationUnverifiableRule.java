package dev.trustlock.core.detect;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.List;

/**
 * Trust could be established neither way (a key the trust material lacks, a bundle this version
 * cannot check, a registry that did not answer): never a pass, and reported with the severity
 * the policy chooses, since a stale key is more often the cause than an attack.
 */
public final class VerificationUnverifiableRule implements Rule {

    public static final String ID = "verification-unverifiable";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "Signatures and attestations could not be verified",
            "trustlock could not establish trust either way: the registry gave no usable answer, or a key, "
                    + "certificate authority or transparency log is not in the trusted material. Re-run with "
                    + "network access or a fresh snapshot, or refresh trust material with trustlock trust-update.",
            "5.0");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        // A registry that signs nothing is said once for the run (registry-unsigned), not per package.
        return target.verification().filter(r -> r.status() == VerificationStatus.UNVERIFIABLE)
                .filter(r -> r.code() != ReasonCode.REGISTRY_UNSIGNED)
                .map(r -> List.of(Findings.of(ID, policy.unverifiable(), target,
                        "signatures and attestations could not be verified either way: " + r.reason(),
                        VerificationInvalidRule.evidence(r))))
                .orElse(List.of());
    }
}
