package dev.trustlock.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.verify.TrustTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code trustlock explain} as text (a table, publish order, with the row where trust dropped
 * marked beneath it) and JSON (one object per release, deterministic key order).
 */
public final class TimelineRenderer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TimelineRenderer() {
    }

    /** The table for a person; every cell and message is {@link PlainText#oneLine one line of plain text}. */
    public static String text(TrustTimeline t) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"PUBLISHED", "VERSION", "TAGS", "PUBLISHER", "TRUSTED PUBLISHER", "EVIDENCE",
            "PROVENANCE (repository, workflow, ref)", "AT INSTALL", "NEW DEPENDENCIES"});
        for (TrustTimeline.Row r : t.rows()) {
            cells.add(new String[] {
                r.publishedAt().map(TimelineRenderer::time).orElse("?"),
                r.version() + (t.focus().filter(r.version()::equals).isPresent() ? " <" : ""),
                r.distTags().isEmpty() ? "-" : String.join(",", r.distTags()),
                r.publisher().orElse("-"),
                r.trustedPublisher().orElse("-"),
                r.status().name().equals("UNVERIFIABLE") ? "? (not checked)" : r.evidence().id(),
                r.identity().map(PublishIdentity::build).orElse("-"),
                r.installVectors().isEmpty() ? "-" : String.join(",", r.installVectors().keySet()),
                r.newDependencies().isEmpty() ? "-" : joined(r.newDependencies())});
        }
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                row[i] = PlainText.oneLine(row[i]);
            }
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(PlainText.oneLine(t.name())).append(": ").append(Counts.of(t.rows().size(), "release"))
                .append(t.focus().map(v -> " of the line of " + v + " up to it").orElse(""))
                .append(t.rows().stream().anyMatch(r -> r.publishedAt().isPresent()) ? ", in publish order\n\n"
                        : ", in version order (the registry gives no publish times to believe)\n\n");
        for (int i = 0; i < cells.size(); i++) {
            String[] row = cells.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : pad(row[c], width[c] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (i > 0) {
                Optional<String> dropped = t.rows().get(i - 1).trustDropped();
                dropped.ifPresent(d -> out.append("  ^ trust dropped at ").append(row[1].replace(" <", ""))
                        .append(": ").append(PlainText.oneLine(d)).append('\n'));
            }
        }
        long drops = t.rows().stream().filter(r -> r.trustDropped().isPresent()).count();
        out.append('\n').append(drops == 0 ? "Trust never dropped between releases whose evidence could be checked.\n"
                : drops + (drops == 1 ? " release where" : " releases where") + " trust dropped (marked ^).\n");
        return out.toString();
    }

    public static String json(TrustTimeline t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("package", t.name());
        t.focus().ifPresent(v -> root.put("focus", v));
        ArrayNode releases = root.putArray("releases");
        for (TrustTimeline.Row r : t.rows()) {
            ObjectNode n = releases.addObject();
            n.put("version", r.version());
            r.publishedAt().ifPresent(i -> n.put("published", i.toString()));
            r.distTags().forEach(n.putArray("distTags")::add);
            r.publisher().ifPresent(p -> n.put("publisher", p));
            r.trustedPublisher().ifPresent(p -> n.put("trustedPublisher", p));
            n.put("status", r.status().name());
            n.put("evidence", r.evidence().id());
            n.put("advertised", r.advertised().id());
            n.put("reason", r.reason());
            r.identity().ifPresent(id -> {
                ObjectNode p = n.putObject("provenance");
                id.sourceRepositoryUri().ifPresent(v -> p.put("repository", v));
                id.workflow().ifPresent(v -> p.put("workflow", v));
                id.ref().ifPresent(v -> p.put("ref", v));
                id.issuer().ifPresent(v -> p.put("issuer", v));
            });
            ObjectNode install = n.putObject("atInstall");
            r.installVectors().forEach(install::put);
            ObjectNode deps = n.putObject("newDependencies");
            r.newDependencies().forEach(deps::put);
            r.trustDropped().ifPresent(d -> n.put("trustDropped", d));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String joined(Map<String, String> deps) {
        List<String> out = new ArrayList<>();
        deps.forEach((k, v) -> out.add(k + "@" + v));
        return String.join(",", out);
    }

    /** An instant to the second, as people read a publish time ("2026-03-31T00:21:00Z"). */
    static String time(Instant i) {
        return i.toString().replaceFirst("\\.\\d+Z$", "Z");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
