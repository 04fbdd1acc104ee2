package org.bss.model.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The BSS event catalog: the data schema of each built-in event type ({@code customer.created},
 * {@code payment.created}, ...), compiled once. The schemas are resources next to {@code index.txt} in
 * {@code org/bss/model/catalog/}, one {@code <type>.schema.json} each.
 */
public final class EventCatalog {

    private static final class BuiltIn {
        static final EventCatalog INSTANCE = compile(CatalogSources.BY_TYPE);
    }

    private final Map<String, DataSchema> schemas;

    private EventCatalog(Map<String, DataSchema> schemas) {
        this.schemas = schemas;
    }

    /** The catalog shipped with this module; compiled on first use, then shared. */
    public static EventCatalog builtIn() {
        return BuiltIn.INSTANCE;
    }

    /** The data schema of {@code type}, or empty when the catalog does not know it. */
    public Optional<DataSchema> schemaFor(String type) {
        return Optional.ofNullable(type == null ? null : schemas.get(type));
    }

    /** The types the catalog knows, in the index's order. */
    public Set<String> types() {
        return schemas.keySet();
    }

    private static EventCatalog compile(Map<String, String> texts) {
        Map<String, DataSchema> compiled = new LinkedHashMap<>();
        texts.forEach((type, text) -> {
            try {
                compiled.put(type, DataSchema.parse(text));
            } catch (InvalidSchemaException e) {
                throw new IllegalStateException("catalog schema " + type + " is broken: " + e.getMessage(), e);
            }
        });
        return new EventCatalog(Collections.unmodifiableMap(compiled));
    }
}
