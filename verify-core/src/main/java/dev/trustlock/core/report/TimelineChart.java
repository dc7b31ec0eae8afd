package dev.trustlock.core.report;

import static dev.trustlock.core.report.HtmlPage.esc;

import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.verify.TrustTimeline;
import java.util.List;
import java.util.Locale;

/**
 * A trust timeline drawn as inline SVG: one point per release in publish order, its height the
 * evidence level. A release whose evidence was verified is a filled point on a line; one that was
 * not checked is a hollow grey point at what the registry advertises (metadata, not evidence);
 * where trust dropped, a red mark and its label.
 */
final class TimelineChart {

    private static final int LEFT = 140;
    private static final int TOP = 24;
    private static final int ROW = 34;
    private static final int BOTTOM = 70;
    private static final int MAX_LABELS = 40;

    private TimelineChart() {
    }

    static String svg(TrustTimeline t) {
        List<TrustTimeline.Row> rows = t.rows();
        int n = rows.size();
        double step = n <= 1 ? 0 : Math.max(8, Math.min(48, 900.0 / (n - 1)));
        int width = (int) (LEFT + 40 + step * Math.max(0, n - 1));
        int height = TOP + ROW * 3 + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"timeline\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" aria-label=\"").append(esc("trust timeline of " + t.name())).append("\">");
        EvidenceLevel[] levels = EvidenceLevel.values();
        for (EvidenceLevel level : levels) {
            int y = y(level);
            svg.append("<line x1=\"").append(LEFT - 6).append("\" x2=\"").append(width - 10).append("\" y1=\"").append(y)
                    .append("\" y2=\"").append(y).append("\" stroke=\"#d0d7de\" stroke-dasharray=\"2 3\"/>");
            svg.append("<text x=\"").append(LEFT - 12).append("\" y=\"").append(y + 4)
                    .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#656d76\">").append(esc(level.id()))
                    .append("</text>");
        }
        StringBuilder path = new StringBuilder();
        StringBuilder axis = svg;
        svg = new StringBuilder();
        int every = Math.max(1, (int) Math.ceil(n / (double) MAX_LABELS));
        for (int i = 0; i < n; i++) {
            TrustTimeline.Row r = rows.get(i);
            double x = LEFT + step * i;
            boolean checked = r.status() != VerificationStatus.UNVERIFIABLE;
            if (checked) {
                path.append(path.length() == 0 ? "M" : " L").append(fmt(x)).append(' ').append(y(r.evidence()));
            }
            boolean focus = t.focus().filter(r.version()::equals).isPresent();
            if (r.trustDropped().isPresent()) {
                svg.append("<line class=\"drop\" data-version=\"").append(esc(r.version())).append("\" x1=\"").append(fmt(x))
                        .append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(TOP - 14).append("\" y2=\"")
                        .append(y(EvidenceLevel.NONE)).append("\" stroke=\"#cf222e\" stroke-width=\"2\"/>");
                svg.append("<text x=\"").append(fmt(x + 4)).append("\" y=\"").append(TOP - 4)
                        .append("\" font-size=\"12\" fill=\"#cf222e\" text-anchor=\"")
                        .append(x > width - 260 ? "end" : "start").append("\">")
                        .append(esc("trust dropped at " + r.version())).append("</text>");
            }
            EvidenceLevel shown = checked ? r.evidence() : r.advertised();
            svg.append("<circle data-version=\"").append(esc(r.version())).append("\" cx=\"").append(fmt(x))
                    .append("\" cy=\"").append(y(shown)).append("\" r=\"").append(focus ? 7 : 5).append('"')
                    .append(checked ? " fill=\"" + colour(r) + "\" stroke=\"#1f2328\" stroke-width=\"" + (focus ? 2 : 0.5) + "\""
                            : " fill=\"#ffffff\" stroke=\"#8c959f\" stroke-dasharray=\"2 2\" stroke-width=\"1.5\"")
                    .append("><title>").append(esc(r.version() + ": " + (checked ? shown.id() + " (verified)"
                            : "not checked; the registry advertises " + shown.id()) + r.publisher().map(p -> ", " + p)
                            .orElse(""))).append("</title></circle>");
            if (i % every == 0 || r.trustDropped().isPresent() || focus || i == n - 1) {
                double lx = x;
                int ly = TOP + ROW * 3 + 14;
                svg.append("<text x=\"").append(fmt(lx)).append("\" y=\"").append(ly).append("\" font-size=\"11\" fill=\"")
                        .append(r.trustDropped().isPresent() ? "#cf222e" : "#1f2328").append("\" transform=\"rotate(40 ")
                        .append(fmt(lx)).append(' ').append(ly).append(")\">").append(esc(r.version())).append("</text>");
            }
        }
        if (path.length() > 0) {
            // Under the points: drawn first.
            axis.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.2\"/>");
        }
        return axis.append(svg).append("</svg>").toString();
    }

    private static int y(EvidenceLevel level) {
        return TOP + ROW * (EvidenceLevel.values().length - 1 - level.ordinal());
    }

    private static String colour(TrustTimeline.Row r) {
        if (r.trustDropped().isPresent()) {
            return "#cf222e";
        }
        return switch (r.evidence()) {
            case TRUSTED_PUBLISHER -> "#1a7f37";
            case PROVENANCE -> "#0969da";
            case REGISTRY_SIGNATURE_ONLY -> "#bf8700";
            case NONE -> "#cf222e";
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
