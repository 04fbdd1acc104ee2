package org.bss.platform.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.apidocs.internal.YamlTrees;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document against the running application: it names every endpoint the application maps (every
 * handler mapping: controllers, actuator, the WebSocket endpoint) and nothing else; it is OpenAPI 3.1 without an
 * error; its examples fit its schemas; it is served as JSON and YAML, and Swagger UI shows it.
 */
class ApiDocumentsTest extends ApiTest {

    /** Mapped on purpose and left out of the document, each with its reason. */
    static final Map<String, String> LEFT_OUT = Map.of(
            "* /error", "the error page Tomcat forwards to: the error's status as application/problem+json, 404 asked for directly",
            "GET /actuator", "the actuator's index of links",
            "GET /actuator/info", "the build's name and version, nothing an API client needs",
            "GET /actuator/metrics", "Micrometer's own JSON view; /actuator/prometheus is the documented one",
            "GET /actuator/metrics/{}", "Micrometer's own JSON view of one meter",
            "GET /actuator/health/**", "the health groups (liveness, readiness) for orchestrators; same shape as /actuator/health",
            "GET /webjars/**", "static files: Swagger UI's (and the console's) scripts and styles",
            "GET /**", "static files of the class path");

    /**
     * Documented and not on this branch yet: each is answered once the endpoint is there, and must then leave this
     * set (the test fails while it is still here).
     */
    static final Set<String> PENDING = Set.of();

    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]*}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    @Test
    void theDocumentNamesEveryEndpointOfTheApplicationAndNoOther() {
        Set<String> mapped = mappedEndpoints();
        Set<String> documented = new TreeSet<>();
        OpenApiDocument.load().operations().forEach(o -> documented.add(o.method().toUpperCase() + " " + normalized(o.path())));

        Set<String> undocumented = new TreeSet<>(mapped);
        undocumented.removeAll(documented);
        undocumented.removeAll(LEFT_OUT.keySet());
        assertThat(undocumented).as("endpoints of the application that the OpenAPI document does not name").isEmpty();

        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(mapped);
        assertThat(unknown).as("operations of the document that the application does not map (PENDING lists those"
                + " still to come)").isEqualTo(new TreeSet<>(PENDING));

        Set<String> leftOutButGone = new TreeSet<>(LEFT_OUT.keySet());
        leftOutButGone.removeAll(mapped);
        assertThat(leftOutButGone).as("LEFT_OUT names endpoints that no longer exist").isEmpty();
    }

    @Test
    void theDocumentIsOpenApi31WithoutErrors() {
        OpenApiDocument document = OpenApiDocument.load();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document.text, null, options);
        assertThat(parsed.getMessages()).as("what the OpenAPI parser found wrong").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getPaths()).hasSize(document.root.get("paths").size());

        ApiClient.Response served = anonymous().get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/json");
        SwaggerParseResult fromJson = new OpenAPIV3Parser().readContents(served.body(), null, options);
        assertThat(fromJson.getMessages()).isEmpty();
        assertThat(fromJson.getOpenAPI().getServers().getFirst().getUrl()).isEqualTo("http://localhost:" + port);
    }

    /** A YAML 1.1 reader (openapi-generator's, many others) reads the kept file as YAML 1.2 does: no `on` unquoted. */
    @Test
    void theDocumentReadsAlikeInYaml11AndYaml12() {
        String text = OpenApiDocument.load().text;
        assertThat(new Yaml(new SafeConstructor(new LoaderOptions())).<Object>load(text)).isEqualTo(YamlTrees.read(text));
    }

    @Test
    void theDocumentIsServedAsJsonAndAsYamlAlike() {
        ApiClient.Response json = anonymous().get("/v3/api-docs");
        ApiClient.Response yaml = anonymous().get("/v3/api-docs.yaml");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat((JsonNode) JSON.valueToTree(YamlTrees.read(yaml.body()))).isEqualTo(json.json());
        // read by a YAML 1.1 reader too (swagger-parser's): what 1.1 would take for a boolean or a date is quoted
        ParseOptions options = new ParseOptions();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml.body(), null, options);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/replays").getPost().getRequestBody().getContent()
                .get("application/json").getExamples().get("topic").getValue().toString()).contains("\"on\":\"time\"");

        JsonNode kept = OpenApiDocument.load().root;
        JsonNode served = json.json();
        assertThat(served.get("paths")).isEqualTo(kept.get("paths"));
        assertThat(served.get("components")).isEqualTo(kept.get("components"));
    }

    /** Every example (parameters, requests, responses) fits the schema it stands beside. */
    @Test
    void everyExampleFitsItsSchema() {
        OpenApiDocument document = OpenApiDocument.load();
        List<String> wrong = new ArrayList<>();
        for (OpenApiDocument.Operation operation : document.operations()) {
            JsonNode body = operation.node().get("requestBody");
            if (body != null) {
                String at = OpenApiDocument.pointerOf(body) != null ? OpenApiDocument.pointerOf(body).substring(1)
                        : operation.pointer() + "/requestBody";
                check(document, document.resolve(body), at, operation.id() + " request", wrong);
            }
            for (Map.Entry<String, JsonNode> response : operation.node().get("responses").properties()) {
                String at = OpenApiDocument.pointerOf(response.getValue()) != null
                        ? OpenApiDocument.pointerOf(response.getValue()).substring(1)
                        : operation.pointer() + "/responses/" + response.getKey();
                check(document, document.resolve(response.getValue()), at, operation.id() + " " + response.getKey(), wrong);
            }
            for (OpenApiDocument.Parameter parameter : document.parameters(operation)) {
                if (parameter.node().has("example")) {
                    document.violations(parameter.pointer() + "/schema", parameter.node().get("example"))
                            .forEach(v -> wrong.add(operation.id() + " parameter " + parameter.name() + ": " + v));
                }
            }
        }
        assertThat(wrong).as("examples that do not fit their schemas").isEmpty();
    }

    @Test
    void swaggerUiShowsTheDocument() {
        ApiClient.Response page = anonymous().get("/swagger-ui.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("url: \"v3/api-docs\"");
        Matcher assets = Pattern.compile("(?:src|href)=\"(webjars/[^\"]+)\"").matcher(page.body());
        List<String> found = new ArrayList<>();
        while (assets.find()) {
            found.add(assets.group(1));
        }
        assertThat(found).contains("webjars/swagger-ui/swagger-ui-bundle.js", "webjars/swagger-ui/swagger-ui.css");
        for (String asset : found) {
            ApiClient.Response answer = anonymous().get("/" + asset);
            assertThat(answer.status()).as(asset).isEqualTo(200);
            assertThat(answer.body()).as(asset).isNotEmpty();
        }
    }

    @Test
    void theAsyncApiDocumentIsServed() {
        ApiClient.Response answer = anonymous().get("/asyncapi.yaml");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/yaml");
        assertThat(YamlTrees.read(answer.body()).get("asyncapi")).isEqualTo("3.0.0");
    }

    private ApiClient anonymous() {
        return client(null);
    }

    private static void check(OpenApiDocument document, JsonNode withContent, String pointer, String what, List<String> wrong) {
        JsonNode content = withContent.get("content");
        if (content == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            String schemaAt = pointer + "/content/" + OpenApiDocument.escape(media.getKey()) + "/schema";
            List<JsonNode> examples = new ArrayList<>();
            if (media.getValue().has("example")) {
                examples.add(media.getValue().get("example"));
            }
            if (media.getValue().has("examples")) {
                media.getValue().get("examples").forEach(e -> examples.add(document.resolve(e).get("value")));
            }
            for (JsonNode example : examples) {
                document.violations(schemaAt, example)
                        .forEach(v -> wrong.add(what + " " + media.getKey() + ": " + v));
            }
        }
    }

    /** Every path and method the application maps, paths with their variables written {@code {}}. */
    private Set<String> mappedEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        Map<String, HandlerMapping> mappings = new TreeMap<>(context.getBeansOfType(HandlerMapping.class));
        for (HandlerMapping mapping : mappings.values()) {
            if (mapping instanceof RequestMappingInfoHandlerMapping infos) {
                for (Map.Entry<RequestMappingInfo, HandlerMethod> handler : infos.getHandlerMethods().entrySet()) {
                    if (ofTests(handler.getValue().getBeanType())) {
                        continue; // controllers that tests add to the application (FaultsController)
                    }
                    RequestMappingInfo info = handler.getKey();
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (String pattern : info.getPatternValues()) {
                        if (methods.isEmpty()) {
                            endpoints.add("* " + normalized(pattern));
                        }
                        methods.forEach(m -> endpoints.add(m.name() + " " + normalized(pattern)));
                    }
                }
            } else if (mapping instanceof AbstractUrlHandlerMapping urls) {
                // resource handlers and the WebSocket handshake: GET requests
                urls.getHandlerMap().keySet().forEach(pattern -> endpoints.add("GET " + normalized(pattern)));
            }
        }
        return endpoints;
    }

    private static boolean ofTests(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().toString().contains("/test-classes/");
    }

    static String normalized(String path) {
        return VARIABLE.matcher(path).replaceAll("{}");
    }
}
