package dev.trustlock.core.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Registry URL layout and the rules about which URLs may be contacted at all. */
public final class RegistryUrls {

    /** npm package names (old ones may have capitals); nothing that can walk out of the path. */
    private static final Pattern NAME =
            Pattern.compile("(@[A-Za-z0-9~][A-Za-z0-9._~-]*/)?[A-Za-z0-9~][A-Za-z0-9._~-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]*");

    private RegistryUrls() {
    }

    public static boolean validName(String name) {
        return name != null && name.length() <= 214 && NAME.matcher(name).matches();
    }

    public static boolean validVersion(String version) {
        return version != null && version.length() <= 256 && VERSION.matcher(version).matches();
    }

    /** As npm escapes it in a path: {@code @scope/name} becomes {@code @scope%2fname}. */
    public static String escapedName(String name) {
        return name.startsWith("@") ? name.replace("/", "%2f") : name;
    }

    /** The registry base URL ending in "/", without user info, query or fragment. */
    public static URI normalizeRegistry(String url) {
        try {
            URI u = new URI(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("registry URL needs a scheme and a host");
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (!path.endsWith("/")) {
                path = path + "/";
            }
            return new URI(u.getScheme().toLowerCase(Locale.ROOT) + "://" + hostPort(u) + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("registry URL is not a URL");
        }
    }

    public static URI packument(URI registry, String name) {
        return URI.create(registry + escapedName(name));
    }

    public static URI attestations(URI registry, String name, String version) {
        return URI.create(registry + "-/npm/v1/attestations/" + escapedName(name) + "@" + version);
    }

    public static URI keys(URI registry) {
        return URI.create(registry + "-/npm/v1/keys");
    }

    /** HTTPS anywhere; plain http only to a loopback host, named literally (no DNS is consulted). */
    public static boolean allowed(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null) {
            return false;
        }
        return scheme.equals("https") || (scheme.equals("http") && isLoopback(url.getHost()));
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Same scheme, host and effective port. */
    public static boolean sameOrigin(URI a, URI b) {
        if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) {
            return false;
        }
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : defaultPort(u);
    }

    /** The port a URL of this scheme reaches when it names none. */
    static int defaultPort(URI u) {
        return "http".equalsIgnoreCase(u.getScheme()) ? 80 : 443;
    }

    /** Host and explicit port as written in a URL, lower-cased. */
    static String hostPort(URI u) {
        String host = u.getHost().toLowerCase(Locale.ROOT);
        return u.getPort() == -1 ? host : host + ":" + u.getPort();
    }

    static Optional<URI> parse(String url) {
        try {
            URI u = new URI(url);
            return u.getScheme() == null || u.getHost() == null ? Optional.empty() : Optional.of(u);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code scheme://host[:port]/}: the unit a registry answers (or fails) as. The scheme's own
     * port is left out, so that {@code https://h/} and {@code https://h:443/} are one origin here
     * as they are in {@link #sameOrigin}: one breaker, one retry budget, one line about an outage.
     */
    public static String origin(URI u) {
        int port = port(u);
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT)
                + (port == defaultPort(u) ? "" : ":" + port) + "/";
    }

    /** A URL safe to print: scheme, host, port and path only. */
    public static String display(URI u) {
        return u.getScheme() + "://" + (u.getHost() == null ? "" : hostPort(u)) + (u.getRawPath() == null ? "" : u.getRawPath());
    }
}
