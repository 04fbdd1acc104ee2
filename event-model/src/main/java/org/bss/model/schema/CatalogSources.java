package org.bss.model.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The texts of the catalog's schemas, read once from the classpath. Kept apart from their compiled form so
 * that the validator can resolve a {@code $ref} to a catalog {@code $id} without compiling the catalog.
 */
final class CatalogSources {

    static final String FOLDER = "/org/bss/model/catalog/";

    /** Schema text by event type, in index order. */
    static final Map<String, String> BY_TYPE = load();
    /** Schema text by {@code $id}. */
    static final Map<String, String> BY_ID = byId(BY_TYPE);

    private CatalogSources() {
    }

    private static Map<String, String> load() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String line : read(FOLDER + "index.txt").split("\\R")) {
            String type = line.strip();
            if (!type.isEmpty() && !type.startsWith("#")) {
                texts.put(type, read(FOLDER + type + ".schema.json"));
            }
        }
        return Collections.unmodifiableMap(texts);
    }

    private static Map<String, String> byId(Map<String, String> byType) {
        Map<String, String> byId = new LinkedHashMap<>();
        byType.forEach((type, text) -> {
            JsonNode id = Json.MAPPER.readTree(text).get("$id");
            if (id == null || !id.isString()) {
                throw new IllegalStateException("catalog schema " + type + " has no $id");
            }
            byId.put(id.stringValue(), text);
        });
        return Map.copyOf(byId);
    }

    private static String read(String resource) {
        try (InputStream in = CatalogSources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing catalog resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
