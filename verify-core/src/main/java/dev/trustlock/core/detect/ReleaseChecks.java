package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Evaluation;
import dev.trustlock.core.policy.Exemption;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.policy.Suppressed;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs every rule over a package version and applies the policy's exceptions. {@code today}
 * is passed in (not read from a clock) so that a run is reproducible: the same snapshot, policy
 * and date give the same findings.
 */
public final class ReleaseChecks {

    public static final String UNKNOWN_VERSION = "version-unknown";
    public static final String EXCEPTION_EXPIRED = "exception-expired";

    /** The catalogue entries of the findings this class reports itself. */
    static final List<RuleInfo> INFOS = List.of(
            new RuleInfo(UNKNOWN_VERSION, Severity.WARNING, "Version not listed by the registry",
                    "The registry does not list this version, so its publish history cannot be checked. It may have "
                            + "been unpublished (often after a compromise) or come from another registry.",
                    "4.0"),
            new RuleInfo(EXCEPTION_EXPIRED, Severity.WARNING, "Policy exception expired",
                    "A policy exception for this package has passed its expiry date, so the findings it covered are "
                            + "reported again. Renew it with a reason or fix the underlying finding.",
                    "3.0"));

    private final Policy policy;
    private final LocalDate today;
    private final List<Rule> rules;

    public ReleaseChecks(Policy policy, LocalDate today) {
        this(policy, today, defaultRules());
    }

    public ReleaseChecks(Policy policy, LocalDate today, List<Rule> rules) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.today = Objects.requireNonNull(today, "today");
        this.rules = List.copyOf(rules);
    }

    public static List<Rule> defaultRules() {
        return RuleCatalog.rules();
    }

    /** The rules' findings about one package version, with the policy's exceptions applied. */
    public Evaluation check(CheckTarget target) {
        return evaluate(target.name(), target.version(), rules(target));
    }

    /** Every rule's findings about one package version, and their correlation, before exceptions. */
    public List<Finding> rules(CheckTarget target) {
        List<Finding> raw = new ArrayList<>();
        if (target.release().isEmpty()) {
            raw.add(Findings.of(UNKNOWN_VERSION, Severity.WARNING, target,
                    "the registry lists no version " + target.version() + " of " + target.name()
                            + ", so its publish history cannot be checked",
                    Map.of()));
        }
        for (Rule rule : rules) {
            raw.addAll(rule.check(target, policy));
        }
        CorrelatedSignals.of(target, raw).ifPresent(raw::add);
        return raw;
    }

    /**
     * The one place exceptions apply, to the rules' findings and the pipeline's alike: a finding
     * an active exception covers is suppressed (and kept as such), and an expired exception for
     * this package is a finding of its own.
     */
    public Evaluation evaluate(String name, String version, List<Finding> raw) {
        List<Finding> kept = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        for (Finding f : raw) {
            Exemption by = null;
            for (Exemption e : policy.exceptions()) {
                if (e.activeOn(today) && e.covers(f)) {
                    by = e;
                    break;
                }
            }
            if (by == null) {
                kept.add(f);
            } else {
                suppressed.add(new Suppressed(f, by));
            }
        }
        for (Exemption e : policy.exceptions()) {
            if (!e.activeOn(today) && e.appliesTo(name, version)) {
                kept.add(expired(e, name, version));
            }
        }
        return new Evaluation(kept, suppressed);
    }

    /** Every exception no longer in force on {@code today}, in file order. */
    public List<Exemption> expiredExceptions() {
        return policy.exceptions().stream().filter(e -> !e.activeOn(today)).toList();
    }

    private Finding expired(Exemption e, String name, String version) {
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("exception", "exceptions[" + e.index() + "]");
        evidence.put("expires", e.expires().toString());
        evidence.put("reason", e.reason());
        e.ruleId().ifPresent(r -> evidence.put("rule", r));
        return new Finding(EXCEPTION_EXPIRED, Severity.WARNING, name, version,
                "policy exception for " + e.pattern().pattern() + " expired on " + e.expires()
                        + "; the findings it covered are reported again",
                new TreeMap<>(evidence));
    }
}
