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

/** An install script the previous release also had, with another command: worth a look, rarely an attack alone. */
public final class InstallScriptChangedRule extends HistoryRule {

    public static final String ID = "install-script-changed";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.NOTE, "Install script changed",
            "An install script differs from the previous release of the line. Review the new command.", "4.0");

    public InstallScriptChangedRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        Optional<ReleaseRecord> previous = target.history().baseline(target.version());
        if (previous.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        Map<String, String> before = previous.get().installScripts();
        self.installScripts().forEach((script, command) -> {
            if (before.containsKey(script) && !before.get(script).equals(command)) {
                Map<String, String> evidence = new TreeMap<>();
                evidence.put("script", script);
                evidence.put("command", command);
                evidence.put("previousVersion", previous.get().version());
                evidence.put("previousCommand", before.get(script));
                out.add(Findings.of(ID, Severity.NOTE, target,
                        "changes the " + script + " script since " + previous.get().version() + " to: " + command,
                        evidence));
            }
        });
        return out;
    }
}
