package dev.trustlock.core.policy;

import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.ReleaseRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * This version's evidence is weaker than that of an earlier release of the same release line.
 * Comparing within the line (not across the whole package, as pnpm's {@code no-downgrade}
 * does) is what keeps a maintained old line that never had provenance from being a false alarm.
 * Reports the last earlier release with stronger evidence, the one a user would pin instead.
 */
public final class TrustDowngradeRule extends HistoryRule {

    public static final String ID = "trust-downgrade";

    public TrustDowngradeRule() {
        super(ID);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        EvidenceLevel current = self.evidence();
        List<ReleaseRecord> earlier = target.history().earlierInLine(target.version());
        ReleaseRecord lastStrong = null;
        EvidenceLevel strongest = current;
        for (ReleaseRecord r : earlier) {
            if (current.weakerThan(r.evidence())) {
                lastStrong = r; // oldest first, so the last one kept is the most recent
            }
            if (strongest.weakerThan(r.evidence())) {
                strongest = r.evidence();
            }
        }
        if (lastStrong == null) {
            return List.of();
        }
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("line", self.line().id());
        evidence.put("evidence", current.id());
        evidence.put("strongestEarlierEvidence", strongest.id());
        evidence.put("lastStrongVersion", lastStrong.version());
        evidence.put("lastStrongEvidence", lastStrong.evidence().id());
        lastStrong.publishedAt().ifPresent(t -> evidence.put("lastStrongPublished", t.toString()));
        self.publishedAt().ifPresent(t -> evidence.put("published", t.toString()));
        return List.of(Finding.of(ID, Severity.ERROR, target,
                "published with " + current.id() + " evidence after " + lastStrong.version() + " had "
                        + lastStrong.evidence().id() + " in release line " + self.line().id(),
                evidence));
    }
}
