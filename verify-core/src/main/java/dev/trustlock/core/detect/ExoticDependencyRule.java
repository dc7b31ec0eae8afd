package dev.trustlock.core.detect;

import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.lockfile.Specifiers;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A release that starts depending on a git repository, a tarball URL or a local path (optional
 * dependencies included): code that bypasses the registry, its signatures and its provenance, and
 * that npm fetches and may build (a git dependency's {@code prepare} script runs at install).
 * Compromised CI publishes have pulled their payload this way (an optional dependency on a
 * commit of an attacker's fork). A dependency that was already exotic with the same specifier is
 * not news.
 */
public final class ExoticDependencyRule extends HistoryRule {

    public static final String ID = "exotic-dependency";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "New git, URL or file dependency",
            "This version adds a dependency (optional ones included) on a git repository, a tarball URL or a "
                    + "local path instead of a registry version. Such code bypasses registry signatures and "
                    + "provenance, and a git dependency's prepare script runs at install. Check where it points.",
            "7.0");

    public ExoticDependencyRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        Optional<ReleaseRecord> previous = target.history().baseline(target.version());
        if (previous.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        self.dependencies().forEach((dep, spec) -> {
            SourceType kind = Specifiers.ofSpecifier(spec);
            if (kind == SourceType.REGISTRY || spec.equals(previous.get().dependencies().get(dep))) {
                return;
            }
            Map<String, String> evidence = new TreeMap<>();
            evidence.put("dependency", dep);
            evidence.put("specifier", spec);
            evidence.put("kind", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            evidence.put("previousVersion", previous.get().version());
            Optional.ofNullable(previous.get().dependencies().get(dep)).ifPresent(p -> evidence.put("previousSpecifier", p));
            out.add(Findings.of(ID, Severity.WARNING, target,
                    "depends on " + dep + " from " + what(kind) + " (" + spec + "), which " + previous.get().version()
                            + " did not",
                    evidence));
        });
        return out;
    }

    private static String what(SourceType kind) {
        return switch (kind) {
            case GIT -> "a git repository";
            case REMOTE_TARBALL -> "a tarball URL";
            default -> "a local path";
        };
    }
}
