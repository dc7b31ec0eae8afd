package dev.trustlock.core.detect;

import dev.trustlock.core.attest.PublishIdentity;
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
 * Verified provenance from the same certified source and workflow as the line's trusted
 * publishes, without the trusted-publisher marker: the workflow published with a token and
 * {@code --provenance} instead of OIDC trusted publishing. The build is still the project's own,
 * so this is a note, not a downgrade (one of pnpm's known false positives).
 */
public final class TrustedPublisherDroppedRule extends HistoryRule {

    public static final String ID = "trusted-publisher-dropped";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.NOTE, "Provenance without the trusted-publisher marker",
            "This version has verified provenance from the same repository and workflow as earlier releases that "
                    + "were published through npm trusted publishing, but was itself published with a token. The "
                    + "build is the project's own; the token it used is a secret that can leak, so maintainers may "
                    + "want to go back to trusted publishing.",
            "3.0");

    public TrustedPublisherDroppedRule() {
        super(INFO);
    }

    /** The release verified as provenance from a build identity an earlier trusted publish of its line had. */
    static boolean applies(CheckTarget target, ReleaseRecord self) {
        Optional<PublishIdentity> current = target.verifiedIdentity();
        if (self.evidence() != EvidenceLevel.PROVENANCE || current.isEmpty()) {
            return false;
        }
        BuildIdentity now = BuildIdentity.of(current.get());
        return target.earlierIdentities().stream()
                .filter(e -> target.history().release(e.getKey()).map(r -> r.evidence() == EvidenceLevel.TRUSTED_PUBLISHER)
                        .orElse(false))
                .anyMatch(e -> now.sameBuild(BuildIdentity.of(e.getValue())));
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        if (!applies(target, self)) {
            return List.of();
        }
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("compared", IdentityChangeRule.versions(target.earlierIdentities()));
        self.publisherName().ifPresent(p -> evidence.put("publisher", p));
        return List.of(Findings.of(ID, Severity.NOTE, target,
                "verified provenance from the line's own workflow, published with a token instead of trusted publishing"
                        + " (compared with " + evidence.get("compared") + ")",
                evidence));
    }
}
