package dev.trustlock.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/** Workspace globs matched without backtracking, with the answers the regular expressions gave. */
class GlobTest {

    @Test
    void manyStarsAgainstALongFolderNameAnswerAtOnce() {
        // A lockfile may carry both: the regular expression took 14 s at 60 characters, minutes at 80.
        // (A guard against hanging, not a speed target: the matcher is linear in each.)
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertFalse(Glob.of("*a*a*a*a*a*a*a*a*a*a*a*a*b").matches("a".repeat(5_000)));
            assertFalse(Glob.of("**a**a**a**a**a**a**a**a**b").matches("a/".repeat(2_000)));
            assertFalse(Glob.of("**/**/**/**/**/**/**/x").matches("a/".repeat(2_000)));
        });
    }

    @Test
    void bracesThatExpandTooFarMatchTheirOwnTextOnly() {
        String glob = "{a,b}".repeat(9); // 512 alternatives
        assertFalse(Glob.of(glob).matches("a".repeat(9)));
        assertTrue(Glob.of(glob).matches(glob));
        assertTrue(Glob.of("{a,b}".repeat(8)).matches("ab".repeat(4)), "256 are expanded");
    }

    @Test
    void theSameAnswersAsTheRegularExpressionsItReplaced() {
        // Random globs and paths over a small alphabet, short enough for the old matcher to answer.
        String globChars = "ab/*?{},[]!-";
        String pathChars = "ab/-";
        Random random = new Random(11);
        int compared = 0;
        for (int round = 0; round < 20_000; round++) {
            String glob = text(random, globChars, 1 + random.nextInt(8));
            Pattern old;
            try {
                old = Pattern.compile(oldRegex(glob));
            } catch (PatternSyntaxException e) {
                old = Pattern.compile(Pattern.quote(glob));
            }
            Glob now = Glob.of(glob);
            for (int k = 0; k < 5; k++) {
                String path = text(random, pathChars, random.nextInt(7));
                assertEquals(old.matcher(path).matches(), now.matches(path), "glob '" + glob + "' on '" + path + "'");
                compared++;
            }
        }
        assertEquals(100_000, compared);
    }

    private static String text(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** The glob-to-regular-expression translation WorkspaceGlobs used before Glob, kept as the oracle. */
    private static String oldRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        // "a/**/b" also matches "a/b": swallow the slash after ** into the optional part.
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:[^/]+/)*");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close > i + 1) {
                        String set = glob.substring(i + 1, close).replace("\\", "\\\\");
                        if (set.startsWith("!")) {
                            set = "^" + set.substring(1);
                        }
                        re.append('[').append(set).append(']');
                        i = close;
                    } else {
                        re.append("\\[");
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        while (braces-- > 0) {
            re.append(')');
        }
        return re.toString();
    }
}
