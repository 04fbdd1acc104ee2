package org.bss.platform.replay.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.projection.ReadModelRebuilds;
import org.bss.platform.tenancy.AuditTrail;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The replay API's work: jobs created, paused, resumed and cancelled, each change in the audit log. A pause or a
 * cancel is stored first (every instance's runner stops a job that is no longer running within its poll), then
 * this instance's run, if it has the job, is stopped at once; a cancel is answered once the job has stopped.
 */
@Component
@ConditionalOnRole(Role.REPLAY)
class Replays {

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ReplayJobs jobs;
    private final ReplayRunner runner;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final KafkaAdmin kafka;
    private final ReadModelRebuilds rebuilds;
    private final EventTopics topics;

    Replays(ReplayJobs jobs, ReplayRunner runner, AuditTrail audit, TransactionTemplate transactions, KafkaAdmin kafka,
            ReadModelRebuilds rebuilds, EventTopics topics) {
        this.jobs = jobs;
        this.runner = runner;
        this.audit = audit;
        this.transactions = transactions;
        this.kafka = kafka;
        this.rebuilds = rebuilds;
        this.topics = topics;
    }

    Set<String> reservedTopics() {
        return Set.of(topics.eventsTopic(), topics.deadLetterTopic(), topics.controlTopic());
    }

    ReplayJob create(TenantPrincipal caller, ReplayRequest.Read request) {
        if (request.target() instanceof ReplayTarget.Rebuild && jobs.rebuildActive()) {
            throw conflict("A rebuild of the read models is running or paused already; cancel it or let it finish first.");
        }
        if (request.target() instanceof ReplayTarget.Topic topic) {
            kafka.createOrModifyTopics(new NewTopic(topic.topic(), topics.partitions(), topics.replicationFactor()));
        }
        ReplayJob job = new ReplayJob(UUID.randomUUID(), request.tenantId(), actor(caller), Instant.now(),
                request.selection(), request.speed(), request.target(), ReplayJob.State.RUNNING, null, Map.of(),
                new ReplayJob.Progress(0, 0, 0, null, null, false), null, null, null);
        String secret = request.target() instanceof ReplayTarget.Webhook webhook ? webhook.secret() : null;
        transactions.executeWithoutResult(status -> {
            jobs.create(job, secret);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("replayId", job.id().toString());
            details.put("selection", ReplayJobs.selection(job.selection()));
            details.put("speed", job.speed().text());
            details.put("target", ReplayJobs.target(job.target()));
            audit.record(caller, "replay.created", job.tenantId(), details);
        });
        runner.wake();
        return jobs.find(job.id()).orElseThrow();
    }

    /** The job, when the caller may see it: its own tenant's, or any for an admin key. */
    Optional<ReplayJob> find(TenantPrincipal caller, UUID id) {
        return jobs.find(id).filter(job -> visible(caller, job));
    }

    ReplayJob pause(TenantPrincipal caller, UUID id) throws InterruptedException {
        ReplayJob paused = move(caller, id, EnumSet.of(ReplayJob.State.RUNNING), ReplayJob.State.PAUSED, "replay.paused");
        runner.stopHere(id, STOP_WAIT);
        return jobs.find(id).orElse(paused);
    }

    ReplayJob resume(TenantPrincipal caller, UUID id) {
        ReplayJob resumed = move(caller, id, EnumSet.of(ReplayJob.State.PAUSED, ReplayJob.State.FAILED),
                ReplayJob.State.RUNNING, "replay.resumed");
        runner.wake();
        return resumed;
    }

    /** Cancels the job and answers once no instance sends for it any more (or after five seconds, as it is then). */
    ReplayJob cancel(TenantPrincipal caller, UUID id) throws InterruptedException {
        move(caller, id, EnumSet.of(ReplayJob.State.RUNNING, ReplayJob.State.PAUSED, ReplayJob.State.FAILED),
                ReplayJob.State.CANCELLED, "replay.cancelled");
        runner.stopHere(id, STOP_WAIT);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (!jobs.released(id) && System.nanoTime() < deadline) {
            Thread.sleep(20); // held by another instance: its runner stops it within a poll
        }
        ReplayJob job = jobs.find(id).orElseThrow();
        if (job.target() instanceof ReplayTarget.Rebuild) {
            rebuilds.drop(new ReadModelRebuilds.Generation("rm_build_" + ReplayRunner.generationName(id)));
        }
        return job;
    }

    private ReplayJob move(TenantPrincipal caller, UUID id, Set<ReplayJob.State> from, ReplayJob.State to, String action) {
        ReplayJob job = find(caller, id).orElseThrow(() -> notFound(id));
        ReplayJob moved = transactions.execute(status -> {
            Optional<ReplayJob> changed = jobs.transition(id, from, to);
            changed.ifPresent(c -> audit.record(caller, action, job.tenantId(), Map.of("replayId", id.toString())));
            return changed.orElse(null);
        });
        if (moved == null) {
            ReplayJob now = jobs.find(id).orElseThrow(() -> notFound(id));
            throw conflict("Replay " + id + " is " + ReplayJobs.name(now.state()) + "; it can be "
                    + String.join(" or ", from.stream().map(ReplayJobs::name).toList()) + " only to become "
                    + ReplayJobs.name(to) + ".");
        }
        return moved;
    }

    static boolean visible(TenantPrincipal caller, ReplayJob job) {
        return caller.scopes().contains(Scope.ADMIN) || caller.tenantId().equals(job.tenantId());
    }

    static ProblemException notFound(UUID id) {
        return new ProblemException(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                "No replay " + id + "."));
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict", detail));
    }

    private static String actor(TenantPrincipal caller) {
        return caller.tenantId() + "/" + caller.credentialId();
    }
}
