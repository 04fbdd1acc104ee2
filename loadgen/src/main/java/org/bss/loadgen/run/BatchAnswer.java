package org.bss.loadgen.run;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a 207 batch answer: which events of the batch the platform accepted. */
final class BatchAnswer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BatchAnswer() {
    }

    /**
     * Indexes (0-based, below size) of the entries whose status is "accepted"; none when the body cannot be read, so
     * that a garbled answer counts as an error instead of stopping the connection's thread.
     */
    static List<Integer> acceptedIndexes(byte[] body, int size) {
        List<Integer> indexes = new ArrayList<>();
        JsonNode results;
        try {
            results = JSON.readTree(body).path("results");
        } catch (RuntimeException unreadable) {
            return indexes;
        }
        for (JsonNode result : results) {
            int index = result.path("index").asInt(-1);
            if ("accepted".equals(result.path("status").asString()) && index >= 0 && index < size) {
                indexes.add(index);
            }
        }
        return indexes;
    }
}
