package dev.trustlock.core.report;

import static dev.trustlock.core.report.HtmlPage.esc;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.policy.Suppressed;
import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.Summary;
import dev.trustlock.core.verify.TrustTimeline;
import dev.trustlock.core.verify.VerifyReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Self-contained HTML pages for people who would rather look than read: {@code verify --format
 * html} (the verdict and counts on top, a sortable, filterable package table, each finding with
 * the releases it compared, each package's trust timeline one click away) and {@code explain
 * --format html} (the timeline as a chart and a table). They work offline and print to PDF.
 *
 * <p>The table's state lives in the address's fragment ({@code #filter=axios&status=INVALID&sort=findings-desc}),
 * so a link shows the same view; the script only reorders and hides rows that are all in the file.
 */
public final class HtmlReport {

    private static final String SCRIPT = """
            (function () {
              var table = document.getElementById('packages');
              document.documentElement.dataset.ready = '1';
              if (!table) { return; }
              var q = document.getElementById('filter'), st = document.getElementById('status'),
                  only = document.getElementById('only-findings'), shown = document.getElementById('shown');
              var sortKey = 'severity', sortDir = -1;
              function bodies() { return Array.prototype.slice.call(table.tBodies); }
              function sort(key, dir) {
                sortKey = key; sortDir = dir;
                var b = bodies();
                b.sort(function (x, y) {
                  var a = x.dataset[key] || '', c = y.dataset[key] || '';
                  var n = (a !== '' && c !== '' && !isNaN(a) && !isNaN(c)) ? Number(a) - Number(c) : a.localeCompare(c);
                  return n ? n * dir : x.dataset.name.localeCompare(y.dataset.name);
                });
                b.forEach(function (t) { table.appendChild(t); });
                Array.prototype.forEach.call(table.tHead.querySelectorAll('th[data-key]'), function (th) {
                  th.setAttribute('aria-sort', th.dataset.key === key ? (dir > 0 ? 'ascending' : 'descending') : 'none');
                });
              }
              function filter() {
                var text = q.value.trim().toLowerCase(), status = st.value, n = 0;
                bodies().forEach(function (t) {
                  var ok = (!text || t.dataset.search.indexOf(text) >= 0) && (!status || t.dataset.status === status)
                      && (!only.checked || Number(t.dataset.findings) > 0);
                  t.hidden = !ok; if (ok) { n++; }
                });
                shown.textContent = n + ' of ' + bodies().length + ' packages shown';
              }
              function remember() {
                var p = [];
                if (q.value) { p.push('filter=' + encodeURIComponent(q.value)); }
                if (st.value) { p.push('status=' + st.value); }
                if (only.checked) { p.push('findings=1'); }
                if (sortKey !== 'severity' || sortDir > 0) { p.push('sort=' + sortKey + (sortDir < 0 ? '-desc' : '')); }
                history.replaceState(null, '', p.length ? '#' + p.join('&') : location.pathname);
              }
              location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
                var i = kv.indexOf('='), k = kv.slice(0, i), v;
                try { v = decodeURIComponent(kv.slice(i + 1)); } catch (e) { return; }
                if (k === 'filter') { q.value = v; }
                if (k === 'status') { st.value = v; }
                if (k === 'findings') { only.checked = v === '1'; }
                if (k === 'sort') { sortKey = v.replace(/-desc$/, ''); sortDir = /-desc$/.test(v) ? -1 : 1; }
              });
              Array.prototype.forEach.call(table.tHead.querySelectorAll('th[data-key] button'), function (b) {
                b.addEventListener('click', function () {
                  var key = b.parentNode.dataset.key;
                  sort(key, key === sortKey ? -sortDir : (key === 'findings' || key === 'severity' ? -1 : 1));
                  remember();
                });
              });
              [q, st, only].forEach(function (el) { el.addEventListener('input', function () { filter(); remember(); }); });
              window.addEventListener('beforeprint', function () {
                Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
              });
              sort(sortKey, sortDir);
              filter();
            })();
            """;

    private HtmlReport() {
    }

    /**
     * The page for a verify run.
     *
     * @param timelines each package's timeline by name@version (a package without one shows none)
     * @param gate      what fails the run, so that the verdict on top matches the exit code
     */
    public static String verify(VerifyReport report, Map<String, TrustTimeline> timelines, Gate gate) {
        StringBuilder b = new StringBuilder();
        b.append("<header><h1>trustlock verify: ").append(esc(report.source())).append("</h1>\n<div class=\"meta\">")
                .append(esc(report.tool())).append(", ").append(esc(TimelineRenderer.time(report.generatedAt())))
                .append("</div>\n");
        GateVerdict verdict = GateVerdict.of(gate, report, "", "package(s)");
        b.append("<div class=\"verdict ").append(verdict.kind()).append("\" id=\"verdict\" data-exit=\"")
                .append(verdict.exit()).append("\">").append(esc(verdict.line())).append(" (exit ").append(verdict.exit())
                .append(")</div>\n");
        Summary s = report.summary();
        b.append("<ul class=\"counts\" id=\"counts\">");
        count(b, "packages", s.packages());
        count(b, "verified", s.verified());
        count(b, "without provenance", s.noProvenance());
        count(b, "invalid", s.invalid());
        count(b, "unverifiable", s.unverifiable());
        count(b, "errors", s.errors());
        count(b, "warnings", s.warnings());
        b.append("</ul></header>\n");

        Set<String> judged = new java.util.HashSet<>();
        report.packages().forEach(p -> judged.add(p.name() + "@" + p.version()));
        List<Finding> runFindings = report.findings().stream()
                .filter(f -> !judged.contains(f.packageName() + "@" + f.version())).toList();
        if (!runFindings.isEmpty()) {
            b.append("<h2>About the run</h2>\n");
            findings(b, runFindings);
        }

        b.append("<h2>Packages</h2>\n<div class=\"controls\"><input type=\"search\" id=\"filter\" placeholder=\"Filter:"
                + " name, publisher, rule\" aria-label=\"filter packages\"> <select id=\"status\" aria-label=\"status\">"
                + "<option value=\"\">any status</option>");
        for (VerificationStatus v : VerificationStatus.values()) {
            b.append("<option>").append(v.name()).append("</option>");
        }
        b.append("</select> <label><input type=\"checkbox\" id=\"only-findings\"> only with findings</label>"
                + " <span id=\"shown\" class=\"meta\"></span></div>\n");
        b.append("<table id=\"packages\"><thead><tr>");
        header(b, "name", "Package");
        header(b, "version", "Version");
        header(b, "status", "Status");
        header(b, "evidence", "Evidence");
        header(b, "publisher", "Publisher");
        header(b, "severity", "Worst");
        header(b, "findings", "Findings");
        b.append("</tr></thead>\n");
        for (PackageVerdict p : report.packages()) {
            pkg(b, p, Optional.ofNullable(timelines.get(p.name() + "@" + p.version())));
        }
        b.append("</table>\n");

        List<Suppressed> suppressed = report.suppressed();
        if (!suppressed.isEmpty()) {
            b.append("<h2>Waived by policy exceptions</h2>\n<ul class=\"findings\">");
            for (Suppressed x : suppressed) {
                b.append("<li>").append(esc(x.finding().packageName() + "@" + x.finding().version() + " "
                        + x.finding().ruleId() + ": " + x.finding().message())).append(" <span class=\"meta\">(")
                        .append(esc(x.exemption().reason() + ", expires " + x.exemption().expires())).append(")</span></li>");
            }
            b.append("</ul>\n");
        }
        if (!report.skipped().isEmpty()) {
            b.append("<h2>Not npm packages, not verified</h2>\n<p>");
            b.append(esc(String.join(", ", report.skipped()))).append("</p>\n");
        }
        return HtmlPage.page("trustlock verify: " + report.source(), b.toString(), SCRIPT);
    }

    /** The page for {@code explain}: the chart, then the table. */
    public static String timeline(TrustTimeline t, String tool, Instant generatedAt) {
        StringBuilder b = new StringBuilder();
        b.append("<header><h1>").append(esc(t.name())).append(": trust timeline</h1>\n<div class=\"meta\">")
                .append(esc(tool + ", " + TimelineRenderer.time(generatedAt)))
                .append(t.focus().map(v -> esc(", the line of " + v + " up to it")).orElse("")).append("</div>\n");
        List<TrustTimeline.Row> drops = t.rows().stream().filter(r -> r.trustDropped().isPresent()).toList();
        if (drops.isEmpty()) {
            b.append("<div class=\"verdict pass\" id=\"verdict\">Trust never dropped between releases whose evidence could"
                    + " be checked.</div>\n");
        } else {
            for (TrustTimeline.Row r : drops) {
                b.append("<div class=\"verdict fail\" id=\"verdict\">").append(esc("Trust dropped at " + r.version() + ": "
                        + r.trustDropped().get())).append("</div>\n");
            }
        }
        b.append("</header>\n");
        timelineBody(b, t, Set.of());
        return HtmlPage.page(t.name() + ": trust timeline", b.toString(), SCRIPT);
    }

    private static void pkg(StringBuilder b, PackageVerdict p, Optional<TrustTimeline> timeline) {
        Optional<Severity> worst = p.findings().stream().map(Finding::severity).min(Enum::compareTo);
        String search = (p.name() + " " + p.version() + " " + p.publisher().orElse("") + " "
                + String.join(" ", p.findings().stream().map(Finding::ruleId).toList())).toLowerCase(Locale.ROOT);
        b.append("<tbody data-name=\"").append(esc(p.name())).append("\" data-version=\"").append(esc(p.version()))
                .append("\" data-status=\"").append(p.status().name()).append("\" data-evidence=\"").append(p.evidence().ordinal())
                .append("\" data-publisher=\"").append(esc(p.publisher().orElse(""))).append("\" data-severity=\"")
                .append(worst.map(s -> String.valueOf(Severity.values().length - s.ordinal())).orElse("0"))
                .append("\" data-findings=\"").append(p.findings().size()).append("\" data-search=\"").append(esc(search))
                .append("\">\n<tr><td><b>").append(esc(p.name())).append("</b></td><td>").append(esc(p.version()))
                .append("</td><td class=\"s-").append(p.status().name()).append("\" title=\"").append(esc(p.reason()))
                .append("\">").append(p.status().name()).append("</td><td>").append(esc(p.evidence().id()))
                .append(p.identity().map(id -> "<br><code>" + esc(id.build()) + "</code>").orElse(""))
                .append("</td><td>").append(esc(p.publisher().orElse("-"))).append("</td><td>")
                .append(worst.map(s -> "<span class=\"sev-" + s.id() + "\">" + s.id() + "</span>").orElse("-"))
                .append("</td><td>").append(p.findings().size()).append("</td></tr>\n");
        b.append("<tr class=\"detail\"><td colspan=\"7\">");
        b.append("<div class=\"meta\">").append(esc(p.reason())).append("</div>");
        if (!p.findings().isEmpty()) {
            findings(b, p.findings());
        }
        Set<String> compared = new TreeSet<>();
        p.findings().forEach(f -> compared.addAll(comparedReleases(f)));
        timeline.filter(t -> !t.rows().isEmpty()).ifPresent(t -> {
            b.append("<details><summary>Trust timeline: ").append(Counts.of(t.rows().size(), "release"))
                    .append(" of the line up to ")
                    .append(esc(p.version())).append("</summary>");
            timelineBody(b, t, compared);
            b.append("</details>");
        });
        b.append("</td></tr>\n</tbody>\n");
    }

    /** Each finding, its rule and message, and the facts it compared (the releases among them). */
    private static void findings(StringBuilder b, List<Finding> findings) {
        b.append("<ul class=\"findings\">");
        for (Finding f : findings) {
            b.append("<li class=\"finding\" data-rule=\"").append(esc(f.ruleId())).append("\"><span class=\"sev-")
                    .append(f.severity().id()).append("\">").append(f.severity().id()).append("</span> <b>")
                    .append(esc(f.ruleId())).append("</b>: ").append(esc(f.message()));
            List<String> compared = comparedReleases(f);
            if (!compared.isEmpty()) {
                b.append(" <span class=\"compared meta\">(compared with ").append(esc(String.join(", ", compared)))
                        .append(")</span>");
            }
            if (!f.evidence().isEmpty()) {
                b.append("<details class=\"facts\"><summary>facts</summary><dl class=\"evidence\">");
                f.evidence().forEach((k, v) -> b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v))
                        .append("</dd>"));
                b.append("</dl></details>");
            }
            b.append("</li>");
        }
        b.append("</ul>\n");
    }

    /** The chart and the table of a timeline; rows whose version a finding compared are marked. */
    private static void timelineBody(StringBuilder b, TrustTimeline t, Set<String> compared) {
        b.append("<div class=\"chart\">").append(TimelineChart.svg(t)).append("</div>\n");
        b.append("<table class=\"timeline-table\"><thead><tr><th>Published</th><th>Version</th><th>Tags</th>"
                + "<th>Publisher</th><th>Trusted publisher</th><th>Evidence</th><th>Provenance (repository, workflow, ref)"
                + "</th><th>At install</th><th>New dependencies</th></tr></thead><tbody>\n");
        for (TrustTimeline.Row r : t.rows()) {
            boolean checked = r.status() != VerificationStatus.UNVERIFIABLE;
            String cls = (r.trustDropped().isPresent() ? " dropped" : "")
                    + (t.focus().filter(r.version()::equals).isPresent() ? " focus" : "")
                    + (compared.contains(r.version()) ? " compared" : "");
            b.append("<tr data-version=\"").append(esc(r.version())).append('"')
                    .append(cls.isEmpty() ? "" : " class=\"" + cls.strip() + "\"").append("><td>")
                    .append(esc(r.publishedAt().map(TimelineRenderer::time).orElse("?"))).append("</td><td>")
                    .append(esc(r.version())).append("</td><td>").append(esc(String.join(", ", r.distTags())))
                    .append("</td><td>").append(esc(r.publisher().orElse("-"))).append("</td><td>")
                    .append(esc(r.trustedPublisher().orElse("-"))).append("</td><td title=\"").append(esc(r.reason()))
                    .append("\">").append(checked ? esc(r.evidence().id()) : "<span class=\"meta\">not checked (advertises "
                            + esc(r.advertised().id()) + ")</span>")
                    .append("</td><td>").append(r.identity().map(PublishIdentity::build).map(HtmlPage::esc).orElse("-"))
                    .append("</td><td>").append(esc(r.installVectors().isEmpty() ? "-"
                            : String.join(", ", r.installVectors().entrySet().stream().map(e -> e.getKey() + ": "
                            + e.getValue()).toList())))
                    .append("</td><td>").append(esc(r.newDependencies().isEmpty() ? "-" : String.join(", ",
                            r.newDependencies().entrySet().stream().map(e -> e.getKey() + "@" + e.getValue()).toList())))
                    .append("</td></tr>\n");
            r.trustDropped().ifPresent(d -> b.append("<tr class=\"dropped\"><td colspan=\"9\">").append(esc(
                    "\u2191 trust dropped at " + r.version() + ": " + d)).append("</td></tr>\n"));
        }
        b.append("</tbody></table>\n");
    }

    /**
     * The earlier releases a finding compared its release with: the values of its evidence keys
     * that name a version (previousVersion, lastStrongVersion, lastVersionWithGitHead, ...).
     */
    static List<String> comparedReleases(Finding f) {
        return f.evidence().entrySet().stream().filter(e -> e.getKey().matches("(?i).*version.*"))
                .map(Map.Entry::getValue).filter(v -> !v.isBlank()).distinct().sorted().toList();
    }

    private static void header(StringBuilder b, String key, String label) {
        b.append("<th data-key=\"").append(key).append("\" aria-sort=\"none\"><button type=\"button\">").append(label)
                .append("</button></th>");
    }

    private static void count(StringBuilder b, String label, int n) {
        b.append("<li data-count=\"").append(label).append("\"><b>").append(n).append("</b>").append(label).append("</li>");
    }
}
