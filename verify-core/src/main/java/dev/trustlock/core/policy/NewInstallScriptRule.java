package dev.trustlock.core.policy;

import dev.trustlock.core.history.ReleaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A preinstall / install / postinstall script that the previous release did not have (a
 * warning: this is how most npm malware runs), or whose command changed (a note). Compared with
 * the previous release of the line, or for a new line's first release the previous release of
 * the package. A package's very first release has nothing to compare with and is not reported.
 */
public final class NewInstallScriptRule extends HistoryRule {

    public static final String ID = "new-install-script";
    public static final String CHANGED = "install-script-changed";

    public NewInstallScriptRule() {
        super(ID);
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
                out.add(Finding.of(ID, Severity.WARNING, target,
                        "adds a " + script + " script that " + previous.get().version() + " did not have: " + command,
                        evidence));
            } else if (!before.get(script).equals(command)) {
                evidence.put("previousCommand", before.get(script));
                out.add(Finding.of(CHANGED, Severity.NOTE, target,
                        "changes the " + script + " script since " + previous.get().version() + " to: " + command,
                        evidence));
            }
        });
        return out;
    }
}
