package dev.trustlock.core.scenario;

import dev.trustlock.core.attest.testpki.TestPki;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Writes the verify scenarios under {@code testdata/scenarios/}:
 * {@code axios-2026-03-31/} (a reconstruction of the axios 1.14.1 compromise) and
 * {@code old-line-no-provenance/} (a legitimate 0.x patch after 1.x gained provenance).
 *
 * <p>Run from the repository root (test classpath): {@code java ... ScenarioGenerator testdata/scenarios}.
 * Every byte is reproducible, signatures included, but only in a fresh JVM: ECDSA needs random
 * numbers, so {@link #makeDeterministic()} routes all signing through Bouncy Castle with a seeded
 * generator, and leaf certificate serial numbers count per JVM. {@code ScenarioGeneratorTest}
 * therefore runs this main in a child JVM and compares its output with the committed files.
 */
public final class ScenarioGenerator {

    /** Seed of the scenario PKI (its own, so that other tests' key use cannot shift it). */
    static final long PKI_SEED = 20260331L;
    static final Instant SNAPSHOT_TAKEN = Instant.parse("2026-03-31T03:00:00Z");
    static final List<String> GENERATED_DIRS = List.of(
            "axios-2026-03-31/snapshot", "axios-2026-03-31/compromised", "axios-2026-03-31/clean",
            "old-line-no-provenance/snapshot", "old-line-no-provenance/project",
            "ci-compromise-2026-05/snapshot", "ci-compromise-2026-05/compromised", "ci-compromise-2026-05/clean",
            "install-hook-2026-04/snapshot", "install-hook-2026-04/compromised", "install-hook-2026-04/clean",
            "binding-gyp-2026-08/snapshot", "binding-gyp-2026-08/compromised", "binding-gyp-2026-08/clean",
            "token-worm-2025-09/snapshot", "token-worm-2025-09/compromised", "token-worm-2025-09/clean",
            "false-positive-classes/snapshot", "false-positive-classes/project");

    private ScenarioGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "testdata/scenarios");
        makeDeterministic();
        generate(out, TestPki.generate(PKI_SEED));
        System.out.println("wrote scenarios under " + out.toAbsolutePath().normalize());
    }

    /** Seeded randomness for every signature; only safe for throw-away test keys. */
    static void makeDeterministic() throws GeneralSecurityException {
        Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
        Security.insertProviderAt(new BouncyCastleProvider(), 1);
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG", "SUN");
        seeded.setSeed(PKI_SEED);
        CryptoServicesRegistrar.setSecureRandom(seeded);
    }

    static void generate(Path scenarios, TestPki pki) throws IOException {
        for (String d : GENERATED_DIRS) {
            deleteTree(scenarios.resolve(d));
        }
        axios(scenarios.resolve("axios-2026-03-31"), pki);
        oldLine(scenarios.resolve("old-line-no-provenance"), pki);
        ciCompromise(scenarios.resolve("ci-compromise-2026-05"), pki);
        installHook(scenarios.resolve("install-hook-2026-04"), pki);
        bindingGyp(scenarios.resolve("binding-gyp-2026-08"), pki);
        tokenWorm(scenarios.resolve("token-worm-2025-09"), pki);
        falsePositiveClasses(scenarios.resolve("false-positive-classes"), pki);
    }

    /** A project of one direct dependency, as clean (the last good version) and compromised. */
    private static void twoProjects(ScenarioWriter w, Path dir, String app, String name, String range, String good,
            String bad) throws IOException {
        SortedMap<String, String> direct = new TreeMap<>();
        direct.put(name, range);
        SortedMap<String, String> clean = new TreeMap<>();
        clean.put(name, good);
        w.writeProject(dir.resolve("clean"), app, direct, clean);
        SortedMap<String, String> compromised = new TreeMap<>();
        compromised.put(name, bad);
        w.writeProject(dir.resolve("compromised"), app, direct, compromised);
    }

    // ---- ci-compromise-2026-05 ----------------------------------------------------------------

    /**
     * Stolen CI credentials with valid provenance: the project's own repository and workflow, but
     * run from a branch the attacker pushed instead of a release tag, two versions within six
     * minutes, and a new optional dependency on a git commit that carries the payload.
     */
    static void ciCompromise(Path dir, TestPki pki) throws IOException {
        ScenarioWriter w = new ScenarioWriter(pki);
        String name = "@routerkit/router-core";
        String payload = "github:routerkit/router#5f0c6a7d3b2e1f4098a7c6b5d4e3f2a1b0c9d8e7";
        w.add("Type-safe routing core.",
                Release.fromWorkflow(name, "1.120.0", "2026-04-14T09:12:40.000Z", "routerkit", "router"),
                Release.fromWorkflow(name, "1.120.1", "2026-04-21T10:03:11.000Z", "routerkit", "router"),
                Release.fromWorkflow(name, "1.120.2", "2026-04-30T08:47:55.000Z", "routerkit", "router"),
                Release.fromWorkflow(name, "1.120.3", "2026-05-06T14:20:02.000Z", "routerkit", "router"),
                Release.fromWorkflow(name, "1.120.4", "2026-05-11T19:20:31.000Z", "routerkit", "router")
                        .builtFrom("refs/heads/renovate/cache-fix")
                        .withOptionalDependency("@routerkit/ci-helper", payload),
                Release.fromWorkflow(name, "1.120.5", "2026-05-11T19:26:09.000Z", "routerkit", "router")
                        .builtFrom("refs/heads/renovate/cache-fix")
                        .withOptionalDependency("@routerkit/ci-helper", payload));
        w.writeSnapshot(dir.resolve("snapshot"), Instant.parse("2026-05-11T21:00:00Z"));
        twoProjects(w, dir, "router-demo-app", name, "^1.120.0", "1.120.3", "1.120.5");
    }

    // ---- install-hook-2026-04 -----------------------------------------------------------------

    /**
     * An install hook added under an unchanged publisher with valid provenance: the workflow of a
     * project whose release pipeline was taken over publishes as always, through trusted
     * publishing from a tag, and the only change is a preinstall script.
     */
    static void installHook(Path dir, TestPki pki) throws IOException {
        ScenarioWriter w = new ScenarioWriter(pki);
        String name = "@capkit/db-service";
        w.add("Database service of an application framework.",
                Release.fromWorkflow(name, "2.2.0", "2026-02-10T13:00:00.000Z", "capkit", "db-service"),
                Release.fromWorkflow(name, "2.2.1", "2026-03-17T09:30:00.000Z", "capkit", "db-service"),
                Release.fromWorkflow(name, "2.3.0", "2026-04-08T11:45:00.000Z", "capkit", "db-service"),
                Release.fromWorkflow(name, "2.3.1", "2026-04-29T07:58:20.000Z", "capkit", "db-service")
                        .withScript("preinstall", "node setup.mjs"));
        w.writeSnapshot(dir.resolve("snapshot"), Instant.parse("2026-04-29T12:00:00Z"));
        twoProjects(w, dir, "capkit-demo-app", name, "^2.3.0", "2.3.0", "2.3.1");
    }

    // ---- binding-gyp-2026-08 ------------------------------------------------------------------

    /**
     * A binding.gyp added without any install script: npm runs node-gyp for it at install, so
     * the package runs code although its scripts look unchanged.
     */
    static void bindingGyp(Path dir, TestPki pki) throws IOException {
        ScenarioWriter w = new ScenarioWriter(pki);
        String name = "fast-json-hash";
        w.add("Fast hashing of JSON values.",
                Release.byPerson(name, "3.0.0", "2025-11-02T16:10:00.000Z", "kim", "kim@fastjson.example"),
                Release.byPerson(name, "3.0.1", "2026-01-19T10:22:00.000Z", "kim", "kim@fastjson.example"),
                Release.byPerson(name, "3.0.2", "2026-08-12T02:41:00.000Z", "kim", "kim@fastjson.example")
                        .withBindingGyp());
        w.writeSnapshot(dir.resolve("snapshot"), Instant.parse("2026-08-12T06:00:00Z"));
        twoProjects(w, dir, "hash-demo-app", name, "^3.0.0", "3.0.1", "3.0.2");
    }

    // ---- token-worm-2025-09 -------------------------------------------------------------------

    /**
     * A worm with a maintainer's stolen token (as Shai-Hulud, September 2025): every package the
     * token can publish gets a new patch within minutes, same account and e-mail, each adding a
     * postinstall that runs the bundled payload. The packages never had provenance, so nothing is
     * lost; the install script and the burst are what show.
     */
    static void tokenWorm(Path dir, TestPki pki) throws IOException {
        ScenarioWriter w = new ScenarioWriter(pki);
        String[][] packages = {
                {"@ctrlkit/tinycolour", "4.1.0", "4.1.1"},
                {"@ctrlkit/magnet-link", "4.0.2", "4.0.3"},
                {"@ctrlkit/torrent-file", "4.1.0", "4.1.1"},
                {"@ctrlkit/deluge-client", "7.2.0", "7.2.1"},
                {"@ctrlkit/shared-utils", "2.0.0", "2.0.1"}};
        SortedMap<String, String> direct = new TreeMap<>();
        SortedMap<String, String> clean = new TreeMap<>();
        SortedMap<String, String> compromised = new TreeMap<>();
        Instant worm = Instant.parse("2025-09-15T15:02:00Z");
        for (int i = 0; i < packages.length; i++) {
            String name = packages[i][0];
            w.add("Utility " + (i + 1) + " of a maintainer's collection.",
                    Release.byPerson(name, packages[i][1], "2025-0" + (3 + i) + "-10T10:00:00.000Z", "scottc",
                            "scottc@ctrlkit.example"),
                    Release.byPerson(name, packages[i][2], ScenarioWriter.iso(worm.plusSeconds(190L * i)), "scottc",
                            "scottc@ctrlkit.example")
                            .withoutGitHead()
                            .withScript("postinstall", "node bundle.js"));
            direct.put(name, "^" + packages[i][1]);
            clean.put(name, packages[i][1]);
            compromised.put(name, packages[i][2]);
        }
        w.writeSnapshot(dir.resolve("snapshot"), Instant.parse("2025-09-15T18:00:00Z"));
        w.writeProject(dir.resolve("clean"), "ctrlkit-demo-app", direct, clean);
        w.writeProject(dir.resolve("compromised"), "ctrlkit-demo-app", direct, compromised);
    }

    // ---- false-positive-classes ---------------------------------------------------------------

    /**
     * Legitimate publishing changes that pnpm's trust policy is known to flag, each of which must
     * pass: a trusted publisher's workflow publishing once with a maintainer's token and
     * --provenance; a staged publish by a release bot that a maintainer approved; a project
     * moving from hand publishes to trusted publishing.
     */
    static void falsePositiveClasses(Path dir, TestPki pki) throws IOException {
        ScenarioWriter w = new ScenarioWriter(pki);
        w.add("A library published by its workflow, once with a token.",
                Release.fromWorkflow("tokenized-lib", "2.0.0", "2026-01-05T10:00:00.000Z", "tokenized", "lib"),
                Release.fromWorkflow("tokenized-lib", "2.0.1", "2026-02-05T10:00:00.000Z", "tokenized", "lib"),
                Release.fromWorkflow("tokenized-lib", "2.0.2", "2026-03-05T10:00:00.000Z", "tokenized", "lib")
                        .withToken("lena", "lena@tokenized.example"));
        w.add("A library released through staged publishing.",
                Release.byPerson("staged-lib", "1.3.0", "2026-01-10T10:00:00.000Z", "maria", "maria@staged.example"),
                Release.byPerson("staged-lib", "1.3.1", "2026-02-10T10:00:00.000Z", "maria", "maria@staged.example"),
                Release.byPerson("staged-lib", "1.4.0", "2026-03-10T10:00:00.000Z", "staged-release-bot",
                        "bot@staged.example").approvedBy("maria", "maria@staged.example"));
        w.add("A library that moved to trusted publishing.",
                Release.byPerson("moving-lib", "5.1.0", "2025-10-01T10:00:00.000Z", "omar", "omar@moving.example"),
                Release.byPerson("moving-lib", "5.1.1", "2025-12-01T10:00:00.000Z", "omar", "omar@moving.example"),
                Release.fromWorkflow("moving-lib", "5.2.0", "2026-03-01T10:00:00.000Z", "moving", "lib"));
        w.writeSnapshot(dir.resolve("snapshot"), Instant.parse("2026-03-20T00:00:00Z"));
        SortedMap<String, String> direct = new TreeMap<>();
        direct.put("tokenized-lib", "^2.0.0");
        direct.put("staged-lib", "^1.3.0");
        direct.put("moving-lib", "^5.1.0");
        SortedMap<String, String> tree = new TreeMap<>();
        tree.put("tokenized-lib", "2.0.2");
        tree.put("staged-lib", "1.4.0");
        tree.put("moving-lib", "5.2.0");
        w.writeProject(dir.resolve("project"), "fp-demo-app", direct, tree);
    }

    // ---- axios-2026-03-31 ---------------------------------------------------------------------

    static void axios(Path dir, TestPki pki) throws IOException {
        ScenarioWriter w = new ScenarioWriter(pki);
        String fr = "^1.15.6";
        String fd = "^4.0.4";
        String pfe = "^1.1.0";
        Release[] axios = {
                // The 0.x line was published by hand by the lead maintainer, as it really was.
                Release.byPerson("axios", "0.30.0", "2025-06-17T16:02:11.512Z", "jasonsaayman", "jasonsaayman@gmail.com"),
                Release.byPerson("axios", "0.30.1", "2025-08-20T10:00:00.000Z", "jasonsaayman", "jasonsaayman@gmail.com"),
                oidcAxios("1.12.0", "2025-09-12T12:14:03.221Z"),
                oidcAxios("1.12.1", "2025-09-19T09:41:52.004Z"),
                oidcAxios("1.12.2", "2025-09-29T15:20:31.700Z"),
                oidcAxios("1.13.0", "2025-10-28T11:05:18.300Z"),
                oidcAxios("1.13.1", "2025-11-12T13:45:00.120Z"),
                oidcAxios("1.13.2", "2026-01-21T08:30:44.900Z"),
                oidcAxios("1.14.0", "2026-03-18T12:00:07.431Z"),
                // The compromise: a token publish from the maintainer's account after its e-mail
                // was changed; no workflow, no provenance, no gitHead, one new dependency.
                Release.byPerson("axios", "1.14.1", "2026-03-31T00:21:00.000Z", "jasonsaayman", "ifstap@proton.me")
                        .withoutGitHead()
                        .withDependency("plain-crypto-js", "^4.2.1"),
        };
        for (int i = 0; i < axios.length; i++) {
            axios[i] = axios[i].withDependency("follow-redirects", fr).withDependency("form-data", fd)
                    .withDependency("proxy-from-env", pfe);
        }
        w.add("Promise based HTTP client for the browser and node.js", axios);
        w.tag("axios", "v0", "0.30.1");
        w.tag("axios", "latest", "1.14.1");
        w.add("JavaScript library of crypto standards.",
                Release.byPerson("plain-crypto-js", "4.2.0", "2026-03-30T05:57:12.000Z", "nrwise", "nrwise@proton.me")
                        .withoutGitHead(),
                // Same maintainer, a day later: the only change is the dropper run at install.
                Release.byPerson("plain-crypto-js", "4.2.1", "2026-03-30T23:59:12.000Z", "nrwise", "nrwise@proton.me")
                        .withoutGitHead()
                        .withScript("postinstall", "node setup.js"));
        // axios's real dependency tree, trimmed: form-data's es-set-tostringtag subtree is left out
        // so the fixture stays small. Publish dates inside the test PKI's validity (from 2020).
        w.add("HTTP and HTTPS modules that follow redirects.",
                Release.byPerson("follow-redirects", "1.15.8", "2024-08-28T10:00:00.000Z", "rubenverborgh", "ruben@verborgh.org"),
                Release.byPerson("follow-redirects", "1.15.9", "2024-09-10T10:00:00.000Z", "rubenverborgh", "ruben@verborgh.org"));
        w.add("A library to create readable \"multipart/form-data\" streams.",
                Release.byPerson("form-data", "4.0.3", "2025-06-05T10:00:00.000Z", "ljharb", "ljharb@gmail.com")
                        .withDependency("asynckit", "^0.4.0").withDependency("combined-stream", "^1.0.8")
                        .withDependency("hasown", "^2.0.2").withDependency("mime-types", "^2.1.12"),
                Release.byPerson("form-data", "4.0.4", "2025-07-16T10:00:00.000Z", "ljharb", "ljharb@gmail.com")
                        .withDependency("asynckit", "^0.4.0").withDependency("combined-stream", "^1.0.8")
                        .withDependency("hasown", "^2.0.2").withDependency("mime-types", "^2.1.12"));
        w.add("Offers getProxyForUrl to get the proxy URL for a URL, respecting the *_PROXY environment variables.",
                Release.byPerson("proxy-from-env", "1.1.0", "2020-02-23T10:00:00.000Z", "robwu", "rob@robwu.nl"));
        w.add("Minimal async jobs utility library, with streams support",
                Release.byPerson("asynckit", "0.4.0", "2020-03-01T10:00:00.000Z", "alexindigo", "iam@alexindigo.com"));
        w.add("A stream that emits multiple other streams one after another.",
                Release.byPerson("combined-stream", "1.0.8", "2020-03-02T10:00:00.000Z", "alexindigo", "iam@alexindigo.com")
                        .withDependency("delayed-stream", "~1.0.0"));
        w.add("Buffers events from a stream until you are ready to handle them.",
                Release.byPerson("delayed-stream", "1.0.0", "2020-03-03T10:00:00.000Z", "apechimp", "apeherder@gmail.com"));
        w.add("The ultimate javascript content-type utility.",
                Release.byPerson("mime-types", "2.1.35", "2022-03-12T10:00:00.000Z", "dougwilson", "doug@somethingdoug.com")
                        .withDependency("mime-db", "1.52.0"));
        w.add("Media Type Database",
                Release.byPerson("mime-db", "1.52.0", "2022-02-21T10:00:00.000Z", "dougwilson", "doug@somethingdoug.com"));
        w.add("A robust, ES3 compatible, \"has own property\" predicate.",
                Release.byPerson("hasown", "2.0.2", "2024-03-10T10:00:00.000Z", "ljharb", "ljharb@gmail.com")
                        .withDependency("function-bind", "^1.1.2"));
        w.add("Implementation of Function.prototype.bind",
                Release.byPerson("function-bind", "1.1.2", "2023-10-12T10:00:00.000Z", "ljharb", "ljharb@gmail.com"));

        w.writeSnapshot(dir.resolve("snapshot"), SNAPSHOT_TAKEN);

        SortedMap<String, String> direct = new TreeMap<>();
        direct.put("axios", "^1.14.0");
        SortedMap<String, String> tree = new TreeMap<>();
        tree.put("asynckit", "0.4.0");
        tree.put("combined-stream", "1.0.8");
        tree.put("delayed-stream", "1.0.0");
        tree.put("follow-redirects", "1.15.9");
        tree.put("form-data", "4.0.4");
        tree.put("function-bind", "1.1.2");
        tree.put("hasown", "2.0.2");
        tree.put("mime-db", "1.52.0");
        tree.put("mime-types", "2.1.35");
        tree.put("proxy-from-env", "1.1.0");
        SortedMap<String, String> clean = new TreeMap<>(tree);
        clean.put("axios", "1.14.0");
        w.writeProject(dir.resolve("clean"), "axios-demo-app", direct, clean);
        SortedMap<String, String> compromised = new TreeMap<>(tree);
        compromised.put("axios", "1.14.1");
        compromised.put("plain-crypto-js", "4.2.1");
        w.writeProject(dir.resolve("compromised"), "axios-demo-app", direct, compromised);
    }

    private static Release oidcAxios(String version, String publishedAt) {
        return Release.fromWorkflow("axios", version, publishedAt, "axios", "axios");
    }

    // ---- old-line-no-provenance ---------------------------------------------------------------

    static void oldLine(Path dir, TestPki pki) throws IOException {
        ScenarioWriter w = new ScenarioWriter(pki);
        String name = "oldline-lib";
        w.add("A library whose maintained 0.x line predates its provenance-publishing 1.x line.",
                Release.byPerson(name, "0.9.0", "2024-03-01T10:00:00.000Z", "maria", "maria@oldline.example"),
                Release.byPerson(name, "0.9.1", "2024-09-01T10:00:00.000Z", "maria", "maria@oldline.example"),
                Release.fromWorkflow(name, "1.0.0", "2025-03-01T10:00:00.000Z", "oldline", "oldline-lib"),
                Release.fromWorkflow(name, "1.1.0", "2025-09-01T10:00:00.000Z", "oldline", "oldline-lib"),
                // A security fix for 0.x users, published by hand as every 0.x release was: no
                // provenance, but nothing in its own line ever had any, so it is no downgrade.
                Release.byPerson(name, "0.9.2", "2026-02-01T10:00:00.000Z", "maria", "maria@oldline.example"));
        w.tag(name, "latest", "1.1.0");
        w.tag(name, "v0-lts", "0.9.2");
        w.writeSnapshot(dir.resolve("snapshot"), Instant.parse("2026-02-02T00:00:00Z"));
        SortedMap<String, String> direct = new TreeMap<>();
        direct.put(name, "^0.9.0");
        SortedMap<String, String> tree = new TreeMap<>();
        tree.put(name, "0.9.2");
        w.writeProject(dir.resolve("project"), "oldline-consumer", direct, tree);
    }

    // ---- files -------------------------------------------------------------------------------

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
