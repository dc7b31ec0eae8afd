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
 * A preinstall / install / postinstall script that the previous release did not have (a
 * warning: this is how most npm malware runs; a changed one is {@link InstallScriptChangedRule}'s). Compared with
 * the previous release of the line, or for a new line's first release the previous release of
 * the package. A package's very first release has nothing to compare with and is not reported.
 */
public final class NewInstallScriptRule extends HistoryRule {

    public static final String ID = "new-install-script";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "New install script",
            "This version adds a preinstall, install or postinstall script that the previous release of the "
                    + "line did not have. Install scripts run with the installing user's rights; review it "
                    + "before installing, or install with --ignore-scripts.",
            "7.5");

    public NewInstallScriptRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        Optional<ReleaseRecord> previous = target.history().previousRelease(target.version());
        if (previous.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        Map<String, String> before = previous.get().installScripts();
        self.installScripts().forEach((script, command) -> {
            Map<String, String> evidence = new TreeMap<>();
            evidence.put("script", script);
            evidence.put("command", command);
            evidence.put("previousVersion", previous.get().version());
            if (!before.containsKey(script)) {
                out.add(Findings.of(ID, Severity.WARNING, target,
                        "adds a " + script + " script that " + previous.get().version() + " did not have: " + command,
                        evidence));
            }
        });
        return out;
    }
}
