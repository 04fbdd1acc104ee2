package org.bss.platform.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bss.platform.ApiClient;
import org.bss.platform.tenancy.Scope;
import java.util.EnumSet;
import java.util.UUID;
import org.bss.platform.ApiTest;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.apidocs.internal.YamlTrees;
import org.bss.platform.bus.EventTopics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AsyncAPI document: AsyncAPI 3.0 by the specification's own JSON Schema, one channel for each topic the
 * application names and no other, every catalog type with its message and its schema as event-model's catalog has
 * it (written into the document by this test, as ModularityTest draws docs/modules, with the schema's references to
 * its own definitions inlined), every example fitting its schema, and what the platform writes fitting it too.
 */
class AsyncApiDocumentTest extends ApiTest {

    static final String RESOURCE = "/asyncapi/bss-platform.yaml";
    static final Path SOURCE = Path.of("src/main/resources/asyncapi/bss-platform.yaml");
    static final String BEGIN = "    # BEGIN catalog schemas: written by AsyncApiDocumentTest from event-model's catalog (org/bss/model/catalog)";
    static final String END = "    # END catalog schemas";
    static final String CATALOG = "/org/bss/model/catalog/";
    static final String SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12";
    private static final String SPEC = "/asyncapi/asyncapi-3.0.0.schema.json";
    private static final String IRI = "urn:bss:asyncapi";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;
    @Autowired
    EventTopics eventTopics;
    @Autowired
    AnalyticsProperties analytics;

