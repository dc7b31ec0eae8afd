package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every finding id trustlock verify can report, with its title, help, default severity and
 * code-scanning rank: the rules' own entries, in the order they run, then the findings the
 * pipeline and the exception handling report. It drives the SARIF rule metadata, the rules
 * document (docs/rules.md) and the ids a policy exception may name; ids it does not know (a
 * rule added later) still get a usable entry, so a new rule never breaks a report.
 */
public final class RuleCatalog {

    private static final List<Rule> RULES = List.of(new VerificationInvalidRule(), new VerificationUnverifiableRule(),
            new RequiredEvidenceRule(), new IdentityMismatchRule(), new IdentityChangeRule(), new WorkflowChangeRule(),
            new UnverifiedHistoryRule(),
            new TrustDowngradeRule(), new TrustedPublisherDroppedRule(), new PublisherChangeRule(),
            new MissingGitHeadRule(), new NewInstallScriptRule(), new InstallScriptChangedRule(), new NewDependencyRule(),
            new ExoticDependencyRule(), new ReleaseAgeRule(), new PublishBurstRule());

    private static final Map<String, RuleInfo> ENTRIES = entries(RULES);

    private RuleCatalog() {
    }

    private static Map<String, RuleInfo> entries(List<Rule> rules) {
        List<RuleInfo> all = new ArrayList<>();
        rules.forEach(r -> all.add(r.info()));
        all.addAll(PipelineFindings.INFOS);
        all.addAll(ReleaseChecks.INFOS);
        all.add(CorrelatedSignals.INFO);
        Map<String, RuleInfo> byId = new TreeMap<>();
        for (RuleInfo info : all) {
            if (byId.put(info.id(), info) != null) {
                throw new IllegalStateException("two catalogue entries for " + info.id());
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    /** The detection and policy rules, in the order they run. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** Every entry, sorted by id. */
    public static List<RuleInfo> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** Every id a finding (and so a policy exception) can carry. */
    public static Set<String> ids() {
        return ENTRIES.keySet();
    }

    /** The entry for {@code id}; a generic one for an id the catalogue does not know. */
    public static RuleInfo of(String id) {
        RuleInfo known = ENTRIES.get(id);
        return known != null ? known
                : new RuleInfo(id, Severity.WARNING, "trustlock check " + id,
                        "A trustlock verify finding of rule " + id + "; the result message explains it.", "5.0");
    }
}
