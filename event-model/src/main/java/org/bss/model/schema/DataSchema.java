package org.bss.model.schema;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.bss.model.envelope.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A compiled JSON Schema (draft 2020-12) for an event's {@code data}. Compiled once, it is immutable and
 * validates from any number of threads.
 *
 * <p>{@code format} is an annotation, never an assertion: a producer's date or e-mail in a shape the
 * validator does not know is not refused. A {@code $ref} resolves only inside the schema itself or to a
 * schema of the built-in catalog by its {@code $id} (e.g. {@code urn:bss:schema:order.placed:1}); nothing is
 * ever fetched from the network or read from elsewhere on the classpath.
 */
public final class DataSchema {

    private static final String DIALECT = SpecificationVersion.DRAFT_2020_12.getDialectId();
    private static final String CATALOG_IDS = "urn:bss:schema:";
    /** How the validator says that the allow-list refused a $ref. */
    private static final Pattern REFUSED_LOAD = Pattern.compile("Schema from '(.*)' is not allowed to be loaded");

    /**
     * Draft 2020-12 whose unknown keywords are annotations, as the specification says, without the validator's
     * default of logging a warning for each new name and keeping every name seen (tenants' schemas would grow it).
     */
    private static final Dialect DRAFT_2020_12 = Dialect.builder(Dialects.getDraft202012())
            .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
            .build();

