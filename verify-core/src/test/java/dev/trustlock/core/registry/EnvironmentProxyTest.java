package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentProxyTest {

    @TempDir
    Path tmp;

    private static String target(List<Proxy> p) {
        if (p.get(0).type() == Proxy.Type.DIRECT) {
            return "direct";
        }
        InetSocketAddress a = (InetSocketAddress) p.get(0).address();
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void noProxyConfiguredMeansNone() {
        assertTrue(EnvironmentProxy.from(Optional.empty(), Optional.empty(), Map.of("HTTP_PROXY", "http://p:1")).isEmpty());
    }

    @Test
    void environmentProxyWithNoProxyListAndLoopbackAlwaysDirect() {
        EnvironmentProxy p = EnvironmentProxy.from(Optional.empty(), Optional.empty(),
                Map.of("HTTPS_PROXY", "http://user:pw@proxy.corp:3128", "NO_PROXY", "internal.corp, .mirror.example:8443 ,")).orElseThrow();
        assertEquals("proxy.corp:3128", target(p.select(URI.create("https://registry.npmjs.org/axios"))));
        assertEquals("direct", target(p.select(URI.create("https://internal.corp/x"))));
        assertEquals("direct", target(p.select(URI.create("https://npm.internal.corp/x"))));
        assertEquals("direct", target(p.select(URI.create("https://a.mirror.example/x"))));
        assertEquals("proxy.corp:3128", target(p.select(URI.create("https://notinternal.corp/x"))));
        assertEquals("direct", target(p.select(URI.create("http://127.0.0.1:8080/x"))));
        assertEquals("direct", target(p.select(URI.create("http://localhost:8080/x"))));
        assertFalse(p.toString().contains("pw"), p.toString());
    }

    @Test
    void npmrcProxyWinsOverTheEnvironment() throws Exception {
        Path f = tmp.resolve(".npmrc");
        Files.writeString(f, "https-proxy=proxy.npmrc:8080\nnoproxy=*\n");
        NpmrcConfig c = NpmrcConfig.load(Optional.of(f), Optional.empty(), Map.of("HTTPS_PROXY", "http://env.proxy:1"));
        EnvironmentProxy p = c.proxy().orElseThrow();
        assertEquals("direct", target(p.select(URI.create("https://registry.npmjs.org/"))));
        NpmrcConfig viaEnv = NpmrcConfig.load(Optional.empty(), Optional.empty(), Map.of("npm_config_https_proxy", "http://npmenv:9"));
        assertEquals("npmenv:9", target(viaEnv.proxy().orElseThrow().select(URI.create("https://registry.npmjs.org/"))));
    }
}
