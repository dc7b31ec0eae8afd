package dev.trustlock.core.registry;

import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.SafeParsers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry settings npm would use: default registry, per-scope registries
 * ({@code @scope:registry=}) and bearer tokens ({@code //host/path/:_authToken=}), from the user
 * {@code ~/.npmrc}, then the project {@code .npmrc}, then {@code npm_config_*} environment
 * variables, each overriding the one before, as npm layers them. Tokens are {@link Secret}s:
 * neither they nor the settings holding them are ever printed.
 */
public final class NpmrcConfig {

    public static final URI DEFAULT_REGISTRY = URI.create("https://registry.npmjs.org/");

    private static final Pattern ENV_REF = Pattern.compile("(\\\\*)\\$\\{([^${}?]+)(\\?)?\\}");
    private static final String ENV_PREFIX = "npm_config_";

    private final URI registry;
    private final Map<String, URI> scopeRegistries;
    /** Keyed by "nerf dart": {@code //host[:port]/path/}, lower-cased host. */
    private final Map<String, Secret> tokens;
    private final List<String> warnings;
    private final Optional<EnvironmentProxy> proxy;

    private NpmrcConfig(URI registry, Map<String, URI> scopeRegistries, Map<String, Secret> tokens, List<String> warnings,
            Optional<EnvironmentProxy> proxy) {
        this.proxy = proxy;
        this.registry = registry;
        this.scopeRegistries = Collections.unmodifiableMap(scopeRegistries);
        this.tokens = Collections.unmodifiableMap(tokens);
        this.warnings = List.copyOf(warnings);
    }

    /** npm's defaults: the public registry, no scopes, no tokens. */
    public static NpmrcConfig defaults() {
        return new NpmrcConfig(DEFAULT_REGISTRY, new TreeMap<>(), new TreeMap<>(), List.of(), Optional.empty());
    }

    /** For this process: {@code ~/.npmrc} (or {@code NPM_CONFIG_USERCONFIG}), the project's, the environment. */
    public static NpmrcConfig forProject(Path projectDir) throws LockfileException {
        Map<String, String> env = System.getenv();
        Optional<Path> user = envValue(env, "userconfig").map(Path::of)
                .or(() -> Optional.ofNullable(System.getProperty("user.home")).map(h -> Path.of(h, ".npmrc")));
        return load(Optional.of(projectDir.resolve(".npmrc")), user, env);
    }

    /**
     * @param projectNpmrc the project's .npmrc (need not exist)
     * @param userNpmrc    the user's .npmrc (need not exist)
     * @param env          environment variables (only npm_config_* ones are read, any case)
     */
    public static NpmrcConfig load(Optional<Path> projectNpmrc, Optional<Path> userNpmrc, Map<String, String> env)
            throws LockfileException {
        Map<String, String> merged = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        for (Optional<Path> file : List.of(userNpmrc, projectNpmrc)) {
            if (file.isPresent() && Files.isRegularFile(file.get())) {
                parse(SafeParsers.readText(file.get()), file.get().toString(), env, merged, warnings);
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String k = e.getKey();
            if (k.length() > ENV_PREFIX.length() && k.regionMatches(true, 0, ENV_PREFIX, 0, ENV_PREFIX.length())) {
                // As npm: npm_config_https_proxy is the https-proxy setting.
                String rest = k.substring(ENV_PREFIX.length());
                String key = (rest.charAt(0) + rest.substring(1).replace('_', '-')).toLowerCase(Locale.ROOT);
                merged.put(key, e.getValue());
            }
        }
        return from(merged, warnings, env);
    }

    private static Optional<String> envValue(Map<String, String> env, String key) {
        return env.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(ENV_PREFIX + key))
                .map(Map.Entry::getValue).filter(v -> !v.isBlank()).findFirst();
    }

    static void parse(String text, String origin, Map<String, String> env, Map<String, String> into, List<String> warnings) {
        String[] lines = text.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            Optional<String> expanded = expand(value, env);
            if (expanded.isEmpty()) {
                // Never echo the value: it may be a token with one variable missing.
                warnings.add(origin + " line " + (i + 1) + ": '" + safeKey(key)
                        + "' refers to an unset environment variable; ignored");
                continue;
            }
            into.put(key, expanded.get());
        }
    }

    private static String safeKey(String key) {
        return key.length() > 200 ? key.substring(0, 200) + "..." : key;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** npm's ${VAR} expansion; ${VAR?} is empty when unset, \${VAR} is literal. Empty = unset var. */
    static Optional<String> expand(String value, Map<String, String> env) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String slashes = m.group(1);
            String replacement;
            if (slashes.length() % 2 == 1) {
                replacement = slashes.substring(1) + m.group().substring(slashes.length());
            } else {
                String v = env.get(m.group(2));
                if (v == null && m.group(3) == null) {
                    return Optional.empty();
                }
                replacement = slashes.substring(slashes.length() / 2) + (v == null ? "" : v);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    private static NpmrcConfig from(Map<String, String> settings, List<String> warnings, Map<String, String> env) {
        URI registry = DEFAULT_REGISTRY;
        Map<String, URI> scopes = new TreeMap<>();
        Map<String, Secret> tokens = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String lower = key.toLowerCase(Locale.ROOT);
            String value = e.getValue().strip();
            try {
                if (lower.equals("registry")) {
                    registry = RegistryUrls.normalizeRegistry(value);
                } else if (key.startsWith("@") && lower.endsWith(":registry")) {
                    String scope = lower.substring(0, lower.length() - ":registry".length());
                    scopes.put(scope, RegistryUrls.normalizeRegistry(value));
                } else if (key.startsWith("//") && (lower.endsWith(":_auth") || lower.endsWith(":_password"))) {
                    // Requests to that registry go without credentials and fail closed (401).
                    warnings.add("setting '" + safeKey(key) + "' ignored: only _authToken (bearer) credentials are supported");
                } else if (key.startsWith("//") && lower.endsWith(":_authtoken")) {
                    if (!value.isEmpty()) {
                        tokens.put(nerfDart(key.substring(0, key.length() - ":_authtoken".length())), Secret.of(value));
                    }
                }
            } catch (IllegalArgumentException bad) {
                warnings.add("setting '" + safeKey(key) + "' ignored: " + bad.getMessage());
            }
        }
        Optional<String> proxySetting = Optional.ofNullable(settings.get("https-proxy"))
                .or(() -> Optional.ofNullable(settings.get("proxy")));
        Optional<EnvironmentProxy> proxy = EnvironmentProxy.from(proxySetting, Optional.ofNullable(settings.get("noproxy")), env);
        return new NpmrcConfig(registry, scopes, tokens, warnings, proxy);
    }

    /** {@code //Host:443/path} → {@code //host:443/path/}: a canonical prefix to compare request URLs with. */
    private static String nerfDart(String keyPrefix) {
        String rest = keyPrefix.substring(2);
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return "//" + host + path;
    }

    public URI registry() {
        return registry;
    }

    /** The registry serving this package: its scope's, else the default. */
    public URI registryFor(String packageName) {
        if (packageName.startsWith("@")) {
            int slash = packageName.indexOf('/');
            if (slash > 0) {
                URI scoped = scopeRegistries.get(packageName.substring(0, slash).toLowerCase(Locale.ROOT));
                if (scoped != null) {
                    return scoped;
                }
            }
        }
        return registry;
    }

    public Map<String, URI> scopeRegistries() {
        return scopeRegistries;
    }

    /** The default registry and every scope's. */
    public java.util.Set<URI> registries() {
        java.util.Set<URI> all = new java.util.TreeSet<>(scopeRegistries.values());
        all.add(registry);
        return all;
    }

    /**
     * The token for a request URL: the configured one whose {@code //host/path/} is the longest
     * prefix of the URL's host and path. A URL on any other host gets none.
     */
    public Optional<Secret> tokenFor(URI url) {
        if (url.getHost() == null) {
            return Optional.empty();
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        List<String> forms = new ArrayList<>();
        forms.add("//" + RegistryUrls.hostPort(url) + path);
        // An explicit default port and no port are the same origin; write both forms.
        int defaultPort = RegistryUrls.defaultPort(url);
        if (url.getPort() == defaultPort) {
            forms.add("//" + url.getHost().toLowerCase(Locale.ROOT) + path);
        } else if (url.getPort() == -1) {
            forms.add("//" + url.getHost().toLowerCase(Locale.ROOT) + ":" + defaultPort + path);
        }
        String best = null;
        for (String nerf : tokens.keySet()) {
            for (String form : forms) {
                if (form.startsWith(nerf) && (best == null || nerf.length() > best.length())) {
                    best = nerf;
                }
            }
        }
        return Optional.ofNullable(best).map(tokens::get);
    }

    /** The HTTPS proxy from .npmrc or the environment, if one is set. */
    public Optional<EnvironmentProxy> proxy() {
        return proxy;
    }

    /** Problems found while reading; never contain setting values. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "NpmrcConfig[registry=" + registry + ", scopes=" + scopeRegistries + ", tokens for "
                + tokens.keySet() + "]";
    }
}
