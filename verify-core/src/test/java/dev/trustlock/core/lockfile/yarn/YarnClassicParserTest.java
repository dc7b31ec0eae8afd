package dev.trustlock.core.lockfile.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.LockfileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class YarnClassicParserTest {

    private static final Path FILE = Path.of("some/dir/yarn.lock");

    @Test
    void readsMultiKeyEntriesQuotedAndUnquotedValuesAndNestedMaps() throws Exception {
        String text = """
                # yarn lockfile v1


                "@babel/core@^7.0.0", "@babel/core@^7.1.0":
                  version "7.1.2"
                  resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.1.2.tgz#abc"
                  dependencies:
                    "@babel/code-frame" "^7.0.0"
                    debug ^4.1.0
                  optionalDependencies:
                    fsevents "~2.3.2"

                left-pad@1.0.0:
                  version "1.0.0"
                  resolved "https://x/\\"quoted\\"\\u0041"
                """;
        List<YarnClassicParser.Entry> entries = YarnClassicParser.parse(FILE, text);
        assertEquals(2, entries.size());
        YarnClassicParser.Entry babel = entries.get(0);
        assertEquals(List.of("@babel/core@^7.0.0", "@babel/core@^7.1.0"), babel.descriptors());
        assertEquals(4, babel.line());
        assertEquals("7.1.2", babel.body().scalars().get("version"));
        assertEquals("^7.0.0", babel.body().children().get("dependencies").scalars().get("@babel/code-frame"));
        assertEquals("^4.1.0", babel.body().children().get("dependencies").scalars().get("debug"));
        assertEquals("~2.3.2", babel.body().children().get("optionalDependencies").scalars().get("fsevents"));
        assertEquals(List.of("left-pad@1.0.0"), entries.get(1).descriptors());
        assertEquals("https://x/\"quoted\"A", entries.get(1).body().scalars().get("resolved"));
    }

    @Test
    void acceptsWindowsLineEndingsAndColonValueForm() throws Exception {
        String text = "a@^1:\r\n  version: \"1.0.0\"\r\n";
        List<YarnClassicParser.Entry> entries = YarnClassicParser.parse(FILE, text);
        assertEquals("1.0.0", entries.get(0).body().scalars().get("version"));
    }

    @Test
    void oddIndentationIsReportedWithLineAndColumn() {
        String text = "a@^1:\n  version \"1.0.0\"\n   resolved \"x\"\n";
        LockfileException e = assertThrows(LockfileException.class, () -> YarnClassicParser.parse(FILE, text));
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertTrue(e.getMessage().startsWith(FILE + ":3:4: "), e.getMessage());
    }

    @Test
    void unterminatedQuoteIsReportedAtTheOpeningQuote() {
        String text = "a@^1:\n  version \"1.0.0\n";
        LockfileException e = assertThrows(LockfileException.class, () -> YarnClassicParser.parse(FILE, text));
        assertEquals(2, e.line());
        assertEquals(11, e.column());
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
    }

    @Test
    void indentationWithoutAnOpeningKeyIsAnError() {
        String text = "a@^1:\n  version \"1.0.0\"\n    stray \"x\"\n";
        LockfileException e = assertThrows(LockfileException.class, () -> YarnClassicParser.parse(FILE, text));
        assertEquals(3, e.line());
    }

    @Test
    void tabsInIndentationAreAnError() {
        String text = "a@^1:\n\tversion \"1.0.0\"\n";
        LockfileException e = assertThrows(LockfileException.class, () -> YarnClassicParser.parse(FILE, text));
        assertEquals(2, e.line());
        assertEquals(1, e.column());
    }

    @Test
    void topLevelScalarsAndDuplicateEntriesAreErrors() {
        LockfileException scalar = assertThrows(LockfileException.class,
                () -> YarnClassicParser.parse(FILE, "version \"1\"\n"));
        assertEquals(1, scalar.line());
        LockfileException dup = assertThrows(LockfileException.class,
                () -> YarnClassicParser.parse(FILE, "a@1:\n  version \"1\"\n\na@1:\n  version \"2\"\n"));
        assertEquals(4, dup.line());
        assertTrue(dup.getMessage().contains("line 1"), dup.getMessage());
    }

    @Test
    void textAfterAValueAndMissingValuesAreErrors() {
        LockfileException extra = assertThrows(LockfileException.class,
                () -> YarnClassicParser.parse(FILE, "a@1:\n  version \"1\" junk\n"));
        assertEquals(2, extra.line());
        assertEquals(15, extra.column());
        LockfileException missing = assertThrows(LockfileException.class,
                () -> YarnClassicParser.parse(FILE, "a@1:\n  version\n"));
        assertEquals(2, missing.line());
    }

    @Test
    void absurdNestingIsRejected() {
        StringBuilder sb = new StringBuilder();
        for (int depth = 0; depth <= YarnClassicParser.MAX_DEPTH + 1; depth++) {
            sb.append("  ".repeat(depth)).append("k").append(depth).append(":\n");
        }
        LockfileException e = assertThrows(LockfileException.class, () -> YarnClassicParser.parse(FILE, sb.toString()));
        assertEquals(YarnClassicParser.MAX_DEPTH + 2, e.line());
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void absurdLineCountsAreRejectedWithoutPosition() {
        String text = "\n".repeat(YarnClassicParser.MAX_LINES + 1);
        LockfileException e = assertThrows(LockfileException.class, () -> YarnClassicParser.parse(FILE, text));
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("lines"), e.getMessage());
    }
}