    /**
     * Bounds on one validation. A schema can recurse without consuming the data ({@code {"$ref":"#"}}): without
     * a depth bound that overflows the stack on every event. 400 levels fit a 512 KB thread stack and are far
     * deeper than any BSS event; the step bound caps the work combinators can multiply (about 20 ms).
     */
    private static final ExecutionConfig LIMITS = ExecutionConfig.builder()
            .formatAssertionsEnabled(false)
            .locale(Locale.ENGLISH)
            .maxEvaluationDepth(400)
            .maxEvaluationSteps(1_000_000)
            .build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(false)
                            .pathType(PathType.JSON_POINTER)
                            .locale(Locale.ENGLISH)
                            .executionContextCustomizer((context, schemaContext) -> context.setExecutionConfig(LIMITS))
                            .build())
                    .schemaLoader(loader -> loader
                            .allow(iri -> isCatalogOrMetaSchema(iri.toString()))
                            .resourceLoaders(resources -> resources.resources(CatalogSources.BY_ID::get))));

    /** The draft 2020-12 meta-schema, loaded from the validator's jar. */
    private static final Schema META_SCHEMA = compileMetaSchema();

    private final String json;
    private final String id;
    private final Schema schema;

    private DataSchema(String json, String id, Schema schema) {
        this.json = json;
        this.id = id;
        this.schema = schema;
    }

    /**
     * Compiles a schema.
     *
     * @throws InvalidSchemaException when the text is not one JSON value, names another dialect than draft
     *     2020-12, breaks the draft 2020-12 meta-schema, or cannot be compiled (a bad regular expression, a
     *     {@code $ref} that does not resolve)
     */
    public static DataSchema parse(String schemaJson) {
        if (schemaJson == null) {
            throw new InvalidSchemaException("no schema text");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(schemaJson);
        } catch (JacksonException e) {
            throw new InvalidSchemaException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidSchemaException("not JSON: empty text");
        }
        requireDraft202012(node);
        List<String> metaSchemaErrors;
        try {
            metaSchemaErrors = describe(META_SCHEMA.validate(node));
        } catch (ValidationLimitExceededException | StackOverflowError e) {
            throw new InvalidSchemaException("nested too deeply to be checked against the draft 2020-12 meta-schema");
        }
        if (!metaSchemaErrors.isEmpty()) {
            throw new InvalidSchemaException(metaSchemaErrors);
        }
        Schema compiled;
        try {
            compiled = REGISTRY.getSchema(node);
            // Compiles every subschema and resolves every $ref now: no lazy work, hence no race, when validating.
            compiled.initializeValidators();
        } catch (RuntimeException e) { // whatever the cause, the schema cannot be used
            throw new InvalidSchemaException(compileProblem(e));
        }
        JsonNode id = node.get("$id");
        return new DataSchema(schemaJson, id != null && id.isString() ? id.stringValue() : null, compiled);
    }

    /**
     * Every violation of this schema by {@code data}; empty when it is valid. Pointers are into the structured
     * event: {@code /data} followed by the instance location, e.g. {@code /data/items/1/quantity}; a missing
     * required property is pointed at by its own name, e.g. {@code /data/customer_id}.
     *
     * @param data the data as a tree; null (no data) is validated as JSON {@code null}
     */
    public List<Violation> validate(JsonNode data) {
        List<Error> errors;
        try {
            errors = schema.validate(data == null ? NullNode.getInstance() : data);
        } catch (ValidationLimitExceededException | StackOverflowError e) {
            return List.of(new Violation("/data", "cannot be validated: the schema recurses or branches beyond "
                    + "the validator's limits for this data"));
        }
        if (errors.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(toViolation(error));
        }
        return violations;
    }

    /** The schema's text as given to {@link #parse}. */
    public String json() {
        return json;
    }

    /** The schema's top-level {@code $id}, or null when it has none. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return "DataSchema[" + (id == null ? "no $id" : id) + "]";
    }

    private static Violation toViolation(Error error) {
        String pointer = "/data" + error.getInstanceLocation().toString();
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        Object[] args = error.getArguments();
        return switch (keyword) {
            case "required" -> new Violation(Pointers.append(pointer, error.getProperty()), "is required");
            // property names the present one; the missing one is the first argument
            case "dependentRequired" -> new Violation(Pointers.append(pointer, argument(args, 0)),
                    "is required when " + argument(args, 1) + " is present");
            case "additionalProperties", "unevaluatedProperties" -> error.getProperty() == null
                    ? new Violation(pointer, error.getMessage())
                    : new Violation(Pointers.append(pointer, error.getProperty()), "is not allowed here");
            case "type" -> new Violation(pointer, "must be of type " + argument(args, 1) + ", found " + argument(args, 0));
            case "enum" -> new Violation(pointer, "must be one of " + argument(args, 0));
            case "pattern" -> new Violation(pointer, "must match the pattern " + argument(args, 0));
            default -> new Violation(pointer, error.getMessage());
        };
    }

    private static String argument(Object[] args, int index) {
        return args != null && args.length > index ? String.valueOf(args[index]) : "?";
    }

    private static void requireDraft202012(JsonNode node) {
        JsonNode dialect = node.isObject() ? node.get("$schema") : null;
        if (dialect == null) {
            return;
        }
        String iri = dialect.isString() ? dialect.stringValue() : String.valueOf(dialect);
        if (!DIALECT.equals(iri.endsWith("#") ? iri.substring(0, iri.length() - 1) : iri)) {
            throw new InvalidSchemaException("/$schema: only JSON Schema draft 2020-12 (" + DIALECT
                    + ") is supported, found " + iri);
        }
    }

    private static List<String> describe(List<Error> errors) {
        Set<String> problems = new LinkedHashSet<>();
        for (Error error : errors) {
            String at = error.getInstanceLocation().toString();
            problems.add((at.isEmpty() ? "/" : at) + ": " + error.getMessage());
        }
        return List.copyOf(problems);
    }

    private static String compileProblem(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        Matcher refused = REFUSED_LOAD.matcher(message);
        if (cause instanceof FileNotFoundException || refused.find()) {
            return "cannot resolve $ref " + (refused.find(0) ? refused.group(1) : message)
                    + ": only the schema itself and the catalog's " + CATALOG_IDS + " schemas can be referenced";
        }
        if (cause instanceof PatternSyntaxException bad) {
            return "invalid regular expression " + bad.getPattern() + ": " + bad.getDescription();
        }
        return "cannot compile: " + message.lines().findFirst().orElse(message);
    }

    private static boolean isCatalogOrMetaSchema(String iri) {
        return iri.startsWith(CATALOG_IDS)
                || iri.startsWith("https://json-schema.org/draft/2020-12/")
                || iri.startsWith("http://json-schema.org/draft/2020-12/");
    }

    private static Schema compileMetaSchema() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(DIALECT));
        meta.initializeValidators();
        return meta;
    }
}
