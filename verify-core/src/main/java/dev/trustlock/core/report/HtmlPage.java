package dev.trustlock.core.report;

import dev.trustlock.core.io.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The shell of trustlock's HTML reports: one self-contained file (styles and script inline, no
 * external asset, so it works offline and from an attachment) under a Content-Security-Policy
 * that lets run only the script it carries (by hash) and loads nothing. Every text that reaches
 * the page passes {@link #esc}: package names, publishers and messages come from registry
 * metadata an attacker writes.
 */
final class HtmlPage {

    private static final String STYLE = """
            :root { --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; --dim:#656d76; --line:#d0d7de; --bg:#f6f8fa; }
            * { box-sizing: border-box; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:#1f2328; margin: 24px; }
            h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
            .meta { color: var(--dim); margin-bottom: 12px; }
            .verdict { border-radius: 6px; padding: 10px 14px; font-weight: 600; margin: 12px 0; border: 1px solid; }
            .verdict.pass { background:#dafbe1; border-color: var(--ok); color: var(--ok); }
            .verdict.fail { background:#ffebe9; border-color: var(--bad); color: var(--bad); }
            .verdict.unknown { background:#fff8c5; border-color: var(--warn); color: var(--warn); }
            .counts { display:flex; flex-wrap:wrap; gap:8px; margin: 8px 0 16px; padding:0; list-style:none; }
            .counts li { background: var(--bg); border:1px solid var(--line); border-radius:6px; padding:6px 10px; }
            .counts b { font-size: 18px; display:block; }
            .controls { display:flex; gap:12px; align-items:center; margin: 8px 0; flex-wrap: wrap; }
            .controls input[type=search] { padding:5px 8px; width: 260px; border:1px solid var(--line); border-radius:6px; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align:left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th button { font: inherit; font-weight: 600; background:none; border:0; padding:0; cursor:pointer; }
            th[aria-sort=ascending] button::after { content:" \\25B2"; } th[aria-sort=descending] button::after { content:" \\25BC"; }
            tr.detail td { border-bottom: 2px solid var(--line); background: #fcfcfd; }
            .s-VERIFIED { color: var(--ok); } .s-INVALID { color: var(--bad); font-weight:600; }
            .s-UNVERIFIABLE { color: var(--warn); } .s-NO_PROVENANCE { color: var(--dim); }
            .sev-error { color: var(--bad); font-weight:600; } .sev-warning { color: var(--warn); font-weight:600; }
            .sev-note { color: var(--dim); }
            ul.findings { margin: 4px 0; padding-left: 18px; }
            dl.evidence { display:grid; grid-template-columns: max-content auto; gap: 0 10px; margin: 2px 0 6px;
                          color: var(--dim); font-size: 12px; }
            dl.evidence dt { font-weight:600; } dl.evidence dd { margin:0; }
            details.facts { display:inline-block; margin-left: 6px; color: var(--dim); font-size: 12px; }
            details.facts[open] { display:block; } details.facts summary { cursor:pointer; }
            tr.dropped td { background:#ffebe9; } tr.focus td { font-weight:600; }
            tr.compared td:first-child::before { content:"\\2194 "; color: var(--dim); }
            .chart { max-width:100%; overflow-x:auto; } .chart svg { display:block; }
            code { font-size: 12px; }
            @media print {
              body { margin: 0; } .controls, th button::after { display:none; }
              tbody[hidden] { display: table-row-group !important; }
              tbody { break-inside: avoid; } .chart { overflow: visible; }
            }
            """;

    private HtmlPage() {
    }

    /** The whole document: {@code body} is trusted markup this package built, {@code script} inline JS. */
    static String page(String title, String body, String script) {
        String csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-"
                + sha256(script) + "'; base-uri 'none'; form-action 'none'";
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + esc(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body
                + "<script>" + script + "</script>\n</body>\n</html>\n";
    }

    /** Text as HTML text or a double-quoted attribute value. */
    static String esc(String s) {
        return Markup.attribute(s);
    }

    private static String sha256(String script) {
        return Base64.getEncoder().encodeToString(Digests.sha256(script.getBytes(StandardCharsets.UTF_8)));
    }
}
