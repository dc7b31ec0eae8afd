package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What reaches the HTML page from registry metadata is text, never markup or script. */
class HtmlReportTest {

    private static final String HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'";

    @Test
    void hostileMetadataIsEscapedInTextAndAttributes() {
        Finding f = ReportSamples.finding("publisher-change", Severity.WARNING, "evil", "1.0.0", "published by " + HOSTILE,
                Map.of("previousVersion", HOSTILE, "publisherName", HOSTILE));
        PackageVerdict v = new PackageVerdict("evil", "1.0.0", ReportIndex.npmPurl("evil", "1.0.0"), Optional.empty(),
                ReasonCode.NO_ATTESTATIONS, "no attestations " + HOSTILE, Optional.empty(), EvidenceLevel.REGISTRY_SIGNATURE_ONLY,
                List.of(f), Optional.of(HOSTILE), Optional.empty(), List.of());
        String html = HtmlReport.verify(VerifyReport.of("trustlock test", ReportSamples.AT, HOSTILE, List.of(v), List.of()),
                Map.of(), Gate.ERROR);
        assertFalse(html.contains("<script>alert"), "no script from metadata");
        assertFalse(html.contains("<img"), "no element from metadata");
        assertFalse(html.contains("onerror=alert(2)>"), "no attribute from metadata");
        assertEquals(1, Pattern.compile("<script>").matcher(html).results().count(), "only the page's own script");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
        assertTrue(html.contains("data-publisher=\"&quot;&gt;&lt;script&gt;"), "attribute values stay inside their quotes");
    }

    @Test
    void theVerdictOnTopIsTheGates() {
        PackageVerdict unknown = ReportSamples.verdict("left-pad", "1.3.0", VerificationStatus.UNVERIFIABLE,
                ReasonCode.REGISTRY_UNAVAILABLE, EvidenceLevel.NONE, Optional.empty());
        VerifyReport r = VerifyReport.of("trustlock test", ReportSamples.AT, "lock", List.of(unknown), List.of());
        assertTrue(HtmlReport.verify(r, Map.of(), Gate.ERROR).contains("data-exit=\"3\">COULD NOT VERIFY"));
        assertTrue(HtmlReport.verify(r, Map.of(), Gate.NEVER).contains("data-exit=\"0\">PASS"));
    }

    @Test
    void theScriptsHashIsWhatThePolicyAllows() throws Exception {
        String html = HtmlReport.verify(ReportSamples.mixed(), Map.of(), Gate.ERROR);
        var m = Pattern.compile("script-src 'sha256-([^']+)'").matcher(html);
        assertTrue(m.find());
        int start = html.indexOf("<script>") + "<script>".length();
        String script = html.substring(start, html.indexOf("</script>", start));
        String digest = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(digest, m.group(1));
    }

    @Test
    void comparedReleasesAreTheVersionsAFindingNames() {
        Finding f = ReportSamples.finding("trust-downgrade", Severity.ERROR, "a", "2.0.0", "m",
                Map.of("lastStrongVersion", "1.9.0", "previousVersion", "1.9.1", "line", "2", "evidence", "none"));
        assertEquals(List.of("1.9.0", "1.9.1"), HtmlReport.comparedReleases(f));
    }
}
