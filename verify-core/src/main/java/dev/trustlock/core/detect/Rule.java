package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import java.util.List;

/**
 * One check, reporting findings of exactly one id. Rules are pure and independent;
 * {@link ReleaseChecks} runs them and applies the policy's exceptions, and {@link RuleCatalog}
 * lists them.
 */
public interface Rule {

    /** The catalogue entry of the rule's findings. */
    RuleInfo info();

    default String id() {
        return info().id();
    }

    List<Finding> check(CheckTarget target, Policy policy);
}
