package dev.trustlock.core.lockfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One workspace glob: {@code *} within a folder, {@code **} across folders ({@code a/**}{@code /b}
 * also matches {@code a/b}), {@code ?}, {@code [set]} and {@code [!set]}, {@code {a,b}}. A glob
 * whose character class is malformed, or whose braces expand to more than
 * {@value #MAX_ALTERNATIVES} alternatives, matches its own text only.
 *
 * <p>Matched by dynamic programming, in time proportional to the glob's length times the path's,
 * not by a regular expression: both come from a lockfile an attacker may write, and a
 * backtracking matcher took 14 s for the glob {@code *a*a*a*a*a*a*a*b} against a 60-character
 * folder name (minutes at 80).
 */
final class Glob {

    static final int MAX_ALTERNATIVES = 256;

    private sealed interface Token permits Literal, OneChar, CharClass, Star, GlobStar, Folders {
    }

    /** One character, itself. */
    private record Literal(char c) implements Token {
    }

    /** {@code ?}: one character other than '/'. */
    private record OneChar() implements Token {
    }

    /** {@code [set]}: one character of the set, as a regular-expression class decides (one character cannot backtrack). */
    private record CharClass(Pattern set) implements Token {
    }

    /** {@code *}: any characters other than '/'. */
    private record Star() implements Token {
    }

    /** {@code **} not followed by '/': any characters. */
    private record GlobStar() implements Token {
    }

    /** {@code **}{@code /}: zero or more whole folders, each with its '/'. */
    private record Folders() implements Token {
    }

    /** Thrown while parsing when the glob is to match literally. */
    private static final class Literally extends Exception {
        Literally() {
            super(null, null, false, false);
        }
    }

    private final List<List<Token>> alternatives;

    private Glob(List<List<Token>> alternatives) {
        this.alternatives = alternatives;
    }

    static Glob of(String glob) {
        try {
            Parser p = new Parser(glob);
            return new Glob(p.sequence(false));
        } catch (Literally e) {
            List<Token> literal = new ArrayList<>();
            glob.chars().forEach(c -> literal.add(new Literal((char) c)));
            return new Glob(List.of(literal));
        }
    }

    boolean matches(String path) {
        for (List<Token> tokens : alternatives) {
            if (matches(tokens, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code next[j]}: the tokens after the current one match {@code path} from j on. Filled from
     * the last token back, each row from the end of the path back.
     */
    private static boolean matches(List<Token> tokens, String path) {
        int n = path.length();
        boolean[] next = new boolean[n + 1];
        next[n] = true;
        for (int i = tokens.size() - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            boolean[] cur = new boolean[n + 1];
            boolean[] inFolder = new boolean[n + 1]; // for Folders: within a folder name, before its '/'
            for (int j = n; j >= 0; j--) {
                boolean more = j < n;
                char c = more ? path.charAt(j) : 0;
                if (t instanceof Literal l) {
                    cur[j] = more && c == l.c() && next[j + 1];
                } else if (t instanceof OneChar) {
                    cur[j] = more && c != '/' && next[j + 1];
                } else if (t instanceof CharClass k) {
                    cur[j] = more && k.set().matcher(String.valueOf(c)).matches() && next[j + 1];
                } else if (t instanceof Star) {
                    cur[j] = next[j] || more && c != '/' && cur[j + 1];
                } else if (t instanceof GlobStar) {
                    cur[j] = next[j] || more && cur[j + 1];
                } else {
                    inFolder[j] = more && (c == '/' ? cur[j + 1] : inFolder[j + 1]);
                    cur[j] = next[j] || more && c != '/' && inFolder[j + 1];
                }
            }
            next = cur;
        }
        return next[0];
    }

    /** Reads a glob into its brace-expanded alternatives, each a list of tokens. */
    private static final class Parser {
        private final String glob;
        private int i;

        Parser(String glob) {
            this.glob = glob;
        }

        /**
         * Up to the end, or inside braces up to the ',' or '}' that ends this alternative (left
         * for the caller); an unclosed brace closes at the end.
         */
        List<List<Token>> sequence(boolean inBraces) throws Literally {
            List<List<Token>> out = new ArrayList<>();
            out.add(new ArrayList<>());
            while (i < glob.length()) {
                char c = glob.charAt(i);
                if (inBraces && (c == ',' || c == '}')) {
                    return out;
                }
                i++;
                switch (c) {
                    case '*' -> append(out, star());
                    case '?' -> append(out, new OneChar());
                    case '[' -> append(out, charClass());
                    case '{' -> out = product(out, group());
                    default -> append(out, new Literal(c));
                }
            }
            return out;
        }

        private Token star() {
            if (i < glob.length() && glob.charAt(i) == '*') {
                i++;
                if (i < glob.length() && glob.charAt(i) == '/') {
                    i++;
                    return new Folders();
                }
                return new GlobStar();
            }
            return new Star();
        }

        /** After '[': the set up to the next ']', or a literal '[' when none closes it. */
        private Token charClass() throws Literally {
            int close = glob.indexOf(']', i);
            if (close <= i) {
                return new Literal('[');
            }
            String set = glob.substring(i, close).replace("\\", "\\\\");
            if (set.startsWith("!")) {
                set = "^" + set.substring(1);
            }
            i = close + 1;
            try {
                return new CharClass(Pattern.compile("[" + set + "]"));
            } catch (PatternSyntaxException e) {
                throw new Literally();
            }
        }

        /** After '{': the alternatives up to the matching '}' (or the end). */
        private List<List<Token>> group() throws Literally {
            List<List<Token>> alternatives = new ArrayList<>();
            while (true) {
                alternatives.addAll(sequence(true));
                if (alternatives.size() > MAX_ALTERNATIVES) {
                    throw new Literally();
                }
                if (i >= glob.length()) {
                    return alternatives;
                }
                char c = glob.charAt(i++);
                if (c == '}') {
                    return alternatives;
                }
            }
        }

        private static void append(List<List<Token>> alternatives, Token t) {
            alternatives.forEach(a -> a.add(t));
        }

        private static List<List<Token>> product(List<List<Token>> before, List<List<Token>> group) throws Literally {
            if ((long) before.size() * group.size() > MAX_ALTERNATIVES) {
                throw new Literally();
            }
            List<List<Token>> out = new ArrayList<>();
            for (List<Token> a : before) {
                for (List<Token> b : group) {
                    List<Token> joined = new ArrayList<>(a);
                    joined.addAll(b);
                    out.add(joined);
                }
            }
            return out;
        }
    }
}
