package org.bss.platform.projection.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.servlet.http.HttpServletRequest;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.Rfc3339;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.readmodel.Customer;
import org.bss.model.readmodel.CustomerFolio;
import org.bss.model.readmodel.Invoice;
import org.bss.model.readmodel.Subscription;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.ConsistencyToken;
import org.bss.platform.projection.ProjectionProperties;
import org.bss.platform.store.ReadSource;
import org.bss.platform.store.ReadSources;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read models' API, tenant-scoped like the rest: customers (with subscriptions, open invoices and balances),
 * balances, a customer's history, subscriptions (with usage), orders, invoices (one, or pages), payments. Every
 * answer carries {@code freshness}: the projection's position and lag when the answer was made.
 *
 * <p>{@code asOf=<RFC 3339>} answers as of that instant (time travel). A consistency token from a 202
 * ({@code BSS-Consistency-Token} header or {@code token=}) makes the read wait, up to
 * {@code bss.projection.consistency-wait}, until the projection has folded those events, then read the database
 * (not the cache); past the wait it answers 409 with {@code Retry-After}.
 *
 * <p>A request reads from one source ({@link ReadSources}: the read replica while it is close enough behind, else
 * the primary): the token's wait, the read and the freshness it reports. A token the replica has not passed within
 * the wait is looked for on the primary before the 409, and the read then goes there. Answers the cache keeps are
 * read from the primary (see {@link ReadCache#keepsAnswers()}).
 */
@RestController
@ConditionalOnRole(Role.QUERY)
class ReadModelController {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
    static final String NOT_YET = "not-yet-projected";

    private final ReadModels models;
    private final TimeTravel timeTravel;
    private final ReadSources reads;
    private final Freshness freshness;
    private final ReadCache cache;
    private final JsonMapper json;
    private final ProjectionProperties properties;

    ReadModelController(ReadModels models, TimeTravel timeTravel, ReadSources reads, Freshness freshness,
            ReadCache cache, JsonMapper json, ProjectionProperties properties) {
        this.models = models;
        this.timeTravel = timeTravel;
        this.reads = reads;
        this.freshness = freshness;
        this.cache = cache;
        this.json = json;
        this.properties = properties;
    }

    /** How a request wants its answer: live (maybe after a token), or as of an instant; and where it reads. */
    private record Reading(Instant asOf, boolean waited, ReadSource from) {
        boolean cacheable() {
            return asOf == null && !waited;
        }
    }

    @GetMapping(path = "/api/v1/customers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> customer(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            HttpServletRequest request) {
        String tenant = caller.tenantId();
        Reading reading = reading(request);
        return answer(reading, CacheKey.customer(tenant, id), from -> {
            if (reading.asOf() != null) {
                return timeTravel.customer(from, tenant, id, reading.asOf(), true).map(folio -> (Object) Views.customer(
                        folio.customer(), folio.subscriptions().values(), folio.invoices().values(), folio.balances().values()));
            }
            return models.customer(from, tenant, id).map(parts -> {
                ObjectNode node = parts.customer() == null
                        ? json.valueToTree(Views.customer(Customer.initial(id), List.of(), List.of(), List.of()))
                        : (ObjectNode) json.readTree(parts.customer());
                node.set("subscriptions", raw(parts.subscriptions()));
                node.set("openInvoices", raw(parts.openInvoices()));
                node.set("balances", raw(parts.balances()));
                return node;
            });
        }, "customer", id);
    }

    @GetMapping(path = "/api/v1/customers/{id}/balance", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> balance(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            HttpServletRequest request) {
        String tenant = caller.tenantId();
        Reading reading = reading(request);
        return answer(reading, CacheKey.balance(tenant, id), from -> {
            if (reading.asOf() != null) {
                return timeTravel.customer(from, tenant, id, reading.asOf(), true)
                        .map(folio -> (Object) new Views.BalancesView(id, Views.balances(folio.balances().values())));
            }
            if (!models.known(from, tenant, id)) {
                return Optional.empty();
            }
            ObjectNode node = json.createObjectNode().put("customerId", id);
            node.set("balances", raw(models.balancesJson(from, tenant, id)));
            return Optional.of(node);
        }, "customer", id);
    }

    @GetMapping(path = "/api/v1/subscriptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> subscription(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            HttpServletRequest request) {
        String tenant = caller.tenantId();
        Reading reading = reading(request);
        return answer(reading, new CacheKey(tenant, "subscription", id), from -> {
            if (reading.asOf() != null) {
                CustomerFolio folio = timeTravel.plus(from, tenant, "subscription/" + id,
                        models.customerOf(from, ProjectionStore.Model.SUBSCRIPTIONS, tenant, id)
                                .flatMap(customer -> timeTravel.customer(from, tenant, customer, reading.asOf(), true))
                                .orElse(CustomerFolio.initial("")), reading.asOf());
                Subscription subscription = folio.subscriptions().get(id);
                return Optional.ofNullable(subscription).map(s -> (Object) Views.subscription(s, folio.usage().values()
                        .stream().filter(u -> u.key().subscriptionId().equals(id)).toList()));
            }
            return models.view(from, ProjectionStore.Model.SUBSCRIPTIONS, tenant, id).map(view -> {
                ObjectNode node = (ObjectNode) json.readTree(view);
                node.set("usage", json.valueToTree(Views.usage(models.usage(from, tenant, id))));
                return node;
            });
        }, "subscription", id);
    }

    @GetMapping(path = "/api/v1/orders/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> order(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            HttpServletRequest request) {
        return one(caller.tenantId(), "order", id, ProjectionStore.Model.ORDERS, CustomerFolio::orders, Views::order,
                reading(request));
    }

    @GetMapping(path = "/api/v1/invoices/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> invoice(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            HttpServletRequest request) {
        return one(caller.tenantId(), "invoice", id, ProjectionStore.Model.INVOICES, CustomerFolio::invoices,
                Views::invoice, reading(request));
    }

    @GetMapping(path = "/api/v1/payments/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> payment(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            HttpServletRequest request) {
        return one(caller.tenantId(), "payment", id, ProjectionStore.Model.PAYMENTS, CustomerFolio::payments,
                Views::payment, reading(request));
    }

    /**
     * {@code GET /api/v1/invoices?customer=&status=&dueBefore=&limit=&after=}: invoices in id order, a page at a
     * time ({@code next} is the cursor of the following page). As of an instant it needs {@code customer}.
     */
    @GetMapping(path = "/api/v1/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> invoices(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestParam(required = false) String customer, @RequestParam(required = false) String status,
            @RequestParam(required = false) String dueBefore, @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit, HttpServletRequest request) {
        String tenant = caller.tenantId();
        int size = limit(limit);
        LocalDate due = date("dueBefore", dueBefore);
        if (status != null && !List.of("generated", "overdue", "paid").contains(status)) {
            throw new InvalidRequestException("status must be one of generated, overdue, paid");
        }
        Reading reading = reading(request);
        List<String[]> page;
        if (reading.asOf() != null) {
            if (customer == null) {
                throw new InvalidRequestException("asOf on /api/v1/invoices needs customer: time travel folds one customer's events");
            }
            page = timeTravel.customer(reading.from(), tenant, customer, reading.asOf(), true).map(f -> f.invoices().values().stream())
                    .orElse(java.util.stream.Stream.empty())
                    .filter(i -> status == null || status.equals(i.statusValue()))
                    .filter(i -> due == null || (i.dueDate() != null && i.dueDate().value().isBefore(due)))
                    .filter(i -> after == null || i.id().compareTo(after) > 0)
                    .sorted(java.util.Comparator.comparing(Invoice::id)).limit(size + 1L)
                    .map(i -> new String[] {i.id(), json.writeValueAsString(Views.invoice(i))}).toList();
        } else {
            page = models.invoiceViews(reading.from(), tenant, customer, status, due, after, size + 1);
        }
        boolean more = page.size() > size;
        List<String[]> shown = more ? page.subList(0, size) : page;
        ObjectNode body = json.createObjectNode();
        tools.jackson.databind.node.ArrayNode invoices = body.putArray("invoices");
        shown.forEach(row -> invoices.add(raw(row[1])));
        body.put("next", shown.isEmpty() ? after : shown.getLast()[0]);
        body.put("more", more);
        return ok(body, reading);
    }

    /**
     * {@code GET /api/v1/customers/{id}/history?limit=&after=&asOf=}: the events that made the customer, in the
     * order of their time, as structured CloudEvents, a page at a time.
     */
    @GetMapping(path = "/api/v1/customers/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> history(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id,
            @RequestParam(required = false) String after, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String asOf) {
        String tenant = caller.tenantId();
        int size = limit(limit);
        Instant bound = asOf == null ? null : instant("asOf", asOf);
        HistoryCursor cursor = after == null ? null : HistoryCursor.decode(after);
        ReadSource from = reads.current();
        if (cursor == null && !models.known(from, tenant, id)) {
            throw notFound("customer", id);
        }
        List<ReadModels.LinkRow> links = models.links(from, tenant, "customer/" + id, bound,
                cursor == null ? null : cursor.time(), cursor == null ? null : cursor.key(), size + 1);
        boolean more = links.size() > size;
        List<ReadModels.LinkRow> shown = more ? links.subList(0, size) : links;
        List<CloudEvent> found = from.events().byIds(tenant, shown.stream().map(ReadModels.LinkRow::ref).toList());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JsonGenerator generator = StructuredFormat.generator(out)) {
            generator.writeStartObject();
            generator.writeArrayPropertyStart("events");
            for (CloudEvent event : found) {
                StructuredFormat.write(event, generator);
            }
            generator.writeEndArray();
            generator.writeStringProperty("next", shown.isEmpty() ? after
                    : new HistoryCursor(shown.getLast().time(), shown.getLast().key()).encode());
            generator.writeBooleanProperty("more", more);
            generator.writeEndObject();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out.toByteArray());
    }

    private <S> ResponseEntity<byte[]> one(String tenant, String kind, String id, ProjectionStore.Model<S> model,
            Function<CustomerFolio, Map<String, S>> inFolio, Function<S, Object> view, Reading reading) {
        return answer(reading, new CacheKey(tenant, kind, id), from -> {
            if (reading.asOf() != null) {
                return models.customerOf(from, model, tenant, id)
                        .flatMap(customer -> timeTravel.customer(from, tenant, customer, reading.asOf(), true))
                        .flatMap(folio -> Optional.ofNullable(inFolio.apply(folio).get(id))).map(view);
            }
            return models.view(from, model, tenant, id).map(json::readTree);
        }, kind, id);
    }

    private ResponseEntity<byte[]> answer(Reading reading, CacheKey key, Function<ReadSource, Optional<?>> load,
            String kind, String id) {
        ReadSource from = reading.cacheable() && cache.keepsAnswers() ? reads.primary() : reading.from();
        Supplier<byte[]> body = () -> load.apply(from).map(view -> {
            ObjectNode node = view instanceof ObjectNode object ? object : json.valueToTree(view);
            if (reading.asOf() != null) {
                node.put("asOf", reading.asOf().toString());
            }
            node.set("freshness", json.valueToTree(freshness.now(from)));
            return json.writeValueAsBytes(node);
        }).orElse(null);
        byte[] bytes = reading.cacheable() ? cache.get(key, body) : body.get();
        if (bytes == null) {
            throw notFound(kind, id);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(bytes);
    }

    /** JSON text that PostgreSQL assembled, written out as it is. */
    private tools.jackson.databind.JsonNode raw(String jsonText) {
        return json.getNodeFactory().rawValueNode(new tools.jackson.databind.util.RawValue(jsonText));
    }

    private ResponseEntity<byte[]> ok(ObjectNode body, Reading reading) {
        if (reading.asOf() != null) {
            body.put("asOf", reading.asOf().toString());
        }
        body.set("freshness", json.valueToTree(freshness.now(reading.from())));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
    }

    /** The request's {@code asOf} and consistency token ({@code token=} or the {@code BSS-Consistency-Token} header). */
    private Reading reading(HttpServletRequest request) {
        String asOf = request.getParameter("asOf");
        Instant instant = asOf == null ? null : instant("asOf", asOf);
        String text = request.getParameter("token") != null ? request.getParameter("token")
                : request.getHeader(ConsistencyToken.HEADER);
        ReadSource from = reads.current();
        if (text == null) {
            return new Reading(instant, false, from);
        }
        ConsistencyToken parsed;
        try {
            parsed = ConsistencyToken.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        ReadSource passed = passedOn(from, parsed);
        if (passed == null) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            throw new ProblemException(Problems.of(HttpStatus.CONFLICT, NOT_YET, "Not projected yet",
                    "the read models have not yet folded the events of consistency token " + text + " (waited "
                            + properties.consistencyWait().toMillis() + " ms); try again shortly"), headers);
        }
        return new Reading(instant, true, passed);
    }

    /**
     * Where the token is passed: on {@code from} within the wait; else, when {@code from} is a replica, on the primary
     * (which is ahead of it) if it has passed it by then; null when neither.
     */
    private ReadSource passedOn(ReadSource from, ConsistencyToken token) {
        if (freshness.await(from, token, properties.consistencyWait())) {
            return from;
        }
        ReadSource primary = reads.primary();
        return !from.equals(primary) && freshness.await(primary, token, Duration.ZERO) ? primary : null;
    }

    private static ProblemException notFound(String kind, String id) {
        return new ProblemException(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                "no " + kind + " '" + id + "' in this tenant's read models"));
    }

    private static int limit(Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        return size;
    }

    private static Instant instant(String name, String value) {
        return Rfc3339.parse(value).orElseThrow(() -> new InvalidRequestException(
                name + " must be an RFC 3339 timestamp, e.g. 2025-11-07T10:30:00Z"));
    }

    private static LocalDate date(String name, String value) {
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " must be a date, e.g. 2025-11-30");
        }
    }

    /** Where a history page ended: the last link's time and key, base64url. */
    record HistoryCursor(Instant time, UUID key) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((time + " " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static HistoryCursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8).split(" ");
                return new HistoryCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new InvalidRequestException("after is not a cursor this API gave out");
            }
        }
    }
}
