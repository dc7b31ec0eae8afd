package dev.trustlock.core.lockfile;

import dev.trustlock.core.io.BoundedText;
import java.nio.file.Path;

/**
 * A lockfile that cannot be read: malformed, truncated, of an unsupported version or too
 * large. The message is one line naming the file and, when known, the line and column, fit to
 * print to a user as it is.
 */
public class LockfileException extends Exception {

    private final Path file;
    private final int line;
    private final int column;

    public LockfileException(Path file, int line, int column, String problem, Throwable cause) {
        super(format(file, line, column, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public LockfileException(Path file, int line, int column, String problem) {
        this(file, line, column, problem, null);
    }

    /** A problem with the file as a whole (wrong version, too large). */
    public LockfileException(Path file, String problem) {
        this(file, 0, 0, problem, null);
    }

    public LockfileException(Path file, String problem, Throwable cause) {
        this(file, 0, 0, problem, cause);
    }

    /**
     * A problem with a value the parser accepted (an unsupported version, say), positioned at the
     * first occurrence of {@code token} in the file (the key that holds the value), so the user
     * is pointed at the line to look at. Without a match the message names the file alone.
     */
    public static LockfileException at(Path file, String token, String problem) {
        try {
            String text = SafeParsers.readText(file);
            int index = text.indexOf(token);
            if (index >= 0) {
                int line = 1;
                int lineStart = 0;
                for (int i = 0; i < index; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                return new LockfileException(file, line, index - lineStart + 1, problem);
            }
        } catch (LockfileException e) {
            // the file was readable a moment ago; fall back to naming it alone
        }
        return new LockfileException(file, problem);
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem has no position. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    private static String format(Path file, int line, int column, String problem) {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        String oneLine = problem == null ? "unreadable" : BoundedText.joinLines(problem).trim();
        return sb.append(": ").append(oneLine).toString();
    }
}
