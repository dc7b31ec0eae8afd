package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.testing.Fixtures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML reports as a browser shows them: rendered by headless Chromium (Debian's chromium,
 * which .ci/run installs), whose DOM after the page's own script ran is what is checked. The
 * table's state is driven through the address fragment, as a shared link would.
 */
class HtmlReportsInChromiumTest {

    private static final Path SCENARIO = Fixtures.testdata("scenarios/axios-2026-03-31");
    private static final String[] SNAPSHOT = CliRun.snapshot(SCENARIO.resolve("snapshot"));
    private static final Pattern TBODY = Pattern.compile("<tbody ([^>]*)>");

    @TempDir
    static Path dir;
    private static String browser;
    private static Path verifyPage;
    private static Path explainPage;

    @BeforeAll
    static void render() {
        Optional<String> found = findBrowser();
        Assumptions.assumeTrue(found.isPresent(), "no Chromium on PATH (chromium, chromium-browser, google-chrome): the HTML"
                + " reports are not checked in a browser here; .ci/run installs Debian's chromium (apt-get install chromium)");
        browser = found.get();
        verifyPage = dir.resolve("verify.html");
        CliRun verify = CliRun.run("verify", SCENARIO.resolve("compromised").toString(), SNAPSHOT, "--format", "html",
                "-o", verifyPage.toString(), "-q");
        assertEquals(1, verify.exitCode(), verify.err());
        explainPage = dir.resolve("explain.html");
        CliRun explain = CliRun.run("explain", "axios", SNAPSHOT, "--format", "html", "-o", explainPage.toString());
        assertEquals(0, explain.exitCode(), explain.err());
    }

    @Test
    void theVerifyPageRunsItsScriptUnderItsOwnPolicyAndLoadsNothing() throws Exception {
        String html = Files.readString(verifyPage);
        assertFalse(html.contains(" src=") || html.contains("<link") || html.contains("@import"), "self-contained");
        assertTrue(html.contains("default-src 'none'"), "loads nothing from anywhere");
        Rendered page = dom(verifyPage, "");
        assertTrue(page.dom().contains("data-ready=\"1\""), "the inline script ran: its CSP hash matches\n" + page.log());
        assertFalse(page.log().contains("Refused to"), "no Content-Security-Policy violation:\n" + page.log());
        assertTrue(page.dom().matches("(?s).*id=\"verdict\"[^>]*>FAIL: 3 finding\\(s\\).*"), "the verdict on top");
        assertTrue(page.dom().contains("12 of 12 packages shown"), page.dom());
        assertEquals(List.of("axios", "plain-crypto-js"), visible(page.dom()).subList(0, 2),
                "worst first (both have an error), then by name");
    }

    @Test
    void theTableFiltersAndSortsAsTheAddressSays() throws Exception {
        Rendered filtered = dom(verifyPage, "#filter=plain");
        assertEquals(List.of("plain-crypto-js"), visible(filtered.dom()));
        assertTrue(filtered.dom().contains("1 of 12 packages shown"));
        assertEquals(List.of("axios"), visible(dom(verifyPage, "#filter=publisher-change").dom()), "rules are searchable");
        assertEquals(List.of("axios", "plain-crypto-js"), visible(dom(verifyPage, "#findings=1&sort=name").dom()));
        List<String> byName = visible(dom(verifyPage, "#sort=name").dom());
        assertEquals(byName.stream().sorted().toList(), byName);
        assertEquals(12, byName.size());
        assertEquals("axios", visible(dom(verifyPage, "#sort=findings-desc").dom()).get(0), "6 findings, the most");
        assertEquals(List.of(), visible(dom(verifyPage, "#status=INVALID").dom()));
        Rendered broken = dom(verifyPage, "#filter=%E0%A4%A&sort=name");
        assertEquals(12, visible(broken.dom()).size(), "a malformed address is ignored, the sort still applies");
        assertEquals(visible(broken.dom()).stream().sorted().toList(), visible(broken.dom()));
    }

    @Test
    void eachFindingNamesTheReleasesItComparedAndTheTimelineIsOneClickAway() throws Exception {
        String dom = dom(verifyPage, "").dom();
        assertTrue(dom.matches("(?s).*<b>trust-downgrade</b>: [^<]*<span class=\"compared meta\">\\(compared with 1\\.14\\.0\\).*"),
                "trust-downgrade compared 1.14.1 with 1.14.0");
        assertTrue(dom.contains("Trust timeline: 8 releases of the line up to 1.14.1"), "in a details element");
        assertTrue(dom.contains("<tr data-version=\"1.14.0\" class=\"compared\">"), "the compared release is marked");
    }

    @Test
    void theExplainPageDrawsTheDropOn1141() throws Exception {
        Rendered page = dom(explainPage, "");
        assertTrue(page.dom().contains("Trust dropped at 1.14.1: first release of the 1.x line without trusted publishing,"
                + " after 1.14.0"), page.dom());
        Matcher drop = Pattern.compile("<line class=\"drop\" data-version=\"([^\"]+)\"").matcher(page.dom());
        List<String> drops = new ArrayList<>();
        while (drop.find()) {
            drops.add(drop.group(1));
        }
        assertEquals(List.of("1.14.1"), drops, "one drop, on 1.14.1, in the chart");
        assertEquals(10, Pattern.compile("<circle data-version=").matcher(page.dom()).results().count(), "a point per release");
    }

    @Test
    void bothPagesPrintToPdf() throws Exception {
        for (Path page : List.of(verifyPage, explainPage)) {
            Path pdf = dir.resolve(page.getFileName() + ".pdf");
            chromium("--print-to-pdf=" + pdf, "--no-pdf-header-footer", page.toUri().toString());
            byte[] bytes = Files.readAllBytes(pdf);
            assertTrue(bytes.length > 10_000 && new String(bytes, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-"),
                    page + " printed to " + bytes.length + " bytes");
        }
    }

    /** The package names of the table's rows that are not hidden, in order. */
    private static List<String> visible(String dom) {
        List<String> names = new ArrayList<>();
        Matcher m = TBODY.matcher(dom);
        while (m.find()) {
            String attrs = m.group(1);
            if (!attrs.matches(".*\\bhidden(=\"\")?(\\s.*)?")) {
                Matcher name = Pattern.compile("data-name=\"([^\"]*)\"").matcher(attrs);
                assertTrue(name.find(), attrs);
                names.add(name.group(1));
            }
        }
        return names;
    }

    private record Rendered(String dom, String log) {
    }

    private static Rendered dom(Path page, String fragment) throws Exception {
        return chromium("--dump-dom", page.toUri() + fragment);
    }

    private static Rendered chromium(String... args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + Files.readString(err));
        return new Rendered(Files.readString(out), Files.readString(err));
    }

    private static Optional<String> findBrowser() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }
}
