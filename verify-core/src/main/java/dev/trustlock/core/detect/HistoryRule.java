package dev.trustlock.core.detect;

import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * A rule that compares one release with the releases before it. A version the registry does
 * not list has no history to compare; the run reports it once elsewhere (version-unknown),
 * so these rules stay silent about it.
 */
abstract class HistoryRule implements Rule {

    private final RuleInfo info;

    HistoryRule(RuleInfo info) {
        this.info = info;
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    @Override
    public final List<Finding> check(CheckTarget target, Policy policy) {
        Optional<ReleaseRecord> self = target.release();
        return self.isEmpty() ? List.of() : check(target, self.get(), policy);
    }

    /** Findings about {@code self}, the release of {@code target} as the registry records it. */
    protected abstract List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy);
}
