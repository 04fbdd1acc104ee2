package org.bss.loadgen.run;

import static org.bss.loadgen.JsonAnswer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bss.loadgen.LoadGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run --token-url} against a small platform that takes only bearer tokens, beside a small token endpoint
 * whose tokens live a second: writes, reads and the verification all carry a token of the tenant's client, fetched
 * again while the run goes on.
 */
class TokenRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN_PATH = "/realms/bss/protocol/openid-connect/token";
    /** The provider's clients: id, secret and the tenant their tokens name. */
    private static final Map<String, List<String>> CLIENTS = Map.of("acme-ingest", List.of("acme-secret", "acme"),
            "globex-ingest", List.of("globex-secret", "globex"));

    @TempDir
    Path folder;

    private HttpServer server;
    /** Tokens the endpoint issued, and the tenant each names. */
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    /** What the platform was asked: kind (write, read, verify, admin), tenant of the token, the token. */
    private final List<List<String>> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger withApiKey = new AtomicInteger();
    /** Stored events by tenant and source, and the customers each tenant created. */
    private final Map<List<String>, List<String>> stored = new ConcurrentHashMap<>();
    private final Set<String> customers = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startProviderAndPlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(TOKEN_PATH, this::token);
        server.createContext("/api/v1/events", this::events);
        server.createContext("/api/v1/customers/", this::customer);
        server.createContext("/api/v1/admin/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.add(List.of("admin", exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("X-API-Key"))));
            answer(exchange, 200, "{}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        List<String> client = CLIENTS.get(form.get("client_id"));
        if (!"client_credentials".equals(form.get("grant_type")) || client == null
                || !client.getFirst().equals(form.get("client_secret"))) {
            answer(exchange, 401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client or Invalid "
                    + "client credentials\"}");
            return;
        }
        String token = "tok-" + client.get(1) + "-" + tokensIssued.incrementAndGet();
        issued.put(token, client.get(1));
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":1,\"refresh_expires_in\":0,"
                + "\"token_type\":\"Bearer\",\"not-before-policy\":0,\"scope\":\"profile email\"}");
    }

    /** The tenant of the request's bearer token, recorded; null (after a 401) without one the endpoint issued. */
    private String tenant(HttpExchange exchange, String kind) throws IOException {
        if (exchange.getRequestHeaders().containsKey("X-API-Key")) {
            withApiKey.incrementAndGet();
        }
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String token = authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : "";
        String tenant = issued.get(token);
        if (tenant == null) {
            refused.incrementAndGet();
            answer(exchange, 401, "{\"title\":\"Unauthorized\"}");
            return null;
        }
        requests.add(List.of(kind, tenant, token));
        return tenant;
    }

    private void events(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean write = exchange.getRequestMethod().equals("POST");
        String tenant = tenant(exchange, write ? "write" : "verify");
        if (tenant == null) {
            return;
        }
        if (write) {
            JsonNode event = JSON.readTree(body);
            stored.computeIfAbsent(List.of(tenant, event.get("source").asString()), k -> new CopyOnWriteArrayList<>())
                    .add(event.get("id").asString());
            if (event.get("type").asString().equals("customer.created")) {
                customers.add(tenant + "/" + event.path("data").path("customer_id").asString());
            }
            answer(exchange, 202, "{\"status\":\"accepted\"}");
            return;
        }
        String source = URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceAll(".*source=([^&]*).*", "$1"),
                StandardCharsets.UTF_8);
        String events = stored.getOrDefault(List.of(tenant, source), List.of()).stream()
                .map(id -> "{\"id\":\"" + id + "\"}").collect(Collectors.joining(","));
        answer(exchange, 200, "{\"events\":[" + events + "],\"next\":null,\"more\":false}");
    }

    private void customer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String tenant = tenant(exchange, "read");
        if (tenant != null) {
            String id = exchange.getRequestURI().getPath().substring("/api/v1/customers/".length());
            boolean known = customers.contains(tenant + "/" + id);
            answer(exchange, known ? 200 : 404, known ? "{\"customer_id\":\"" + id + "\"}" : "{\"title\":\"Not Found\"}");
        }
    }

    private List<List<String>> requests(String kind) {
        return requests.stream().filter(r -> r.getFirst().equals(kind)).toList();
    }

    @Test
    void writesReadsAndTheVerificationCarryEachTenantsTokenRefreshedDuringTheRun() throws Exception {
        Path out = folder.resolve("run");
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--url", base(), "--token-url", base() + TOKEN_PATH,
                "--client", "acme=acme-ingest:acme-secret", "--client", "globex=globex-ingest:globex-secret",
                "--admin-key", "admin", "--rate", "200/s", "--duration", "2s", "--connections", "4", "--reads", "20",
                "--verify", "--settle", "1s", "--max-lost", "0", "--out", out.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).as("every accepted event read back with the tenants' tokens").isZero();
        assertThat(refused).as("requests without a token the provider issued").hasValue(0);
        assertThat(withApiKey).as("requests with an X-API-Key").hasValue(0);
        for (String kind : List.of("write", "read", "verify")) {
            assertThat(requests(kind)).as(kind + "s").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.get(2)).as("the token names the tenant").startsWith("tok-" + r.get(1) + "-"));
            assertThat(requests(kind).stream().map(r -> r.get(1)).distinct()).as(kind + "s of both tenants")
                    .containsExactlyInAnyOrder("acme", "globex");
        }
        assertThat(requests("write").stream().filter(r -> r.get(1).equals("acme")).map(r -> r.get(2)).distinct())
                .as("tokens of a second's lifetime, fetched again during the 2 s run").hasSizeGreaterThan(1);
        assertThat(requests("admin")).as("no tenant created; their quotas set with the admin key").containsExactlyInAnyOrder(
                List.of("admin", "PUT /api/v1/admin/tenants/acme/quota", "admin"),
                List.of("admin", "PUT /api/v1/admin/tenants/globex/quota", "admin"));

        assertThat(Files.readString(out.resolve("tenants.tsv")))
                .isEqualTo("acme\toidc-client=acme-ingest\nglobex\toidc-client=globex-ingest\n");
        JsonNode report = JSON.readTree(Files.readString(out.resolve("report.json")));
        assertThat(report.toString()).contains("bearer tokens (OIDC client credentials) from " + base() + TOKEN_PATH
                + " of acme by client acme-ingest, globex by client globex-ingest");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(Files.readString(file))
                    .as(file.getFileName() + " holds no secret and no token").doesNotContain("secret").doesNotContain("tok-"));
        }
    }

    @Test
    void aClientTheProviderRefusesStopsTheRunBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--url", base(), "--token-url", base() + TOKEN_PATH,
                "--client", "acme=acme-ingest:acme-secret", "--client", "globex=globex-ingest:wrong",
                "--admin-key", "admin", "--duration", "1s", "--out", folder.resolve("refused").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: OIDC client 'globex-ingest' got no token from " + base()
                + TOKEN_PATH + ": it answered HTTP 401 (unauthorized_client: Invalid client or Invalid client credentials)"
                + System.lineSeparator());
        assertThat(requests).as("nothing sent, no quota set").isEmpty();
    }

    @Test
    void withoutAnAdminKeyTheQuotasAreLeftAsTheyAre() {
        assumeThat(System.getenv("BSS_ADMIN_KEY")).as("no admin key in the environment").isNull();
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--url", base(), "--token-url", base() + TOKEN_PATH,
                "--client", "acme=acme-ingest:acme-secret", "--admin-key-file", folder.resolve("no-such-file").toString(),
                "--rate", "100/s", "--duration", "500ms", "--connections", "2", "--out", folder.resolve("run").toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(requests("write")).isNotEmpty();
        assertThat(requests("admin")).isEmpty();
    }
}
