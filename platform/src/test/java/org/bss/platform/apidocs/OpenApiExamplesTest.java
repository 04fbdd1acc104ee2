package org.bss.platform.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bss.platform.ApiTest;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every example request of the OpenAPI document, sent to the running platform (embedded Kafka, PostgreSQL and
 * Redis, a tenant of its own): each answer's status is one the document lists for the operation, its media type one
 * it lists for that status, and its body fits the schema it documents. Every operation is answered with success at
 * least once, so the schemas of the successful answers are all checked against real ones.
 *
 * <p>Before the examples, the test makes what they read: the document's own batch example (a customer, its
 * subscription, order, invoice and payment), the tenant's own schema, a stored subscription, a replay slow enough to
 * be paused, and a dead letter and an alert from the AsyncAPI document's examples, put on their topics. Identifiers
 * that the platform makes (a replay's, a key's) and names that must be fresh (a new tenant) stand in for the
 * examples' values.
 */
class OpenApiExamplesTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    @Autowired
    EventTopics topics;
    @Autowired
    AnalyticsProperties analytics;

    private final OpenApiDocument document = OpenApiDocument.load();
    private final Map<String, String> pathValues = new HashMap<>();
    private final Map<String, String> substitutions = new HashMap<>();
    private String tenant;
    private String tenantKey;
    private String adminKey;
    private int validated;

    /** One request made from an example. */
    record Call(OpenApiDocument.Operation operation, String example, String pathAndQuery, Map<String, String> headers,
                String contentType, String body, String apiKey) {

        String name() {
            return operation.id() + (example == null ? "" : " (" + example + ")");
        }
    }

    record Answer(int status, String contentType, String body) {
    }

    @Test
    void everyExampleIsAnsweredAsTheDocumentSays() throws Exception {
        fixtures();
        List<Call> calls = new ArrayList<>();
        List<Call> deletes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (OpenApiDocument.Operation operation : document.operations()) {
            if (pending(operation)) {
                continue;
            }
            // what is deleted is deleted last, so that the other examples find it
            (operation.method().equals("delete") ? deletes : calls).addAll(calls(operation, failures));
        }
        calls.addAll(deletes);

        Set<String> succeeded = new LinkedHashSet<>();
        for (Call call : calls) {
            Answer answer = send(call);
            if (answer.status() / 100 == 2 || answer.status() == 101 || answer.status() == 302) {
                succeeded.add(call.operation().id());
            }
            check(call, answer, failures);
        }
        assertThat(failures).as("answers that are not as the document says").isEmpty();
        assertThat(validated).as("JSON answers validated against their schemas").isGreaterThanOrEqualTo(calls.size() - 10);
        Set<String> neverSucceeded = new LinkedHashSet<>();
        calls.forEach(call -> neverSucceeded.add(call.operation().id()));
        neverSucceeded.removeAll(succeeded);
        assertThat(neverSucceeded).as("operations whose examples were never answered with success").isEmpty();
    }

    /**
     * Every operation that needs credentials refuses a request without any with 401, and one whose key lacks the
     * scopes it names with 403, each as the document says (a listed status, a problem that fits its schema).
     */
    @Test
    void everyOperationRefusesWhatItShouldAsTheDocumentSays() throws Exception {
        tenant = "refusals-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        String readOnly = tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_READ), null).secret();
        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (OpenApiDocument.Operation operation : document.operations()) {
            if (pending(operation) || open(operation)) {
                continue;
            }
            for (Call call : calls(operation, failures)) {
                Call anonymous = new Call(operation, call.example(), call.pathAndQuery(), call.headers(),
                        call.contentType(), call.body(), null);
                refused += expect(anonymous, 401, failures);
                if (!scopes(operation).contains(Scope.EVENTS_READ.value()) && !scopes(operation).isEmpty()) {
                    Call unscoped = new Call(operation, call.example(), call.pathAndQuery(), call.headers(),
                            call.contentType(), call.body(), readOnly);
                    refused += expect(unscoped, 403, failures);
                }
            }
        }
        assertThat(failures).as("refusals that are not as the document says").isEmpty();
        assertThat(refused).isGreaterThan(60);
    }

    private int expect(Call call, int status, List<String> failures) throws Exception {
        Answer answer = send(call);
        if (answer.status() != status) {
            failures.add(call.name() + (call.apiKey() == null ? " without credentials" : " with a key of events:read")
                    + " answered " + answer.status() + ", not " + status);
            return 0;
        }
        check(call, answer, failures);
        return 1;
    }

    /** Whether anyone may call the operation (an empty security requirement). */
    private boolean open(OpenApiDocument.Operation operation) {
        JsonNode security = operation.node().has("security") ? operation.node().get("security") : document.root.get("security");
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The scopes any of the operation's security requirements names. */
    private Set<String> scopes(OpenApiDocument.Operation operation) {
        Set<String> scopes = new LinkedHashSet<>();
        JsonNode security = operation.node().has("security") ? operation.node().get("security") : document.root.get("security");
        security.forEach(requirement -> requirement.forEach(list -> list.forEach(scope -> scopes.add(scope.asString()))));
        return scopes;
    }

    private static boolean pending(OpenApiDocument.Operation operation) {
        return ApiDocumentsTest.PENDING.contains(operation.method().toUpperCase(Locale.ROOT) + " "
                + ApiDocumentsTest.normalized(operation.path()));
    }

    private void fixtures() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        adminKey = tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret();
        tenant = "examples-" + suffix;
        tenants.create(tenant, tenant);
        tenantKey = tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ, Scope.SCHEMAS_WRITE),
                null).secret();
        // the admin examples that change a tenant change one of their own, not the one the other examples read
        String administered = "examples-admin-" + suffix;
        tenants.create(administered, administered);
        pathValues.put("tenantId", administered);
        pathValues.put("keyId", tenants.issueKey(administered, EnumSet.of(Scope.EVENTS_READ), null).keyId().toString());
        substitutions.put("acme", tenant);
        substitutions.put("acme-mobile", "examples-new-" + suffix);

        // what the read models' examples read: the document's own batch
        Answer batch = post("/api/v1/events", "application/cloudevents-batch+json",
                example("post", "/api/v1/events", "application/cloudevents-batch+json").toString(), tenantKey);
        assertThat(batch.status()).as(batch.toString()).isEqualTo(202);
        Answer schema = post("/api/v1/schemas/acme.device.reading", "application/json",
                example("post", "/api/v1/schemas/{type}", "application/json").toString(), tenantKey);
        assertThat(schema.status()).as(schema.toString()).isEqualTo(201);
        Answer subscription = post("/api/v1/stream/subscriptions", "application/json",
                example("post", "/api/v1/stream/subscriptions", "application/json").toString(), tenantKey);
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
        pathValues.put("streamSubscriptionId", JSON.readTree(subscription.body()).get("id").asString());
        // a replay that is still running when the examples pause it: one event in a thousand seconds
        Answer replay = post("/api/v1/replays", "application/json", """
                {"speed":"0.001/s","target":{"kind":"topic","topic":"examples-%s"}}""".formatted(suffix), tenantKey);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        pathValues.put("replayId", JSON.readTree(replay.body()).get("id").asString());

        try (KafkaProducer<String, byte[]> producer = producer()) {
            JsonNode deadLetter = AsyncApiDocumentTest.example("deadLetter");
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.deadLetterTopic(), null,
                    deadLetter.get("payload").asString().getBytes(StandardCharsets.UTF_8));
            deadLetter.get("headers").properties().forEach(header -> record.headers().add(header.getKey(),
                    (header.getKey().equals("ce_tenantid") ? tenant
                            : header.getKey().equals("bss_dlq_offset") ? Long.toString(System.nanoTime())
                            : header.getValue().asString()).getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);

            ObjectNode alert = (ObjectNode) AsyncApiDocumentTest.example("alert").get("payload").deepCopy();
            String alertId = UUID.randomUUID().toString();
            alert.put("id", alertId).put("tenant", tenant);
            producer.send(new ProducerRecord<>(analytics.alertsTopic(), alertId, JSON.writeValueAsBytes(alert)))
                    .get(30, TimeUnit.SECONDS);
            pathValues.put("alertId", alertId);
        }
        await().atMost(WAIT).until(() -> JSON.readTree(get("/api/v1/admin/dead-letters?tenant=" + tenant, adminKey).body())
                .get("groups").size() > 0);
        String deadLetterId = JSON.readTree(get("/api/v1/admin/dead-letters?tenant=" + tenant, adminKey).body())
                .get("groups").get(0).get("samples").get(0).get("id").asString();
        pathValues.put("deadLetterId", deadLetterId);
        substitutions.put(document.root.at("/paths/~1api~1v1~1admin~1dead-letters~1{deadLetterId}/get/parameters/0/example")
                .asString(), deadLetterId);
        await().atMost(WAIT).until(() -> get("/api/v1/alerts/" + pathValues.get("alertId"), tenantKey).status() == 200);
        for (String read : List.of("/api/v1/customers/cust-001", "/api/v1/subscriptions/sub-001", "/api/v1/orders/ord-001",
                "/api/v1/invoices/inv-001", "/api/v1/payments/pay-001")) {
            await().atMost(WAIT).until(() -> get(read, tenantKey).status() == 200);
        }
        await().atMost(WAIT).until(() -> JSON.readTree(get("/api/v1/events?type=payment.processed", tenantKey).body())
                .get("events").size() == 1);
    }

    /** The requests an operation's examples make: one per request body example, or one without a body. */
    private List<Call> calls(OpenApiDocument.Operation operation, List<String> failures) {
        StringBuilder path = new StringBuilder();
        Matcher variable = PATH_VARIABLE.matcher(operation.path());
        List<OpenApiDocument.Parameter> parameters = document.parameters(operation);
        while (variable.find()) {
            String name = variable.group(1);
            String value = pathValues.get(name);
            if (value == null) {
                value = parameters.stream().filter(p -> p.name().equals(name) && p.in().equals("path")).findFirst()
                        .filter(p -> p.node().has("example")).map(p -> substituted(p.node().get("example").asString()))
                        .orElse(null);
            }
            if (value == null) {
                failures.add(operation.id() + ": no example of the path parameter " + name);
                return List.of();
            }
            variable.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        variable.appendTail(path);
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (OpenApiDocument.Parameter parameter : parameters) {
            JsonNode example = parameter.node().get("example");
            if (parameter.in().equals("query") && example != null) {
                query.append(query.isEmpty() ? '?' : '&').append(parameter.name()).append('=')
                        .append(URLEncoder.encode(substituted(example.asString()), StandardCharsets.UTF_8));
            } else if (parameter.required() && !parameter.in().equals("path") && example == null
                    && !parameter.name().equals("Upgrade")) {
                failures.add(operation.id() + ": no example of the required parameter " + parameter.name());
            }
        }
        String pathAndQuery = path + query.toString();
        String key = credentials(operation);
        JsonNode body = operation.node().get("requestBody");
        if (body == null) {
            return List.of(new Call(operation, null, pathAndQuery, headers, null, null, key));
        }
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> media : document.resolve(body).get("content").properties()) {
            JsonNode examples = media.getValue().get("examples");
            if (examples == null) {
                continue;
            }
            for (Map.Entry<String, JsonNode> example : examples.properties()) {
                Map<String, String> withHeaders = new LinkedHashMap<>(headers);
                JsonNode extra = example.getValue().get("x-bss-headers");
                if (extra != null) {
                    extra.properties().forEach(h -> withHeaders.put(h.getKey(), h.getValue().asString()));
                }
                calls.add(new Call(operation, example.getKey(), pathAndQuery, withHeaders, media.getKey(),
                        substitutedJson(example.getValue().get("value")), key));
            }
        }
        if (calls.isEmpty()) {
            failures.add(operation.id() + ": a request body and no example of it");
        }
        return calls;
    }

    /** No key for an operation open to anyone; the admin key where only {@code admin} will do; else the tenant's. */
    private String credentials(OpenApiDocument.Operation operation) {
        JsonNode security = operation.node().has("security") ? operation.node().get("security") : document.root.get("security");
        boolean adminOnly = true;
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return null;
            }
            for (JsonNode scopes : requirement) {
                if (scopes.isEmpty()) {
                    adminOnly = false;
                }
                for (JsonNode scope : scopes) {
                    adminOnly &= scope.asString().equals("admin");
                }
            }
        }
        return adminOnly ? adminKey : tenantKey;
    }

    private Answer send(Call call) throws Exception {
        JsonNode responses = call.operation().node().get("responses");
        if (responses.has("101")) {
            return webSocket(call);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + call.pathAndQuery()))
                .timeout(Duration.ofSeconds(30))
                .method(call.operation().method().toUpperCase(Locale.ROOT), call.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(request::header);
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        if (call.apiKey() != null) {
            request.header("X-API-Key", call.apiKey());
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = response.body()) {
            if (contentType.startsWith("text/event-stream")) {
                return new Answer(response.statusCode(), contentType, streamStart(in));
            }
            return new Answer(response.statusCode(), contentType, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The stream's first lines, up to {@code :ok} (it is live); the stream itself goes on for ever. */
    private static String streamStart(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder read = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            read.append(line).append('\n');
            if (line.equals(":ok")) {
                break;
            }
        }
        return read.toString();
    }

    /** A WebSocket handshake: 101 when it is upgraded (and closed again), else the refusal. */
    private Answer webSocket(Call call) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().subprotocols("cloudevents.json");
        if (call.apiKey() != null) {
            builder.header("X-API-Key", call.apiKey());
        }
        try {
            builder.buildAsync(URI.create("ws://localhost:" + port + call.pathAndQuery()), new WebSocket.Listener() {
            }).get(30, TimeUnit.SECONDS).abort();
            return new Answer(101, "", "");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                return new Answer(refused.getResponse().statusCode(),
                        refused.getResponse().headers().firstValue("Content-Type").orElse(""),
                        // the JDK's WebSocket client keeps a refusal's body only sometimes: null when it did not
                        body instanceof byte[] bytes && bytes.length > 0 ? new String(bytes, StandardCharsets.UTF_8) : null);
            }
            throw e;
        }
    }

    private void check(Call call, Answer answer, List<String> failures) {
        String what = call.name() + " answered " + answer.status() + " " + answer.contentType() + " "
                + (answer.body() == null ? "(body not seen)" : abbreviated(answer.body()));
        JsonNode responses = call.operation().node().get("responses");
        String status = Integer.toString(answer.status());
        if (!responses.has(status) && !responses.has("default")) {
            failures.add(what + ": a status the document does not list");
            return;
        }
        JsonNode listed = responses.has(status) ? responses.get(status) : responses.get("default");
        String ref = OpenApiDocument.pointerOf(listed);
        String pointer = ref != null ? ref.substring(1)
                : call.operation().pointer() + "/responses/" + (responses.has(status) ? status : "default");
        JsonNode content = document.resolve(listed).get("content");
        if (content == null) {
            if (answer.body() != null && !answer.body().isEmpty()) {
                failures.add(what + ": a body where the document has none");
            }
            return;
        }
        String media = null;
        for (String documented : content.propertyNames()) {
            if (base(documented).equals(base(answer.contentType()))) {
                media = documented;
            }
        }
        if (media == null) {
            failures.add(what + ": a media type the document does not list for " + status);
            return;
        }
        if (!OpenApiDocument.isJson(media) || answer.body() == null) {
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (RuntimeException e) {
            failures.add(what + ": not JSON");
            return;
        }
        document.violations(pointer + "/content/" + OpenApiDocument.escape(media) + "/schema", body)
                .forEach(v -> failures.add(what + ": " + v));
        validated++;
    }

    private static String base(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String abbreviated(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "...";
    }

    private String substituted(String value) {
        return substitutions.getOrDefault(value, value);
    }

    /** The example as JSON text, with the values that must be this run's own put in. */
    private String substitutedJson(JsonNode value) {
        String text = JSON.writeValueAsString(value);
        for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
            text = text.replace("\"" + substitution.getKey() + "\"", "\"" + substitution.getValue() + "\"");
        }
        return text;
    }

    /** The first request example of an operation for a media type. */
    private JsonNode example(String method, String path, String mediaType) {
        JsonNode examples = document.resolve(document.root.get("paths").get(path).get(method).get("requestBody"))
                .get("content").get(mediaType).get("examples");
        return examples.valueStream().findFirst().orElseThrow().get("value");
    }

    private Answer post(String path, String contentType, String body, String apiKey) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType).header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private Answer get(String pathAndQuery, String apiKey) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", apiKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(settings);
    }
}
