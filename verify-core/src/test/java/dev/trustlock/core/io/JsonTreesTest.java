package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tree built from the streaming parser is the one databind would build, within the registry limits. */
class JsonTreesTest {

    private static JsonNode parse(String s) throws Exception {
        return JsonTrees.parseRegistryDocument(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyKindOfValueBecomesTheNodeDatabindMakes() throws Exception {
        String doc = "{\"a\": [1, -2147483649, 123456789012345678901234567890, 1.5e3, true, false, null, \"s\\u00e9\"],"
                + " \"o\": {\"nested\": {}}, \"e\": []}";
        JsonNode tree = parse(doc);
        // JsonNode equality includes the node type: an int is not a long is not a BigInteger.
        assertEquals(new ObjectMapper().readTree(doc), tree);
        assertTrue(tree.path("a").get(0).isInt());
        assertTrue(tree.path("a").get(1).isLong());
        assertTrue(tree.path("a").get(2).isBigInteger());
        assertTrue(tree.path("a").get(3).isDouble());
        assertTrue(tree.path("a").get(6).isNull());
        assertEquals("s\u00e9", tree.path("a").get(7).asText());
        assertEquals(new ObjectMapper().readTree("\"top\""), parse("\"top\""), "a bare value is a document too");
    }

    @Test
    void refusesWhatIsNotExactlyOneDocument() {
        assertEquals("empty document", assertThrows(JsonProcessingException.class, () -> parse("  ")).getOriginalMessage());
        assertEquals(ParserMessages.TRAILING_CONTENT,
                assertThrows(JsonProcessingException.class, () -> parse("{\"a\": 1} {\"a\": 2}")).getOriginalMessage());
        assertThrows(JsonProcessingException.class, () -> parse("[1, 2"));
        assertThrows(JsonProcessingException.class, () -> parse("{\"a\": 1"));
    }

    @Test
    void aDuplicateKeyIsRefusedNotResolved() {
        // Last-wins would let one copy of "dist" meet the reviewer and the other the verifier.
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> parse("{\"dist\": 1, \"dist\": 2}"));
        assertTrue(e.getOriginalMessage().contains("Duplicate field 'dist'"), e.getOriginalMessage());
    }

    @Test
    void depthIsBoundedAtTheLimit() throws Exception {
        parse("[".repeat(Limits.JSON_DEPTH) + "]".repeat(Limits.JSON_DEPTH));
        int over = Limits.JSON_DEPTH + 1;
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> parse("[".repeat(over) + "]".repeat(over)));
        assertTrue(e.getOriginalMessage().contains("Document nesting depth"), e.getOriginalMessage());
    }

    @Test
    void topLevelStringStreamsToTheField() throws Exception {
        byte[] packument = "{\"_id\": \"x\", \"versions\": {\"name\": \"inner\"}, \"name\": \"left-pad\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.of("left-pad"), JsonTrees.topLevelString(packument, "name"), "not the nested one");
        assertEquals(Optional.empty(), JsonTrees.topLevelString("{\"name\": 3}".getBytes(StandardCharsets.UTF_8), "name"));
        assertEquals(Optional.empty(), JsonTrees.topLevelString("[\"name\"]".getBytes(StandardCharsets.UTF_8), "name"));
        assertEquals(Optional.empty(), JsonTrees.topLevelString("{}".getBytes(StandardCharsets.UTF_8), "name"));
    }

    private static int size(String json) throws java.io.IOException {
        return JsonTrees.topLevelArraySize(json.getBytes(StandardCharsets.UTF_8), "attestations");
    }

    @Test
    void topLevelArraySizeCountsOnlyTheTopLevelFieldAndReadsTheWholeDocument() throws Exception {
        assertEquals(2, size("{\"a\":{\"attestations\":[1,2,3]},\"attestations\":[{\"b\":[1]},\"x\"],\"z\":1}"));
        assertEquals(0, size("{\"attestations\":[]}"));
        assertEquals(-1, size("{\"attestations\":{\"0\":1}}"), "not an array");
        assertEquals(-1, size("{\"other\":[1]}"), "absent");
        assertEquals(-1, size("[{\"attestations\":[1]}]"), "not an object");
        for (String bad : new String[] {"", "{\"attestations\":[1,2]", "{\"attestations\":[1]} {}",
                "{\"attestations\":[1],\"attestations\":[2]}", "{\"attestations\":[1]," + "\"x\":[".repeat(2000) + "}",
                "{\"attestations\":[1],\"x\":nul}"}) {
            assertThrows(java.io.IOException.class, () -> size(bad), bad.length() > 60 ? bad.substring(0, 60) : bad);
        }
    }
}
