package dev.trustlock.core.detect;

import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * This version's effective evidence (what verified) is weaker than the provenance an earlier
 * release of the same release line had. Comparing within the line (not across the whole
 * package, as pnpm's {@code no-downgrade} does) is what keeps a maintained old line that never
 * had provenance from being a false alarm. Only a loss of provenance counts: a lost registry
 * signature is the signature check's finding, and a registry that signs nothing is no downgrade.
 *
 * <p>A release that advertises provenance which does not verify (an unknown log key, an
 * untrusted chain, a stripped publish attestation: all choosable by whoever serves it) has the
 * evidence of what did verify, so it is a downgrade too, and the finding says both facts.
 * Reports the last earlier release with stronger evidence, the one a user would pin instead.
 */
public final class TrustDowngradeRule extends HistoryRule {

    public static final String ID = "trust-downgrade";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.ERROR, "Trust downgrade within a release line",
            "This version has weaker publish evidence than an earlier release of the same line: it lacks the "
                    + "provenance that release had (trusted publisher > provenance > registry signature; provenance "
                    + "that does not verify counts as none). Legitimate releases rarely lose provenance; a publish "
                    + "from a stolen token typically does. Pin the last strong version until explained.",
            "8.0");

    public TrustDowngradeRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        if (target.evidenceUndecided() || TrustedPublisherDroppedRule.applies(target, self)) {
            return List.of();
        }
        EvidenceLevel current = self.evidence();
        ReleaseRecord lastStrong = null;
        EvidenceLevel strongest = current;
        for (ReleaseRecord r : target.history().earlierInLine(target.version())) {
            if (current.weakerThan(r.evidence()) && !r.evidence().weakerThan(EvidenceLevel.PROVENANCE)) {
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
        evidence.put("advertised", self.advertised().id());
        evidence.put("strongestEarlierEvidence", strongest.id());
        evidence.put("lastStrongVersion", lastStrong.version());
        evidence.put("lastStrongEvidence", lastStrong.evidence().id());
        lastStrong.publishedAt().ifPresent(t -> evidence.put("lastStrongPublished", t.toString()));
        self.publishedAt().ifPresent(t -> evidence.put("published", t.toString()));
        String after = " after " + lastStrong.version() + " had " + lastStrong.evidence().id() + " in release line "
                + self.line().id();
        Optional<VerificationResult> failed = target.verification().filter(v -> !v.verified());
        String message;
        if (current.weakerThan(self.advertised()) && failed.isPresent()) {
            evidence.put("verification", failed.get().code().name());
            message = "advertises " + self.advertised().id() + " but only " + current.id() + " verified ("
                    + failed.get().reason() + ")" + after;
        } else {
            message = "published with " + current.id() + " evidence" + after;
        }
        return List.of(Findings.of(ID, Severity.ERROR, target, message, evidence));
    }
}
