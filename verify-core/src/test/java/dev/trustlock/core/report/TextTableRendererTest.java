package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableRendererTest {

    @Test
    void oneRowPerPackageWithStatusAndEvidence() {
        VerifyReport report = ReportSamples.mixed();
        List<String> lines = Arrays.asList(new TextTableRenderer(false).render(report).split("\n"));
        for (PackageVerdict v : report.packages()) {
            List<String> rows = lines.stream().filter(l -> l.startsWith(v.name() + " ")).toList();
            assertEquals(1, rows.size(), v.name() + " in " + lines);
            List<String> cells = Arrays.asList(rows.get(0).trim().split("\\s{2,}"));
            assertEquals(v.version(), cells.get(1), rows.get(0));
            assertEquals(v.status().name(), cells.get(2), rows.get(0));
            assertEquals(v.evidence().id(), cells.get(3), rows.get(0));
        }
        String axios = lines.stream().filter(l -> l.startsWith("axios ")).findFirst().orElseThrow();
        assertTrue(axios.endsWith("  error: trust-downgrade (+3 more)"), axios);
    }

    @Test
    void columnsLineUp() {
        String[] lines = new TextTableRenderer(false).render(ReportSamples.mixed()).split("\n");
        String header = Arrays.stream(lines).filter(l -> l.startsWith("PACKAGE")).findFirst().orElseThrow();
        int status = header.indexOf("STATUS");
        for (String l : lines) {
            if (l.startsWith("axios ") || l.startsWith("@acme/widgets ") || l.startsWith("forged ")) {
                assertTrue(Character.isUpperCase(l.charAt(status)) && l.charAt(status - 1) == ' ', l);
            }
        }
    }

    @Test
    void findingsAndSummaryListed() {
        VerifyReport report = ReportSamples.mixed();
        String text = new TextTableRenderer(false).render(report);
        assertTrue(text.contains("ERROR   axios@1.14.1  trust-downgrade: published with registry-signature"), text);
        assertTrue(text.contains("WARNING shop-app@1.0.0  lockfile-partial: "), text);
        long errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = report.findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
        assertTrue(text.endsWith(report.packages().size() + " packages: 1 verified, 3 without provenance, 1 invalid, "
                + "2 unverifiable; " + errors + " errors, " + warnings + " warnings\n"), text);
    }

    @Test
    void colourOnlyWhenAskedAndNeverFromTheData() {
        String plain = new TextTableRenderer(false).render(ReportSamples.mixed());
        // The forged package's message carries an escape sequence; it must not reach the terminal.
        assertFalse(plain.contains("\u001b"), plain);
        assertFalse(plain.contains("\u0001"), plain);
        String coloured = new TextTableRenderer(true).render(ReportSamples.mixed());
        assertTrue(coloured.contains("\u001b[31mINVALID"), coloured);
        assertEquals(plain, coloured.replaceAll("\u001b\\[[0-9;]*m", ""));
    }
}
