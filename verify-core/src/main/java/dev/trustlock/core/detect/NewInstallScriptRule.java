package dev.trustlock.core.detect;

import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Something runs at install that did not before: a preinstall / install / postinstall script, a
 * {@code binding.gyp} (npm runs {@code node-gyp rebuild} for it without any script saying so), or
 * the registry's {@code hasInstallScript} mark. This is how most npm malware runs (axios's
 * dependency, Shai-Hulud, the cap-js hooks), hence a warning. Compared with the previous release
 * of the line, or for a new line's first release the previous release of the package; a
 * package's very first release has nothing to compare with. A script that changes is
 * {@link InstallScriptChangedRule}'s.
 */
public final class NewInstallScriptRule extends HistoryRule {

    public static final String ID = "new-install-script";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "New install script or native build",
            "This version runs something at install that the previous release did not: a preinstall, install or "
                    + "postinstall script, or a binding.gyp that npm builds with node-gyp. Install-time code runs "
                    + "with the installing user's rights before anyone reviews it; read it before installing, or "
                    + "install with --ignore-scripts.",
            "7.5");

    public NewInstallScriptRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        Optional<ReleaseRecord> previous = target.history().baseline(target.version());
        if (previous.isEmpty()) {
            return List.of();
        }
        SortedMap<String, String> before = previous.get().installVectors();
        List<Finding> out = new ArrayList<>();
        self.installVectors().forEach((vector, command) -> {
            // The registry's mark stands in for scripts it does not show; it is no news when any vector was there.
            if (before.containsKey(vector) || vector.equals("hasInstallScript") && !before.isEmpty()) {
                return;
            }
            Map<String, String> evidence = new TreeMap<>();
            evidence.put("script", vector);
            evidence.put("command", command);
            evidence.put("previousVersion", previous.get().version());
            out.add(Findings.of(ID, Severity.WARNING, target, describe(vector, command, previous.get().version()),
                    evidence));
        });
        return out;
    }

    private static String describe(String vector, String command, String previous) {
        return switch (vector) {
            case "binding.gyp" -> "adds a binding.gyp, which npm builds with node-gyp at install, that " + previous
                    + " did not have";
            case "hasInstallScript" -> "runs an install script (the registry marks it) that " + previous + " did not";
            default -> "adds a " + vector + " script that " + previous + " did not have: " + command;
        };
    }
}
