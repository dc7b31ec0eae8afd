package dev.trustlock.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Builds a JsonNode tree straight from a streaming parser. Same nodes as
 * {@code ObjectMapper.readTree}, without databind's deserializer machinery, whose set-up is
 * ~120 ms of a short CLI run; limits (depth, string length, duplicates) stay the parser's.
 */
public final class JsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Registry documents (packuments, keys): bounded as {@link Limits} says, duplicate keys refused. */
    private static final com.fasterxml.jackson.core.JsonFactory REGISTRY = com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.JSON_DEPTH)
                    .maxStringLength(Limits.STRING_CHARS)
                    .maxNumberLength(1000)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonTrees() {
    }

    /** One registry document as a tree, within {@link Limits}. */
    public static JsonNode parseRegistryDocument(byte[] body) throws IOException {
        try (JsonParser p = REGISTRY.createParser(body)) {
            JsonNode n = readSingleValue(p);
            if (n == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "empty document");
            }
            return n;
        }
    }

    /**
     * The top-level string field {@code field} of a JSON object, found by streaming (a
     * packument's {@code name} comes second, so this rarely reads far); empty when absent or not
     * a string.
     */
    public static java.util.Optional<String> topLevelString(byte[] body, String field) throws IOException {
        try (JsonParser p = REGISTRY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return java.util.Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field)) {
                    return value == JsonToken.VALUE_STRING ? java.util.Optional.of(p.getText()) : java.util.Optional.empty();
                }
                p.skipChildren();
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * The number of elements of the top-level array field {@code field}, or -1 when it is absent
     * or not an array; streams the whole document, so syntax, depth, duplicate keys and trailing
     * content are checked as {@link #parseRegistryDocument} checks them, without building a tree
     * (an attestations response is mostly base64 strings, which are skipped, not decoded).
     */
    public static int topLevelArraySize(byte[] body, String field) throws IOException {
        try (JsonParser p = REGISTRY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "empty document");
            }
            int size = -1;
            if (first == JsonToken.START_OBJECT) {
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
                    boolean wanted = p.currentName().equals(field);
                    JsonToken value = p.nextToken();
                    if (wanted && value == JsonToken.START_ARRAY) {
                        size = 0;
                        JsonToken element;
                        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (element == null) {
                                expect(p, null, JsonToken.END_ARRAY);
                            }
                            size++;
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                expect(p, next, JsonToken.END_OBJECT);
            } else {
                p.skipChildren();
            }
            requireEnd(p);
            return size;
        }
    }

    /**
     * Reads exactly one JSON value and requires the input to end there.
     *
     * @return the value, or null for empty input
     */
    public static JsonNode readSingleValue(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        JsonNode value = value(parser, first);
        requireEnd(parser);
        return value;
    }

    /** Nothing but whitespace may follow the one value a document holds. */
    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, ParserMessages.TRAILING_CONTENT);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                expect(p, next, JsonToken.END_OBJECT);
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        expect(p, null, JsonToken.END_ARRAY);
                    }
                    a.add(value(p, next));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Unexpected token " + t);
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) {
            throw new com.fasterxml.jackson.core.JsonParseException(p,
                    "Unexpected " + (actual == null ? "end of input" : "token " + actual) + ", expected " + wanted);
        }
    }
}
