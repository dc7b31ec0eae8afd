package dev.trustlock.core.detect;

import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A dependency (regular or optional) that the previous release did not declare: injecting a
 * new package is how a compromised release pulls in its payload without touching its own code.
 * Compared as {@link NewInstallScriptRule} does.
 */
public final class NewDependencyRule extends HistoryRule {

    public static final String ID = "new-dependency";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "New dependency",
            "This version depends on a package the previous release of the line did not. Attackers add a "
                    + "dependency to deliver their payload; check that the new dependency is expected.",
            "6.0");

    public NewDependencyRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        Optional<ReleaseRecord> previous = target.history().previousRelease(target.version());
        if (previous.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        self.dependencies().forEach((dep, range) -> {
            if (previous.get().dependencies().containsKey(dep)) {
                return;
            }
            Map<String, String> evidence = new TreeMap<>();
            evidence.put("dependency", dep);
            evidence.put("range", range);
            evidence.put("previousVersion", previous.get().version());
            out.add(Findings.of(ID, Severity.WARNING, target,
                    "adds dependency " + dep + "@" + range + " that " + previous.get().version() + " did not have",
                    evidence));
        });
        return out;
    }
}
