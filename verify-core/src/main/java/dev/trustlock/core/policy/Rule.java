package dev.trustlock.core.policy;

import java.util.List;

/** One check. Rules are pure and independent; {@link PolicyChecks} runs them and applies exceptions. */
public interface Rule {

    /** The stable code of the rule's findings (some rules use more than one; see each rule). */
    String id();

    List<Finding> check(CheckTarget target, Policy policy);
}
