package dev.trustlock.core.detect;

import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The release's provenance verified, but none of the earlier releases of its line that claim
 * provenance could be verified to compare it with: their attestations were refused, malformed
 * or not served. The identity rules then have no baseline and stay silent, which is what a
 * mirror that garbles old attestations would want; this note says so, naming each release and
 * why, so that the silence is never mistaken for a match.
 */
public final class UnverifiedHistoryRule implements Rule {

    public static final String ID = "history-unverified";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.NOTE, "No verified history to compare with",
            "This version's provenance verified, but the provenance of the earlier releases of its line did not "
                    + "(refused, malformed or not served), so its build identity could not be compared with theirs. "
                    + "Nothing was found wrong with this version; the comparison simply did not happen.",
            "3.0");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        if (target.verifiedIdentity().isEmpty() || target.earlier().isEmpty()
                || target.earlier().values().stream().anyMatch(VerificationResult::verified)) {
            return List.of();
        }
        List<String> why = new ArrayList<>();
        Map<String, String> evidence = new TreeMap<>();
        new TreeMap<>(target.earlier()).forEach((version, r) -> {
            why.add(version + ": " + r.code().name());
            evidence.put("earlier." + version, r.code().name() + ": " + r.reason());
        });
        return List.of(Findings.of(ID, Severity.NOTE, target, "no earlier release of the line verified to compare "
                + "its build identity with (" + String.join(", ", why) + ")", evidence));
    }
}
