package org.bss.platform.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import org.bss.platform.apidocs.internal.YamlTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document as the tests read it: its operations, their parameters, examples and responses, and a
 * validator of JSON values against the schemas at any place in it (OpenAPI 3.1's schemas are JSON Schema 2020-12;
 * OpenAPI's own keywords such as {@code example} are annotations).
 */
final class OpenApiDocument {

    static final String RESOURCE = "/openapi/bss-platform.yaml";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String IRI = "urn:bss:openapi";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String text;
    final JsonNode root;
    private final SchemaRegistry schemas;

    private OpenApiDocument(String text) {
        this.text = text;
        this.root = JSON.valueToTree(YamlTrees.read(text));
        String json = JSON.writeValueAsString(root);
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        this.schemas = SchemaRegistry.withDefaultDialect(dialect, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(false)
                        .pathType(PathType.JSON_POINTER).locale(Locale.ENGLISH).build())
                .schemaLoader(loader -> loader.resourceLoaders(resources -> resources.resources(
                        Map.of(IRI, json)::get))));
    }

    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            return new OpenApiDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One operation: its method and path template, and where it is in the document. */
    record Operation(String method, String path, JsonNode node, String pointer) {

        String id() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> member : path.getValue().properties()) {
                if (METHODS.contains(member.getKey())) {
                    operations.add(new Operation(member.getKey(), path.getKey(), member.getValue(),
                            "/paths/" + escape(path.getKey()) + "/" + member.getKey()));
                }
            }
        }
        return operations;
    }

    /** The node a local {@code $ref} names, or the node itself. */
    JsonNode resolve(JsonNode node) {
        return pointerOf(node) == null ? node : root.at(pointerOf(node).substring(1));
    }

    /** The pointer of a node given as a local {@code $ref}, with {@code #}; null when it is none. */
    static String pointerOf(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? null : ref.asString();
    }

    /** What is wrong with {@code value} for the schema at {@code pointer} (a JSON pointer into the document). */
    List<String> violations(String pointer, JsonNode value) {
        Schema schema = schemas.getSchema(SchemaLocation.of(IRI + "#" + pointer));
        List<String> found = new ArrayList<>();
        for (Error error : schema.validate(value)) {
            found.add(error.getInstanceLocation() + " " + error.getMessage());
        }
        return found;
    }

    /** A parameter, references resolved, and where it is in the document. */
    record Parameter(JsonNode node, String pointer) {

        String name() {
            return node.get("name").asString();
        }

        String in() {
            return node.get("in").asString();
        }

        boolean required() {
            return node.has("required") && node.get("required").asBoolean();
        }
    }

    /** The parameters of an operation with those of its path. */
    List<Parameter> parameters(Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        String pathPointer = "/paths/" + escape(operation.path()) + "/parameters";
        add(parameters, root.get("paths").get(operation.path()).get("parameters"), pathPointer);
        add(parameters, operation.node().get("parameters"), operation.pointer() + "/parameters");
        return parameters;
    }

    private void add(List<Parameter> parameters, JsonNode list, String pointer) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String ref = pointerOf(list.get(i));
            parameters.add(new Parameter(resolve(list.get(i)), ref != null ? ref.substring(1) : pointer + "/" + i));
        }
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    static boolean isJson(String mediaType) {
        String type = mediaType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        type = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        return type.equals("application/json") || type.endsWith("+json");
    }
}
