package org.bss.platform.deadletters.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/admin/dead-letters}: the dead letters by stage and cause, one in full, and their redrive. */
@RestController
@ConditionalOnRole(Role.REPLAY)
class DeadLetterController {

    private static final Set<String> STAGES = Set.of("decode", "store", "project");
    private static final Set<String> STATUSES = Set.of("dead", "redriven");
    private static final int MAX_IDS = 1000;

    private final DeadLetterStore store;
    private final Redrive redrive;
    private final JsonMapper json;

    DeadLetterController(DeadLetterStore store, Redrive redrive, JsonMapper json) {
        this.store = store;
        this.redrive = redrive;
        this.json = json;
    }

    /** A redrive request: {@code ids}, or {@code stage} and {@code cause} (and optionally {@code tenant}). */
    record RedriveRequest(List<String> ids, String stage, String cause, String tenant) {

        Selection selection() {
            boolean byCause = stage != null || cause != null || tenant != null;
            if (ids != null && byCause) {
                throw new InvalidRequestException("give either ids or stage and cause (and tenant), not both");
            }
            if (ids != null) {
                if (ids.isEmpty() || ids.size() > MAX_IDS) {
                    throw new InvalidRequestException("ids must hold 1 to " + MAX_IDS + " dead-letter ids");
                }
                List<UUID> parsed = new ArrayList<>(ids.size());
                for (String id : ids) {
                    parsed.add(uuid(id));
                }
                return new Selection.ById(parsed);
            }
            if (stage == null || cause == null || cause.isBlank()) {
                throw new InvalidRequestException("give ids, or stage and cause (and optionally tenant)");
            }
            return new Selection.ByCause(knownStage(stage), cause, tenant);
        }
    }

    @GetMapping(path = "/api/v1/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> overview(@RequestParam(required = false) String tenant, @RequestParam(required = false) String stage,
            @RequestParam(defaultValue = "dead") String status) {
        if (!STATUSES.contains(status)) {
            throw new InvalidRequestException("status must be dead or redriven");
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (DeadLetterStore.Group group : store.groups(new DeadLetterStore.Filter(tenant, stage == null ? null : knownStage(stage), status))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("stage", group.stage());
            entry.put("cause", group.cause());
            entry.put("count", group.count());
            entry.put("samples", group.samples());
            groups.add(entry);
        }
        return Map.of("status", status, "groups", groups);
    }

    @GetMapping(path = "/api/v1/admin/dead-letters/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> deadLetter(@PathVariable String id) {
        DeadLetterStore.Entry entry = store.find(uuid(id)).orElseThrow(() -> new ProblemException(Problems.of(
                HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "No dead letter " + id + ".")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", entry.id());
        answer.put("status", entry.status());
        answer.put("stage", entry.stage());
        answer.put("cause", entry.cause());
        answer.put("error", entry.error());
        answer.put("tenant", entry.tenant());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", entry.ceId());
        event.put("source", entry.ceSource());
        event.put("type", entry.ceType());
        answer.put("event", event);
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("topic", entry.originTopic());
        origin.put("partition", entry.originPartition());
        origin.put("offset", entry.originOffset());
        answer.put("origin", origin);
        answer.put("deadLetter", Map.of("partition", entry.dlqPartition(), "offset", entry.dlqOffset()));
        answer.put("key", entry.key());
        answer.put("timestamp", java.time.Instant.ofEpochMilli(entry.timestamp()).toString());
        answer.put("headers", entry.headers().stream().map(StoredHeader::readable).toList());
        putValue(answer, entry.value());
        answer.put("attempts", entry.attempts());
        answer.put("firstFailedAt", entry.firstFailedAt());
        answer.put("lastFailedAt", entry.lastFailedAt());
        answer.put("redrivenAt", entry.redrivenAt());
        return answer;
    }

    @PostMapping(path = "/api/v1/admin/dead-letters/redrive", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> redrive(@AuthenticationPrincipal TenantPrincipal caller, @RequestBody RedriveRequest body) {
        if (body == null) {
            throw new InvalidRequestException("give ids, or stage and cause (and optionally tenant)");
        }
        Redrive.Outcome outcome = redrive.redrive(caller, body.selection());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("redriven", outcome.redriven().size());
        answer.put("ids", outcome.redriven());
        answer.put("unknown", outcome.unknown());
        answer.put("notDead", outcome.notDead());
        answer.put("failed", outcome.failed());
        answer.put("more", outcome.more());
        return answer;
    }

    /** The value as text when it is UTF-8 JSON, else base64. */
    private void putValue(Map<String, Object> answer, byte[] value) {
        if (value == null) {
            answer.put("value", null);
            return;
        }
        String text = StoredHeader.text(value).filter(this::isJson).orElse(null);
        answer.put("value", text == null ? Base64.getEncoder().encodeToString(value) : text);
        answer.put("valueEncoding", text == null ? "base64" : "json");
    }

    private boolean isJson(String text) {
        try {
            json.readTree(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static UUID uuid(String id) {
        try {
            if (id == null || id.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + id + "' is not a dead-letter id (a UUID)");
        }
    }

    private static String knownStage(String stage) {
        if (!STAGES.contains(stage)) {
            throw new InvalidRequestException("stage must be one of decode, store, project");
        }
        return stage;
    }
}
