package dev.trustlock.core.detect;

import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * No {@code gitHead} where earlier releases of the line had one. npm records gitHead when it
 * publishes from a git checkout; its absence means the tarball was published from somewhere
 * else, as a hand publish from an attacker's machine is. But many projects publish from a
 * build directory or with tools that drop it now and then (on the real histories it is the most
 * common difference between ordinary releases), so alone it is a note, and it counts in
 * {@link CorrelatedSignals} as supporting evidence.
 */
public final class MissingGitHeadRule extends HistoryRule {

    public static final String ID = "git-head-missing";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.NOTE, "No gitHead although earlier releases had one",
            "Releases published from a git checkout record the commit (gitHead); this one does not while "
                    + "earlier releases did. Alone this is common and harmless (a publish from a build directory); "
                    + "with other signals it suggests a publish from outside the usual pipeline.",
            "5.5");

    public MissingGitHeadRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        if (self.gitHead().isPresent()) {
            return List.of();
        }
        ReleaseRecord lastWithHead = null;
        for (ReleaseRecord r : target.history().earlierInLine(target.version())) {
            if (r.gitHead().isPresent()) {
                lastWithHead = r;
            }
        }
        if (lastWithHead == null) {
            return List.of();
        }
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("line", self.line().id());
        evidence.put("lastVersionWithGitHead", lastWithHead.version());
        evidence.put("lastGitHead", lastWithHead.gitHead().get());
        return List.of(Findings.of(ID, Severity.NOTE, target,
                "no gitHead recorded although " + lastWithHead.version() + " of line " + self.line().id()
                        + " had one",
                evidence));
    }
}
