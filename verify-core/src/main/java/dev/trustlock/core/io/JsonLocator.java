package dev.trustlock.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where in a JSON text a value sits, given its path (object keys as strings, array indexes as
 * integers), found by streaming the text once. For errors found on a tree (schema violations),
 * so that they can name a line and column as parse errors do.
 */
public final class JsonLocator {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.JSON_DEPTH).maxStringLength(Limits.STRING_CHARS).build())
            .build();

    private JsonLocator() {
    }

    /** 1-based {line, column} of the value at {@code path}, or of its nearest ancestor that exists. */
    public static Optional<int[]> locate(byte[] json, List<Object> path) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                return Optional.empty();
            }
            JsonLocation loc = find(p, path, 0);
            return Optional.of(new int[] {Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr())});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** With the parser on the first token of the value at path[0, depth). */
    private static JsonLocation find(JsonParser p, List<Object> path, int depth) throws IOException {
        JsonLocation here = p.currentTokenLocation();
        if (depth == path.size()) {
            return here;
        }
        Object want = path.get(depth);
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals(String.valueOf(want))) {
                    return find(p, path, depth + 1);
                }
                p.skipChildren();
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY && want instanceof Integer i) {
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (n++ == i) {
                    return find(p, path, depth + 1);
                }
                p.skipChildren();
            }
        }
        return here;
    }
}
