package dev.trustlock.core.lockfile.yarn;

import dev.trustlock.core.lockfile.Specifiers;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A yarn descriptor {@code name@range} as it keys lockfile entries ({@code @babel/core@^7.0.0},
 * {@code foo@npm:bar@^1}, {@code jest@workspace:*}).
 *
 * @param name  the name dependents use (an alias when the range is {@code npm:real@...})
 * @param range everything after the name's {@code @}; empty when there is none
 */
record YarnDescriptor(String name, String range) {

    private static final Pattern PROTOCOL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    static YarnDescriptor parse(String descriptor) {
        String[] parts = Specifiers.splitNameAndRest(descriptor);
        return new YarnDescriptor(parts[0], parts[1]);
    }

    static YarnDescriptor of(String name, String range) {
        return new YarnDescriptor(name, range);
    }

    /** The npm alias this descriptor declares, if its range is {@code npm:real@range}. */
    Optional<Specifiers.Alias> alias() {
        if (!range.startsWith("npm:")) {
            return Optional.empty();
        }
        Optional<Specifiers.Alias> a = Specifiers.alias(range);
        // "npm:^1.2.3" is berry's plain registry range, not an alias: an alias names a package.
        return a.filter(x -> !x.realName().isEmpty() && isPackageName(x.realName()) && range.indexOf('@', 4) > 0);
    }

    /** The package this descriptor installs: the alias target, else its own name. */
    String realName() {
        return alias().map(Specifiers.Alias::realName).orElse(name);
    }

    /** True when the range names its protocol ({@code npm:}, {@code workspace:}, {@code https:}...). */
    static boolean hasProtocol(String range) {
        return PROTOCOL.matcher(range).find();
    }

    /** Berry's key form of a range: bare semver ranges and tags get the {@code npm:} protocol. */
    static String berryRange(String range) {
        return hasProtocol(range) ? range : "npm:" + range;
    }

    @Override
    public String toString() {
        return name + "@" + range;
    }

    private static boolean isPackageName(String s) {
        return !s.isBlank() && !s.contains(" ") && !Character.isDigit(s.charAt(0)) && "^~<>=*".indexOf(s.charAt(0)) < 0;
    }
}