    @Test
    void theDocumentIsAsyncApi30BySpecificationsJsonSchema() {
        JsonNode document = document();
        assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
        JsonNode spec = JSON.readTree(read(SPEC));
        Map<String, String> byId = new HashMap<>();
        byId.put(spec.get("$id").asString(), spec.toString());
        spec.get("definitions").properties().forEach(d -> byId.put(d.getKey(), d.getValue().toString()));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build())
                .schemaLoader(loader -> loader.resourceLoaders(resources -> resources.resources(byId::get))));
        Schema schema = registry.getSchema(SchemaLocation.of(spec.get("$id").asString()));
        List<String> errors = schema.validate(document).stream()
                .map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList();
        assertThat(errors).as("what the AsyncAPI 3.0.0 JSON Schema finds wrong").isEmpty();
    }

    /** A YAML 1.1 reader (most AsyncAPI tools) reads the kept file as YAML 1.2 does. */
    @Test
    void theDocumentReadsAlikeInYaml11AndYaml12() {
        String text = read(RESOURCE);
        assertThat(new Yaml(new SafeConstructor(new LoaderOptions())).<Object>load(text)).isEqualTo(YamlTrees.read(text));
    }

    @Test
    void itsChannelsAreTheTopicsTheApplicationNames() {
        Set<String> named = new TreeSet<>();
        context.getBeansOfType(NewTopic.class).values().forEach(topic -> named.add(topic.name()));
        named.addAll(topicsOf(eventTopics));
        named.addAll(topicsOf(analytics));
        Set<String> channels = new TreeSet<>();
        document().get("channels").forEach(channel -> channels.add(channel.get("address").asString()));
        assertThat(channels).isEqualTo(named);
    }

    /** The catalog's schemas, written into the document when they differ: commit what it writes. */
    @Test
    void everyCatalogTypeHasItsSchemaAsTheCatalogHasIt() throws IOException {
        Map<String, String> catalog = catalog();
        String text = read(RESOURCE);
        int begin = text.indexOf(BEGIN + "\n");
        int end = text.indexOf(END + "\n");
        assertThat(begin).as("the document's catalog markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String written = text.substring(0, begin) + region(catalog) + text.substring(end);
        if (!written.equals(text) && Files.exists(SOURCE)) {
            Files.writeString(SOURCE, written);
        }
        assertThat(text).as(SOURCE + " did not hold the catalog's schemas as they are and has been written again:"
                + " commit it").isEqualTo(written);

        JsonNode document = document();
        JsonNode schemas = document.get("components").get("schemas");
        JsonNode messages = document.get("components").get("messages");
        for (Map.Entry<String, String> type : catalog.entrySet()) {
            String name = type.getKey();
            assertThat(schemas.get(name).get("schemaFormat").asString()).isEqualTo(SCHEMA_FORMAT);
            assertThat(schemas.get(name).get("schema")).as(name).isEqualTo(inlined(JSON.readTree(type.getValue())));
            assertThat(messages.get(name)).as("components.messages." + name).isNotNull();
            assertThat(messages.get(name).get("payload").get("$ref").asString()).isEqualTo("#/components/schemas/" + name);
            for (String channel : List.of("events", "enriched")) {
                assertThat(document.get("channels").get(channel).get("messages").get(name))
                        .as("channels." + channel + ".messages." + name).isNotNull();
            }
        }
    }

    @Test
    void everyExampleFitsItsMessage() {
        JsonNode document = document();
        SchemaRegistry registry = registry(document);
        List<String> wrong = new ArrayList<>();
        int examples = 0;
        for (Map.Entry<String, JsonNode> message : document.get("components").get("messages").properties()) {
            JsonNode node = message.getValue();
            if (!node.has("examples")) {
                continue;
            }
            String payload = schemaPointer(document, "/components/messages/" + message.getKey() + "/payload");
            String headers = headersPointer(document, message.getKey());
            for (JsonNode example : node.get("examples")) {
                examples++;
                if (example.has("payload")) {
                    validate(registry, payload, example.get("payload"))
                            .forEach(v -> wrong.add(message.getKey() + " payload: " + v));
                }
                if (example.has("headers") && headers != null) {
                    validate(registry, headers, example.get("headers"))
                            .forEach(v -> wrong.add(message.getKey() + " headers: " + v));
                }
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(4);
        assertThat(wrong).as("examples that do not fit their messages").isEmpty();
    }

    /**
     * What the platform writes fits the document: an event accepted over HTTP as it is on bss.events and on
     * bss.events.enriched (key, headers, payload), and the quality signal of a refused one on bss.quality.
     */
    @Test
    void whatThePlatformWritesFitsTheDocument() throws Exception {
        JsonNode document = document();
        SchemaRegistry registry = registry(document);
        String tenant = "asyncapi-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        ApiClient client = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE), null).secret());
        JsonNode example = example("payment.created");
        ObjectNode event = JSON.createObjectNode();
        example.get("headers").properties().forEach(header -> {
            if (header.getKey().startsWith("ce_") && !header.getKey().equals("ce_tenantid")) {
                event.put(header.getKey().substring(3), header.getValue().asString());
            }
        });
        event.set("data", example.get("payload"));
        ObjectNode refused = event.deepCopy();
        refused.put("id", "evt-refused");
        ((ObjectNode) refused.get("data")).put("currency", "usd");

        try (RawReader events = new RawReader(bootstrapServers, eventTopics.eventsTopic());
             RawReader enriched = new RawReader(bootstrapServers, analytics.enrichedTopic());
             RawReader quality = new RawReader(bootstrapServers, eventTopics.qualityTopic())) {
            assertThat(client.postEvent(event.toString()).status()).isEqualTo(202);
            assertThat(client.postEvent(refused.toString()).status()).isEqualTo(400);
            List<String> wrong = new ArrayList<>();
            for (RawReader reader : List.of(events, enriched)) {
                ConsumerRecord<String, byte[]> record = reader.first(r -> tenant.equals(header(r, "ce_tenantid")));
                assertThat(record.key()).isEqualTo(tenant + "/customer/cust-001");
                validate(registry, schemaPointer(document, "/components/messageTraits/cloudEvent/headers"), headers(record))
                        .forEach(v -> wrong.add(record.topic() + " headers: " + v));
                validate(registry, schemaPointer(document, "/components/messages/payment.created/payload"),
                        JSON.readTree(record.value())).forEach(v -> wrong.add(record.topic() + " payload: " + v));
            }
            ConsumerRecord<String, byte[]> signal = quality.first(r -> tenant.equals(r.key()));
            validate(registry, schemaPointer(document, "/components/messages/qualitySignal/payload"),
                    JSON.readTree(signal.value())).forEach(v -> wrong.add(signal.topic() + " payload: " + v));
            assertThat(JSON.readTree(signal.value()).get("reason").asString()).isEqualTo("schema");
            assertThat(wrong).as("records that do not fit the document").isEmpty();
        }
    }

    /** A record's headers as the document shows them: UTF-8 text, and bss_eventid's 16 bytes in base64. */
    private static JsonNode headers(ConsumerRecord<String, byte[]> record) {
        ObjectNode headers = JSON.createObjectNode();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.key().equals("bss_eventid") ? Base64.getEncoder().encodeToString(header.value())
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads a topic from where it ended when the reader was made, whatever the records are. */
    static final class RawReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        RawReader(String bootstrapServers, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        ConsumerRecord<String, byte[]> first(Predicate<ConsumerRecord<String, byte[]>> wanted) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(wanted);
            });
            return seen.stream().filter(wanted).findFirst().orElseThrow();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static SchemaRegistry registry(JsonNode document) {
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword)).build();
        return SchemaRegistry.withDefaultDialect(dialect, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(false).build())
                .schemaLoader(loader -> loader.resourceLoaders(resources -> resources.resources(
                        Map.of(IRI, document.toString())::get))));
    }

    /** The document as the tests read it. */
    static JsonNode document() {
        return JSON.valueToTree(YamlTrees.read(read(RESOURCE)));
    }

    /** The payload example of a message of the document, with its headers (the first example of each). */
    static JsonNode example(String message) {
        return document().get("components").get("messages").get(message).get("examples").get(0);
    }

    /**
     * The catalog region as this test writes it: each catalog schema as JSON (YAML's flow style), its references
     * to its own {@code $defs} replaced by what they name. AsyncAPI's parser resolves {@code #/...} against the
     * whole document, not against the schema's {@code $id} as JSON Schema does, so a reference left in would name
     * nothing there.
     */
    static String region(Map<String, String> catalog) {
        StringBuilder region = new StringBuilder(BEGIN).append('\n');
        catalog.forEach((type, text) -> {
            region.append("    ").append(type).append(":\n");
            region.append("      schemaFormat: ").append(SCHEMA_FORMAT).append('\n');
            region.append("      schema:\n");
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(inlined(JSON.readTree(text))).lines()
                    .forEach(line -> region.append("        ").append(line).append('\n'));
        });
        return region.toString();
    }

    /** The schema with each {@code {"$ref": "#/$defs/<name>"}} replaced by that definition, and without {@code $defs}. */
    static JsonNode inlined(JsonNode schema) {
        JsonNode definitions = schema.get("$defs");
        JsonNode copy = replaced(schema, definitions, 0);
        ((ObjectNode) copy).remove("$defs");
        return copy;
    }

    private static JsonNode replaced(JsonNode node, JsonNode definitions, int depth) {
        if (depth > 32) {
            throw new IllegalStateException("the catalog's $defs refer to each other in a cycle");
        }
        if (node.isObject() && node.size() == 1 && node.has("$ref") && node.get("$ref").asString().startsWith("#/$defs/")) {
            String name = node.get("$ref").asString().substring("#/$defs/".length());
            assertThat(definitions.has(name)).as("$defs/" + name).isTrue();
            return replaced(definitions.get(name), definitions, depth + 1);
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(member -> copy.set(member.getKey(), replaced(member.getValue(), definitions, depth)));
            return copy;
        }
        if (node.isArray()) {
            tools.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(replaced(item, definitions, depth)));
            return copy;
        }
        return node;
    }

    /** The catalog's schema texts by type, in the index's order. */
    static Map<String, String> catalog() {
        Map<String, String> catalog = new LinkedHashMap<>();
        for (String line : read(CATALOG + "index.txt").split("\\R")) {
            String type = line.strip();
            if (!type.isEmpty() && !type.startsWith("#")) {
                catalog.put(type, read(CATALOG + type + ".schema.json"));
            }
        }
        return catalog;
    }

    private static List<String> validate(SchemaRegistry registry, String pointer, JsonNode value) {
        List<String> found = new ArrayList<>();
        for (Error error : registry.getSchema(SchemaLocation.of(IRI + "#" + pointer)).validate(value)) {
            found.add(error.getInstanceLocation() + " " + error.getMessage());
        }
        return found;
    }

    /** Where the schema is: through a reference, and into a multi-format schema's {@code schema}. */
    private static String schemaPointer(JsonNode document, String pointer) {
        JsonNode node = document.at(pointer);
        if (node.has("$ref")) {
            return schemaPointer(document, node.get("$ref").asString().substring(1));
        }
        return node.has("schemaFormat") ? pointer + "/schema" : pointer;
    }

    private static String headersPointer(JsonNode document, String message) {
        JsonNode node = document.get("components").get("messages").get(message);
        if (node.has("headers")) {
            return schemaPointer(document, "/components/messages/" + message + "/headers");
        }
        if (node.has("traits")) {
            for (JsonNode trait : node.get("traits")) {
                String at = trait.get("$ref").asString().substring(1);
                if (document.at(at).has("headers")) {
                    return schemaPointer(document, at + "/headers");
                }
            }
        }
        return null;
    }

    private static List<String> topicsOf(Record settings) {
        List<String> topics = new ArrayList<>();
        for (RecordComponent component : settings.getClass().getRecordComponents()) {
            if (component.getName().endsWith("Topic") && component.getType() == String.class) {
                try {
                    topics.add((String) component.getAccessor().invoke(settings));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    static String read(String resource) {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
