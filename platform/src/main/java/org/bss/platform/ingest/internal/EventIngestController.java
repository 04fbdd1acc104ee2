package org.bss.platform.ingest.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.model.envelope.BatchEntry;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.QualitySignal;
import org.bss.platform.bus.QualitySignals;
import org.bss.platform.ingest.IngestProperties;
import org.bss.platform.quota.QuotaDecision;
import org.bss.platform.quota.Quotas;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events}, the CloudEvents HTTP binding ({@link ContentModes}): the tenant's quota, then
 * admission per event, then Kafka. An event is answered accepted only once Kafka acknowledged it. Events refused
 * for what they are (unreadable, or by admission) are counted on bss.quality, without waiting for Kafka.
 */
@RestController
@ConditionalOnRole(Role.INGEST)
class EventIngestController {

    private final ContentModes modes;
    private final EventAdmission admission;
    private final EventPublisher publisher;
    private final IngestAnswers answers;
    private final IngestProperties limits;
    private final Quotas quotas;
    private final QualitySignals quality;
    private final IngestMeters meters;

    EventIngestController(ContentModes modes, EventAdmission admission, EventPublisher publisher, IngestAnswers answers,
            IngestProperties limits, Quotas quotas, QualitySignals quality, IngestMeters meters) {
        this.modes = modes;
        this.admission = admission;
        this.publisher = publisher;
        this.answers = answers;
        this.limits = limits;
        this.quotas = quotas;
        this.quality = quality;
        this.meters = meters;
    }

    @PostMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    void post(HttpServletRequest request, HttpServletResponse response, @AuthenticationPrincipal TenantPrincipal caller)
            throws IOException, HttpMediaTypeNotSupportedException {
        switch (modes.read(request)) {
            case ContentModes.Single single -> single(caller, single, response);
            case ContentModes.Batch batch -> batch(caller, batch, response);
            case ContentModes.Unreadable unreadable -> {
                meters.refused(caller.tenantId(), QualitySignal.Reason.ENVELOPE, 1);
                quality.publish(List.of(new QualitySignal(caller.tenantId(), null, QualitySignal.Reason.ENVELOPE, 1,
                        Instant.now())));
                throw unreadable.failure();
            }
        }
    }

    private void single(TenantPrincipal caller, ContentModes.Single single, HttpServletResponse response) throws IOException {
        QuotaDecision quota = spend(caller, 1);
        switch (admission.admit(caller, single.event())) {
            case Admission.Refused refused -> {
                meters.refused(caller.tenantId(), Refusals.reasonOf(refused), 1);
                quality.publish(List.of(new QualitySignal(caller.tenantId(), Refusals.typeOf(single.event(), refused),
                        Refusals.reasonOf(refused), 1, Instant.now())));
                throw new ProblemException(IngestProblems.refused(refused));
            }
            case Admission.Admitted admitted -> {
                BusEvent event = admission.toBus(caller, admitted);
                Acknowledgements acknowledgements = publisher.publish(List.of(event));
                if (!acknowledgements.isAcknowledged(0)) {
                    meters.unavailable(caller.tenantId(), 1);
                    throw IngestProblems.unavailableException();
                }
                meters.accepted(caller.tenantId(), 1);
                answers.accepted(response, event, admitted.validated(), acknowledgements.token(), quota);
            }
        }
    }

    private void batch(TenantPrincipal caller, ContentModes.Batch batch, HttpServletResponse response) throws IOException {
        QuotaDecision quota = spend(caller, batch.entries().size());
        List<BatchOutcome.Entry> entries = new ArrayList<>(batch.entries().size());
        List<BusEvent> sent = new ArrayList<>();
        Refusals refusals = null;
        for (int i = 0; i < batch.entries().size(); i++) {
            BatchOutcome.Entry entry = switch (batch.entries().get(i)) {
                case BatchEntry.Read read -> switch (admission.admit(caller, read.event())) {
                    case Admission.Admitted admitted -> new BatchOutcome.Sent(i, admission.toBus(caller, admitted),
                            admitted.validated());
                    case Admission.Refused refused -> {
                        refusals = refusals == null ? new Refusals() : refusals;
                        refusals.add(Refusals.typeOf(read.event(), refused), Refusals.reasonOf(refused));
                        meters.refused(caller.tenantId(), Refusals.reasonOf(refused), 1);
                        yield new BatchOutcome.Rejected(i, read.event().id(), IngestProblems.refused(refused));
                    }
                };
                case BatchEntry.Unreadable unreadable -> {
                    refusals = refusals == null ? new Refusals() : refusals;
                    refusals.add(null, QualitySignal.Reason.ENVELOPE);
                    meters.refused(caller.tenantId(), QualitySignal.Reason.ENVELOPE, 1);
                    yield new BatchOutcome.Rejected(i, null, IngestProblems.unreadable(unreadable.violations()));
                }
                case BatchEntry.TooLarge tooLarge -> {
                    meters.tooLarge(caller.tenantId(), 1);
                    yield new BatchOutcome.Rejected(i, null, IngestProblems.tooLarge(tooLarge.bytes(), limits.maxEventSize()));
                }
            };
            if (entry instanceof BatchOutcome.Sent s) {
                sent.add(s.event());
            }
            entries.add(entry);
        }
        if (refusals != null) {
            quality.publish(refusals.signals(caller.tenantId(), Instant.now()));
        }
        BatchOutcome outcome = BatchOutcome.settle(entries, publisher.publish(sent));
        long accepted = outcome.accepted();
        meters.accepted(caller.tenantId(), accepted);
        meters.unavailable(caller.tenantId(), sent.size() - accepted);
        answers.batch(response, outcome, quota);
    }

    /** One token per event, before any work is done for them; 429 with Retry-After when the tenant is over. */
    private QuotaDecision spend(TenantPrincipal caller, long events) {
        QuotaDecision quota = quotas.consume(caller.tenantId(), caller.credentialId(), events);
        meters.quota(caller.tenantId(), quota, events);
        if (!quota.allowed()) {
            throw IngestProblems.quotaExceeded(quota, events);
        }
        return quota;
    }
}
