package dev.trustlock.core.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy npm would use: {@code https-proxy} (or {@code proxy}) and {@code noproxy} from
 * .npmrc, else {@code HTTPS_PROXY} / {@code https_proxy} and {@code NO_PROXY} / {@code no_proxy}
 * from the environment. Loopback hosts never go through it. Credentials in a proxy URL are not
 * supported (the JDK client cannot send them on a CONNECT without global settings); they are
 * dropped, never printed.
 */
public final class EnvironmentProxy extends ProxySelector {

    private final InetSocketAddress proxy;
    private final List<String> noProxy;

    private EnvironmentProxy(InetSocketAddress proxy, List<String> noProxy) {
        this.proxy = proxy;
        this.noProxy = List.copyOf(noProxy);
    }

    /**
     * @param npmrcProxy   the .npmrc https-proxy or proxy value, if any
     * @param npmrcNoProxy the .npmrc noproxy value, if any
     */
    public static Optional<EnvironmentProxy> from(Optional<String> npmrcProxy, Optional<String> npmrcNoProxy, Map<String, String> env) {
        Optional<String> url = npmrcProxy.filter(v -> !v.isBlank())
                .or(() -> first(env, "HTTPS_PROXY", "https_proxy"));
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String spec = url.get().strip();
        if (!spec.contains("://")) {
            spec = "http://" + spec;
        }
        Optional<URI> u = RegistryUrls.parse(spec);
        if (u.isEmpty()) {
            return Optional.empty();
        }
        int port = u.get().getPort() != -1 ? u.get().getPort() : ("https".equalsIgnoreCase(u.get().getScheme()) ? 443 : 80);
        List<String> no = new ArrayList<>();
        npmrcNoProxy.or(() -> first(env, "NO_PROXY", "no_proxy")).ifPresent(v -> {
            for (String part : v.split("[,\\s]+")) {
                String p = part.strip().toLowerCase(Locale.ROOT);
                int colon = p.lastIndexOf(':');
                if (colon > 0 && !p.endsWith("]") && p.indexOf(':') == colon) {
                    p = p.substring(0, colon);
                }
                if (!p.isEmpty()) {
                    no.add(p);
                }
            }
        });
        return Optional.of(new EnvironmentProxy(InetSocketAddress.createUnresolved(u.get().getHost(), port), no));
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (RegistryUrls.isLoopback(host) || bypassed(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(new Proxy(Proxy.Type.HTTP, proxy));
    }

    boolean bypassed(String host) {
        for (String p : noProxy) {
            if (p.equals("*")) {
                return true;
            }
            String suffix = p.startsWith("*.") ? p.substring(1) : p.startsWith(".") ? p : "." + p;
            if (host.equals(suffix.substring(1)) || host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Nothing to fall back to: the request fails and is retried like any transport error.
    }

    @Override
    public String toString() {
        return "EnvironmentProxy[" + proxy.getHostString() + ":" + proxy.getPort() + ", noproxy=" + noProxy + "]";
    }
}
