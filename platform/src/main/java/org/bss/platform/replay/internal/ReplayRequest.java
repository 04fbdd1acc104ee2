package org.bss.platform.replay.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bss.model.envelope.Rfc3339;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;

/**
 * {@code POST /api/v1/replays} as sent, and its reading into what a job is: which tenant's events, the selection,
 * the speed and the target. Every mistake is refused with the field it is about.
 */
record ReplayRequest(String tenant, SelectionBody selection, String speed, TargetBody target) {

    record SelectionBody(String on, String from, String to, List<String> types, List<String> subjects,
                         String subjectPrefix, List<String> sources) {
    }

    record TargetBody(String kind, String topic, String url, String mode, Integer batchSize, String secret) {
    }

    /** A request read: {@code generatedSecret} is set when the platform made the webhook's secret (shown once). */
    record Read(String tenantId, Selection selection, Speed speed, ReplayTarget target, String generatedSecret) {
    }

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final int MIN_SECRET = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param reserved the platform's own topics, which a replay may not write to */
    Read read(TenantPrincipal caller, Set<String> reserved) {
        boolean admin = caller.scopes().contains(Scope.ADMIN);
        if (target == null || target.kind() == null) {
            throw new InvalidRequestException("target.kind is required: topic, webhook or rebuild");
        }
        Speed parsedSpeed;
        try {
            parsedSpeed = Speed.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("speed: " + e.getMessage());
        }
        String kind = target.kind().toLowerCase(Locale.ROOT);
        if (kind.equals("rebuild")) {
            if (!admin) {
                throw new ProblemException(Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                        "Rebuilding the read models takes a key with the admin scope."));
            }
            if (tenant != null || selection != null || !(parsedSpeed instanceof Speed.Max)) {
                throw new InvalidRequestException("a rebuild folds every stored event of every tenant as fast as it can:"
                        + " it takes no tenant, selection or speed");
            }
            return new Read(null, Selection.everything(), parsedSpeed, new ReplayTarget.Rebuild(), null);
        }
        String tenantId = tenant == null ? caller.tenantId() : tenant;
        if (!tenantId.equals(caller.tenantId()) && !admin) {
            throw new ProblemException(Problems.of(HttpStatus.FORBIDDEN, Problems.TENANT_MISMATCH, "Forbidden",
                    "A key replays its own tenant's events; only an admin key may name another tenant."));
        }
        Selection parsedSelection = readSelection();
        return switch (kind) {
            case "topic" -> new Read(tenantId, parsedSelection, parsedSpeed, topic(reserved), null);
            case "webhook" -> webhook(tenantId, parsedSelection, parsedSpeed);
            default -> throw new InvalidRequestException("target.kind '" + target.kind() + "' is not one of topic, webhook, rebuild");
        };
    }

    private Selection readSelection() {
        if (selection == null) {
            return Selection.everything();
        }
        Selection.On on;
        try {
            on = selection.on() == null ? Selection.On.TIME : Selection.On.valueOf(selection.on().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("selection.on is 'time' (the events' time) or 'arrival', not '" + selection.on() + "'");
        }
        Instant from = instant("selection.from", selection.from());
        Instant to = instant("selection.to", selection.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("selection.from must be before selection.to");
        }
        if (selection.subjectPrefix() != null && selection.subjectPrefix().isEmpty()) {
            throw new InvalidRequestException("selection.subjectPrefix must not be empty (leave it out to select every subject)");
        }
        noBlanks("selection.types", selection.types());
        noBlanks("selection.subjects", selection.subjects());
        noBlanks("selection.sources", selection.sources());
        return new Selection(on, from, to, selection.types(), selection.subjects(), selection.subjectPrefix(),
                selection.sources());
    }

    private ReplayTarget.Topic topic(Set<String> reserved) {
        String name = target.topic();
        if (name == null || !TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new InvalidRequestException("target.topic must be a Kafka topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_', '-'");
        }
        if (reserved.contains(name)) {
            throw new InvalidRequestException("target.topic '" + name + "' is one of the platform's own topics");
        }
        return new ReplayTarget.Topic(name);
    }

    private Read webhook(String tenantId, Selection parsedSelection, Speed parsedSpeed) {
        URI url;
        try {
            url = target.url() == null ? null : new URI(target.url());
        } catch (URISyntaxException e) {
            url = null;
        }
        if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new InvalidRequestException("target.url must be an absolute http or https URL");
        }
        ReplayTarget.WebhookMode mode;
        try {
            mode = target.mode() == null ? ReplayTarget.WebhookMode.BATCH
                    : ReplayTarget.WebhookMode.valueOf(target.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("target.mode is 'binary' (one event a request) or 'batch', not '" + target.mode() + "'");
        }
        int batchSize = target.batchSize() == null ? 100 : target.batchSize();
        if (batchSize < 1 || batchSize > 1000) {
            throw new InvalidRequestException("target.batchSize is 1 to 1000");
        }
        String generated = null;
        String secret = target.secret();
        if (secret == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            secret = generated = HexFormat.of().formatHex(random);
        } else if (secret.length() < MIN_SECRET) {
            throw new InvalidRequestException("target.secret must have at least " + MIN_SECRET + " characters");
        }
        return new Read(tenantId, parsedSelection, parsedSpeed, new ReplayTarget.Webhook(url, mode, batchSize, secret), generated);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        Instant instant = Rfc3339.parseOrNull(value);
        if (instant == null) {
            throw new InvalidRequestException(field + " must be an RFC 3339 date-time, not '" + value + "'");
        }
        return instant;
    }

    private static void noBlanks(String field, List<String> values) {
        if (values != null && values.stream().anyMatch(v -> v == null || v.isBlank())) {
            throw new InvalidRequestException(field + " must not hold empty values");
        }
    }
}
