package dev.trustlock.core.detect;

import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The npm account that published this version never published the package before, or a known
 * account publishes from an e-mail it never used: a stolen token used from another account, or a
 * hijacked account whose e-mail the attacker changed (axios 1.14.1). Every earlier release of the
 * package counts, in any line, so rotation among a project's long-time maintainers is nothing; so
 * does the approver of a staged publish, who is the maintainer answering for it. An account that
 * was listed as a maintainer of earlier releases, or that published other packages of the
 * lockfile in the same release train, taking over publishing is how maintainership passes on (on
 * the real histories one release in twenty does): a note, supporting evidence for
 * {@link CorrelatedSignals}. A known account's new e-mail is a note too, since people change
 * addresses far more often than attackers take accounts over (eight of the 1,100 real releases
 * calibrated on), but a primary signal there: with lost provenance, an install script or a young
 * dependency beside it, as in axios 1.14.1, it is part of an error. An e-mail the account used on
 * another package of the lockfile before is no news. A verified trusted publish names no person and answers to the workflow the
 * certificate certifies (other rules compare that), so a move to trusted publishing is never a
 * publisher change; nor is a token publish whose verified provenance certifies the same build as
 * the line's earlier releases: the project's pipeline built it, whoever's token uploaded it.
 */
public final class PublisherChangeRule extends HistoryRule {

    public static final String ID = "publisher-change";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "New publisher or publisher e-mail",
            "The npm account that published this version never published this package before and held no rights "
                    + "on it (a warning), or is a maintainer publishing for the first time, or publishes from an "
                    + "e-mail it never used (notes, which count towards a correlated finding). Rotation among earlier "
                    + "publishers is not reported. A new maintainer looks like this; so does a stolen token or a "
                    + "taken-over account. Check with the maintainers that the publisher is expected.",
            "7.0");

    public PublisherChangeRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        if (self.publisherName().isEmpty() || self.evidence() == EvidenceLevel.TRUSTED_PUBLISHER
                || target.builtLikeEarlier()) {
            return List.of();
        }
        Map<String, Set<String>> known = new TreeMap<>();
        Set<String> maintainers = new TreeSet<>();
        int compared = 0;
        for (ReleaseRecord r : target.history().releases().values()) {
            if (r != self && publishedBefore(r, self)) {
                compared++;
                r.publisherName().ifPresent(n -> known.computeIfAbsent(Accounts.key(n), k -> new TreeSet<>())
                        .add(r.publisherEmail().map(Accounts::key).orElse("")));
                r.approver().flatMap(ReleaseRecord::accountName)
                        .ifPresent(n -> known.computeIfAbsent(Accounts.key(n), k -> new TreeSet<>()));
                r.maintainers().forEach(m -> maintainers.add(Accounts.key(m)));
            }
        }
        if (known.isEmpty()) {
            return List.of(); // a first release, or a history without publishers: nothing to compare
        }
        String publisher = self.publisherName().get();
        Optional<String> approver = self.approver().flatMap(ReleaseRecord::accountName).map(Accounts::key);
        if (approver.isPresent() && known.containsKey(approver.get())) {
            return List.of(); // a staged publish a known maintainer approved
        }
        Set<String> emails = known.get(Accounts.key(publisher));
        Optional<String> email = self.publisherEmail().map(Accounts::key);
        Instant when = self.publishedAt().orElse(target.run().at());
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("publisherName", publisher);
        evidence.put("publisherEmail", self.publisherEmail().orElse("(none)"));
        self.approver().ifPresent(a -> evidence.put("approver", a));
        evidence.put("knownPublishers", String.join(", ", known.keySet()));
        evidence.put("releasesCompared", String.valueOf(compared));
        if (emails == null) {
            boolean hadRights = maintainers.contains(Accounts.key(publisher));
            boolean publishesHere = target.run().publishesOtherPackages(publisher, target.name(), when);
            Severity severity = hadRights || publishesHere ? Severity.NOTE : Severity.WARNING;
            String context = hadRights ? ", but was listed as a maintainer of earlier releases"
                    : publishesHere ? ", but published other packages of this lockfile before" : "";
            evidence.put("listedMaintainer", String.valueOf(hadRights));
            return List.of(Findings.of(ID, severity, target, "published by " + publisher + ", who never published "
                    + target.name() + " before (" + compared + " earlier releases by " + String.join(", ", known.keySet())
                    + ")" + context, evidence));
        }
        boolean newEmail = email.isPresent() && !emails.contains(email.get()) && !emails.equals(Set.of(""))
                && !target.run().usedEmailBefore(publisher, email.get(), when);
        if (!newEmail) {
            return List.of();
        }
        String was = String.join(", ", emails.stream().filter(e -> !e.isEmpty()).toList());
        evidence.put("knownEmails", was);
        return List.of(Findings.of(ID, Severity.NOTE, target, "published by " + publisher + " from "
                + self.publisherEmail().get() + ", an e-mail never used for " + target.name()
                + " or any other package of this lockfile before (was " + was + ")", evidence));
    }

    /**
     * Published before {@code self}. An undated release is no baseline for a dated one; an
     * undated {@code self} (a mirror that strips {@code time}) is compared with every other
     * release rather than with none, so that stripping metadata does not silence the rule.
     */
    private static boolean publishedBefore(ReleaseRecord r, ReleaseRecord self) {
        if (self.publishedAt().isEmpty()) {
            return true;
        }
        return r.publishedAt().isPresent() && r.publishedAt().get().isBefore(self.publishedAt().get());
    }
}
