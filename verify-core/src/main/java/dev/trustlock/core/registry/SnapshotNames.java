package dev.trustlock.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * File names for package names and versions that are safe and distinct on every common file
 * system, including case-insensitive ones: {@code [a-z0-9._~@+-]} stay as they are, a capital
 * becomes {@code !} and its lower case (as the Go module proxy does), everything else (the scope
 * slash first of all) becomes {@code %xx} of its UTF-8 bytes in lower-case hex. So the output
 * has no capitals and no two inputs share a name: {@code @scope/name} → {@code @scope%2fname}.
 * Windows' reserved device names get their first letter escaped.
 */
public final class SnapshotNames {

    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private SnapshotNames() {
    }

    public static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '~'
                    || c == '@' || c == '+' || c == '-') {
                out.append((char) c);
            } else if (c >= 'A' && c <= 'Z') {
                out.append('!').append((char) (c + ('a' - 'A')));
            } else {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        String base = out.toString();
        int dot = base.indexOf('.');
        String stem = dot < 0 ? base : base.substring(0, dot);
        if (RESERVED.contains(stem) || base.startsWith(".") || base.isEmpty()) {
            // A leading dot would hide the file; reserved stems are devices on Windows.
            return base.isEmpty() ? "%" : "%" + Integer.toHexString(base.charAt(0)) + base.substring(1);
        }
        return base;
    }

    /** {@code packuments/<name>.json} */
    public static String packumentFile(String name) {
        return "packuments/" + encode(name) + ".json";
    }

    /** {@code attestations/<name>@<version>.json}; '@' splits unambiguously as versions hold none. */
    public static String attestationsFile(String name, String version) {
        return "attestations/" + encode(name) + "@" + encode(version) + ".json";
    }
}
