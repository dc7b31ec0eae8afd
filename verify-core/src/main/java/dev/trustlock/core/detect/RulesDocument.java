package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Locale;

/**
 * docs/rules.md, written from the catalogue so that the document, SARIF's rule metadata and the
 * ids a policy exception may name never disagree. A test keeps the committed file equal to it.
 */
public final class RulesDocument {

    private RulesDocument() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Finding ids\n\n");
        out.append("Written from `RuleCatalog` (verify-core, package `dev.trustlock.core.detect`); do not edit by hand.\n");
        out.append("Regenerate with `mvn -pl verify-core test -Dtest=RulesDocumentTest -Dtrustlock.updateDocs=true`.\n\n");
        out.append("Every finding `trustlock verify` reports carries one of these ids. A policy exception can name any of\n");
        out.append("them (`rule:`); SARIF reports carry the same title, help and `security-severity`. The default\n");
        out.append("severity is the usual one with no policy; the text says when a rule reports more or less (a new\n");
        out.append("dependency is a note unless it is young or runs something at install; a release under the\n");
        out.append("policy's `minimumReleaseAge` is an error). How the detection rules were calibrated: README.md,\n");
        out.append("\"Detection\".\n\n");
        out.append("| id | default severity | title | security-severity |\n|---|---|---|---|\n");
        List<RuleInfo> entries = RuleCatalog.entries();
        for (RuleInfo r : entries) {
            out.append("| [`").append(r.id()).append("`](#").append(r.id()).append(") | ").append(severity(r.defaultSeverity()))
                    .append(" | ").append(r.title()).append(" | ").append(r.securitySeverity()).append(" |\n");
        }
        for (RuleInfo r : entries) {
            out.append("\n## ").append(r.id()).append("\n\n");
            out.append("**").append(r.title()).append("** (").append(severity(r.defaultSeverity())).append(")\n\n");
            out.append(r.help()).append('\n');
        }
        return out.toString();
    }

    private static String severity(Severity s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
