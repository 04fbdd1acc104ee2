package org.bss.platform.apidocs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API documents as kept in the resources, read once at start-up (a document that does not read stops the
 * start). The OpenAPI document is answered with the serving instance as its server, so that a client generated from
 * it, or Swagger UI's "Try it out", calls the instance it was read from.
 */
@Component
class ApiDocuments {

    static final String OPENAPI = "/openapi/bss-platform.yaml";
    static final String ASYNCAPI = "/asyncapi/bss-platform.yaml";
    static final String SWAGGER_UI = "/apidocs/swagger-ui.html";

    private final Map<String, Object> openApi;
    private final byte[] asyncApi;
    private final byte[] swaggerUi;
    private final JsonMapper json;

    ApiDocuments(JsonMapper json) {
        this.json = json;
        this.openApi = YamlTrees.read(new String(resource(OPENAPI), StandardCharsets.UTF_8));
        this.asyncApi = resource(ASYNCAPI);
        YamlTrees.read(new String(asyncApi, StandardCharsets.UTF_8));
        this.swaggerUi = resource(SWAGGER_UI);
    }

    /** The OpenAPI document as JSON, served by {@code baseUrl}. */
    byte[] openApiJson(String baseUrl) {
        return json.writeValueAsBytes(servedBy(baseUrl));
    }

    /** The OpenAPI document as YAML, served by {@code baseUrl}. */
    byte[] openApiYaml(String baseUrl) {
        return YamlTrees.write(servedBy(baseUrl)).getBytes(StandardCharsets.UTF_8);
    }

    byte[] asyncApiYaml() {
        return asyncApi;
    }

    byte[] swaggerUiPage() {
        return swaggerUi;
    }

    private Map<String, Object> servedBy(String baseUrl) {
        Map<String, Object> served = new LinkedHashMap<>(openApi);
        served.put("servers", List.of(Map.of("url", baseUrl, "description", "The instance that served this document")));
        return served;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiDocuments.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
