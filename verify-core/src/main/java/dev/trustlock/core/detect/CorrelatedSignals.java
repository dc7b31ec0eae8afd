package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Independent weak signals on one release, combined into one finding of higher severity that
 * lists them. Each signal alone has innocent explanations (a new maintainer, a publish from a
 * build directory, a new dependency); an attacker's release shows several at once (axios
 * 1.14.1: lost provenance, a new e-mail, no gitHead, a day-old dependency with a postinstall).
 * A signal is a rule's finding, counted once per rule. Supporting signals ({@code gitHead}
 * missing, a burst, a young release, a maintainer's first publish) are common together in
 * innocent monorepo releases, so they count only beside primary ones: a finding needs an install
 * vector or lost evidence with any other signal (an error), or two primary signals, or one primary
 * and two supporting ones (a warning). On the real histories, a maintainer's new e-mail in a
 * release train (primary and one supporting) was the one combination below that bar that an
 * ordinary release showed.
 */
public final class CorrelatedSignals {

    public static final String ID = "correlated-signals";
    static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "Several independent warning signs on one release",
            "Two or more signs that each have innocent explanations appear on this release together: lost "
                    + "provenance, a new publisher or e-mail, a build from another workflow or ref, a young or exotic "
                    + "new dependency, a new or changed install script, no gitHead, a burst of publishes, a release "
                    + "under a day old. Attacks show several at once. With an install script or lost provenance among "
                    + "them it is an error. The finding lists the signals; each is also reported on its own.",
            "8.0");

    private enum Weight { PRIMARY, ESCALATING, SUPPORTING }

    /** The rule ids that are signals, and how each counts at most. */
    private static final Map<String, Weight> SIGNALS = Map.of(
            TrustDowngradeRule.ID, Weight.ESCALATING,
            NewInstallScriptRule.ID, Weight.ESCALATING,
            InstallScriptChangedRule.ID, Weight.ESCALATING,
            PublisherChangeRule.ID, Weight.PRIMARY,
            WorkflowChangeRule.ID, Weight.PRIMARY,
            NewDependencyRule.ID, Weight.PRIMARY,
            ExoticDependencyRule.ID, Weight.PRIMARY,
            MissingGitHeadRule.ID, Weight.SUPPORTING,
            PublishBurstRule.ID, Weight.SUPPORTING,
            ReleaseAgeRule.ID, Weight.SUPPORTING);

    private CorrelatedSignals() {
    }

    /**
     * How a finding counts: a new dependency only when it is a warning (young, or runs something at
     * install); a git dependency as an install vector; a publisher note only as support when it is a maintainer's first publish, but as a
     * primary signal when it is a known account's new e-mail (the axios tell).
     */
    private static Weight weight(Finding f) {
        if (f.ruleId().equals(NewDependencyRule.ID) && f.severity() == Severity.NOTE) {
            return null;
        }
        if (f.ruleId().equals(ExoticDependencyRule.ID) && "git".equals(f.evidence().get("kind"))) {
            return Weight.ESCALATING; // npm runs a git dependency's prepare script at install
        }
        if (f.ruleId().equals(PublisherChangeRule.ID) && f.severity() == Severity.NOTE
                && !f.evidence().containsKey("knownEmails")) {
            return Weight.SUPPORTING;
        }
        return SIGNALS.get(f.ruleId());
    }

    /** The combined finding about {@code target}, given every rule's findings about it. */
    static Optional<Finding> of(CheckTarget target, List<Finding> findings) {
        Map<String, String> signals = new TreeMap<>();
        int primary = 0;
        int supporting = 0;
        boolean escalating = false;
        for (Finding f : findings) {
            Weight w = weight(f);
            if (w == null || signals.containsKey(f.ruleId())) {
                continue;
            }
            signals.put(f.ruleId(), f.message());
            primary += w != Weight.SUPPORTING ? 1 : 0;
            supporting += w == Weight.SUPPORTING ? 1 : 0;
            escalating |= w == Weight.ESCALATING;
        }
        if (signals.size() < 2 || !(escalating || primary >= 2 || primary == 1 && supporting >= 2)) {
            return Optional.empty();
        }
        Severity severity = escalating ? Severity.ERROR : Severity.WARNING;
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("signals", String.join(", ", signals.keySet()));
        signals.forEach((id, message) -> evidence.put("signal." + id, message));
        return Optional.of(Findings.of(ID, severity, target, signals.size() + " independent warning signs together ("
                + String.join(", ", signals.keySet()) + ")"
                + (escalating ? ", among them code run at install or lost provenance" : ""), evidence));
    }
}
