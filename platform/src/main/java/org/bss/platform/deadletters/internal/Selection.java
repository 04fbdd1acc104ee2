package org.bss.platform.deadletters.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Which dead letters a redrive sends: these ids, or those of a stage and cause (and tenant). */
sealed interface Selection {

    /** The selection as the audit entry records it. */
    Map<String, Object> describe();

    record ById(List<UUID> ids) implements Selection {
        @Override
        public Map<String, Object> describe() {
            return Map.of("ids", ids.stream().map(UUID::toString).toList());
        }
    }

    record ByCause(String stage, String cause, String tenant) implements Selection {
        @Override
        public Map<String, Object> describe() {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("stage", stage);
            described.put("cause", cause);
            if (tenant != null) {
                described.put("tenant", tenant);
            }
            return described;
        }
    }
}
