package dev.trustlock.core.policy;

import dev.trustlock.core.history.ReleaseRecord;
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

    public NewDependencyRule() {
        super(ID);
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
            out.add(Finding.of(ID, Severity.WARNING, target,
                    "adds dependency " + dep + "@" + range + " that " + previous.get().version() + " did not have",
                    evidence));
        });
        return out;
    }
}
