/**
 * The API documents: the OpenAPI 3.1 document of the HTTP API ({@code /v3/api-docs}, {@code /v3/api-docs.yaml}), a
 * browsable page of it ({@code /swagger-ui.html}, Swagger UI from its WebJar) and the AsyncAPI 3.0 document of the
 * Kafka topics ({@code /asyncapi.yaml}). Both documents are kept by hand in {@code src/main/resources}; tests hold
 * them to the running application.
 */
@ApplicationModule(allowedDependencies = {})
package org.bss.platform.apidocs;

import org.springframework.modulith.ApplicationModule;
