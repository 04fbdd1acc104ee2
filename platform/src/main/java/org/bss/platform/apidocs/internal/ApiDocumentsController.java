package org.bss.platform.apidocs.internal;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /v3/api-docs} (JSON) and {@code /v3/api-docs.yaml}: the OpenAPI document, where OpenAPI tools look for
 * it; {@code /swagger-ui.html}: Swagger UI pointed at it; {@code /asyncapi.yaml}: the AsyncAPI document. No
 * credentials: they describe the API and hold no data.
 */
@RestController
class ApiDocumentsController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

    private final ApiDocuments documents;

    ApiDocumentsController(ApiDocuments documents) {
        this.documents = documents;
    }

    @GetMapping(path = "/v3/api-docs")
    ResponseEntity<byte[]> openApiJson() {
        return answer(MediaType.APPLICATION_JSON, documents.openApiJson(baseUrl()));
    }

    @GetMapping(path = "/v3/api-docs.yaml")
    ResponseEntity<byte[]> openApiYaml() {
        return answer(YAML, documents.openApiYaml(baseUrl()));
    }

    @GetMapping(path = "/asyncapi.yaml")
    ResponseEntity<byte[]> asyncApiYaml() {
        return answer(YAML, documents.asyncApiYaml());
    }

    @GetMapping(path = "/swagger-ui.html")
    ResponseEntity<byte[]> swaggerUi() {
        return answer(MediaType.parseMediaType("text/html;charset=UTF-8"), documents.swaggerUiPage());
    }

    private static ResponseEntity<byte[]> answer(MediaType type, byte[] body) {
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(body);
    }

    /** This instance as the client reached it (behind a proxy: as {@code server.forward-headers-strategy} says). */
    private static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
