package org.bss.platform.replay.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/replays}: a tenant's replay jobs (an admin key's: any tenant's, and rebuilds of the read models). */
@RestController
@ConditionalOnRole(Role.REPLAY)
class ReplayController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final Replays replays;
    private final ReplayJobs jobs;

    ReplayController(Replays replays, ReplayJobs jobs) {
        this.replays = replays;
        this.jobs = jobs;
    }

    @PostMapping(path = "/api/v1/replays", produces = JSON)
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestBody ReplayRequest request) {
        ReplayRequest.Read read = request.read(caller, replays.reservedTopics());
        ReplayJob job = replays.create(caller, read);
        Map<String, Object> view = view(job);
        if (read.generatedSecret() != null) {
            view.put("secret", read.generatedSecret()); // shown this once: the receiver needs it to check signatures
        }
        return ResponseEntity.created(URI.create("/api/v1/replays/" + job.id())).body(view);
    }

    @GetMapping(path = "/api/v1/replays", produces = JSON)
    Map<String, Object> list(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestParam(required = false) String tenant, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException("limit is 1 to 1000");
        }
        boolean admin = caller.scopes().contains(Scope.ADMIN);
        String whose = admin ? tenant : caller.tenantId();
        return Map.of("replays", jobs.list(whose, limit).stream().map(ReplayController::view).toList());
    }

    @GetMapping(path = "/api/v1/replays/{id}", produces = JSON)
    Map<String, Object> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id) {
        UUID job = id(id);
        return view(replays.find(caller, job).orElseThrow(() -> Replays.notFound(job)));
    }

    /** The job's refused list: what its target refused for good (a webhook's 4xx, what a rebuild cannot fold). */
    @GetMapping(path = "/api/v1/replays/{id}/refused", produces = JSON)
    Map<String, Object> refused(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            @RequestParam(defaultValue = "1000") int limit) {
        UUID job = id(id);
        replays.find(caller, job).orElseThrow(() -> Replays.notFound(job));
        if (limit < 1 || limit > 10_000) {
            throw new InvalidRequestException("limit is 1 to 10000");
        }
        return Map.of("refused", jobs.refused(job, limit));
    }

    @PostMapping(path = "/api/v1/replays/{id}/pause", produces = JSON)
    Map<String, Object> pause(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id)
            throws InterruptedException {
        return view(replays.pause(caller, id(id)));
    }

    @PostMapping(path = "/api/v1/replays/{id}/resume", produces = JSON)
    Map<String, Object> resume(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id) {
        return view(replays.resume(caller, id(id)));
    }

    @DeleteMapping(path = "/api/v1/replays/{id}", produces = JSON)
    Map<String, Object> cancel(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id)
            throws InterruptedException {
        return view(replays.cancel(caller, id(id)));
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + id + "' is not a replay id (a UUID)");
        }
    }

    static Map<String, Object> view(ReplayJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id().toString());
        view.put("tenant", job.tenantId());
        view.put("state", ReplayJobs.name(job.state()));
        if (job.error() != null) {
            view.put("error", job.error());
        }
        view.put("selection", ReplayJobs.selection(job.selection()));
        view.put("speed", job.speed().text());
        view.put("target", ReplayJobs.target(job.target()));
        ReplayJob.Progress p = job.progress();
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("read", p.read());
        progress.put("delivered", p.delivered());
        progress.put("refused", p.refused());
        progress.put("total", p.total());
        progress.put("rate", p.rate() == null ? null : Math.round(p.rate() * 10) / 10.0);
        progress.put("etaSeconds", p.total() != null && p.rate() != null && p.rate() > 0
                ? Math.max(0, Math.round((p.total() - p.read()) / p.rate())) : null);
        progress.put("yielding", p.yielding());
        progress.put("position", ReplayJobs.positions(job.positions()));
        view.put("progress", progress);
        view.put("createdBy", job.createdBy());
        view.put("createdAt", text(job.createdAt()));
        view.put("startedAt", text(job.startedAt()));
        view.put("updatedAt", text(job.updatedAt()));
        view.put("finishedAt", text(job.finishedAt()));
        return view;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

}
