package dev.trustlock.core.detect;

import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The npm account ({@code _npmUser} name or e-mail) that published this version is not one
 * that published the recent releases of its line. A stolen token or a hijacked maintainer
 * account shows up exactly like this; so does a new maintainer, hence a warning, not an error.
 */
public final class PublisherChangeRule extends HistoryRule {

    public static final String ID = "publisher-change";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.WARNING, "Publisher changed",
            "The npm account name or e-mail that published this version differs from the recent releases of "
                    + "the line. Check with the maintainers that the new publisher is expected.",
            "7.0");
    /** How many preceding releases of the line count as "recent". */
    static final int RECENT = 3;

    public PublisherChangeRule() {
        super(INFO);
    }

    @Override
    protected List<Finding> check(CheckTarget target, ReleaseRecord self, Policy policy) {
        List<ReleaseRecord> earlier = target.history().earlierInLine(target.version());
        if (earlier.isEmpty()) {
            return List.of();
        }
        List<ReleaseRecord> recent = earlier.subList(Math.max(0, earlier.size() - RECENT), earlier.size());
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> emails = new TreeSet<>();
        for (ReleaseRecord r : recent) {
            r.publisherName().ifPresent(names::add);
            r.publisherEmail().map(PublisherChangeRule::normalizeEmail).ifPresent(emails::add);
        }
        String name = self.publisherName().orElse("");
        String email = self.publisherEmail().map(PublisherChangeRule::normalizeEmail).orElse("");
        boolean nameChanged = !names.isEmpty() && !names.contains(name);
        boolean emailChanged = !emails.isEmpty() && !emails.contains(email);
        if (!nameChanged && !emailChanged) {
            return List.of();
        }
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("publisherName", self.publisherName().orElse("(none)"));
        evidence.put("publisherEmail", self.publisherEmail().orElse("(none)"));
        evidence.put("recentPublisherNames", String.join(", ", names));
        evidence.put("recentPublisherEmails", String.join(", ", emails));
        evidence.put("recentVersions", String.join(", ", recent.stream().map(ReleaseRecord::version).toList()));
        String what = nameChanged && emailChanged ? "publisher name and e-mail differ"
                : nameChanged ? "publisher name differs" : "publisher e-mail differs";
        return List.of(Findings.of(ID, Severity.WARNING, target,
                what + " from the recent releases of line " + self.line().id()
                        + " (" + evidence.get("recentVersions") + ")",
                evidence));
    }

    private static String normalizeEmail(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
