package org.bss.platform.analytics.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.bss.platform.analytics.internal.detect.AlertChange;
import org.bss.platform.analytics.internal.detect.AlertState;
import org.bss.platform.analytics.internal.detect.Forecast;
import org.bss.platform.analytics.internal.detect.LoadForecast;
import org.bss.platform.analytics.internal.detect.Multivariate;
import org.bss.platform.analytics.internal.detect.MetricKind;
import org.bss.platform.analytics.internal.detect.Thresholds;
import org.bss.platform.analytics.internal.detect.Verdict;
import org.bss.platform.analytics.internal.detect.Watch;

/**
 * The detector, per tenant (its input is grouped by tenant): collects each minute's figures of the watched series
 * as they arrive, and once a minute has closed (its end, the grace and a few commit intervals have passed by the
 * clock) judges it, a series with no figure counting 0 (so a tenant gone silent is seen), and sends the alerts that
 * open, escalate or resolve.
 */
final class DetectorProcessor implements Processor<String, Figure, String, Object> {

    static final String PENDING = "detector-pending";
    static final String WATCHES = "detector-watches";
    static final String THRESHOLDS = "thresholds";
    static final String CUSTOMERS = "detector-customers";
    static final String FAILURE_RATE = Metric.PAYMENT_FAILURE_RATE.wire();
    static final String TOP_CUSTOMER = Metric.ORDERS_TOP_CUSTOMER.wire();
    static final String SURGE = Metric.ORDERS_CUSTOMER_SURGE.wire();
    /** Counts watched per tenant; revenue is watched per currency. */
    static final Set<String> WATCHED = Set.of(Metric.EVENTS.wire(), Metric.ORDERS_PLACED.wire(),
            Metric.ORDERS_CANCELLED.wire(), Metric.PAYMENTS_FAILED.wire(), Metric.PAYMENTS_SUCCEEDED.wire(),
            Metric.INVOICES_GENERATED.wire(), Metric.CUSTOMERS_NEW.wire(), Metric.SUBSCRIPTIONS_CANCELLED.wire());
    private static final Set<String> WATCHED_SUMS = Set.of(Metric.REVENUE_ORDERS.wire(), Metric.REVENUE_PAYMENTS.wire());
    /** Judged, but only the rate is: succeeded payments alone say nothing a person would act on. */
    private static final Set<String> NOT_JUDGED = Set.of(Metric.PAYMENTS_SUCCEEDED.wire());
    /** The alert label of the isolation forest, which judges all of a tenant's metrics together. */
    static final String ALL_METRICS = "tenant";
    /** The metrics the forest sees, in the order of its vectors. */
    static final List<String> TOGETHER = List.of(Metric.EVENTS.wire(), Metric.ORDERS_PLACED.wire(),
            Metric.ORDERS_CANCELLED.wire(), Metric.PAYMENTS_SUCCEEDED.wire(), Metric.PAYMENTS_FAILED.wire(),
            Metric.INVOICES_GENERATED.wire(), Metric.CUSTOMERS_NEW.wire(), Metric.SUBSCRIPTIONS_CANCELLED.wire(),
            SURGE);
    /** After a long stop, at most this many missed minutes are judged; older ones are skipped. */
    private static final int CATCH_UP = 30;
    private static final long MINUTE = Window.MINUTE.size().toMillis();
    /** How often customers who stopped ordering are forgotten. */
    private static final long FORGET_EVERY = 10 * MINUTE;

    private final ClosedMinutes closed;
    private final Duration every;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Pending> pending;
    private KeyValueStore<String, TenantWatch> watches;
    private KeyValueStore<String, Thresholds> thresholds;
    private KeyValueStore<String, CustomerRate> customers;
    private long forgotAt;
    /** Each tenant's grown forest: derived from the state, so kept in memory only. */
    private final Map<String, Multivariate.Model> forests = new HashMap<>();

    DetectorProcessor(Duration grace, Duration commitInterval, Duration every) {
        this.closed = ClosedMinutes.of(grace, commitInterval);
        this.every = every;
    }

    /** Whether a 1-minute figure is one the detector watches. */
    static boolean watches(Figure figure) {
        if (figure.tenant().equals(SeriesKey.PLATFORM)) {
            return false;
        }
        if (WATCHED.contains(figure.name())) {
            return figure.dims().isEmpty();
        }
        return WATCHED_SUMS.contains(figure.name()) && figure.dims().startsWith("currency=")
                && figure.dims().indexOf(',') < 0;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(PENDING);
        this.watches = context.getStateStore(WATCHES);
        this.thresholds = context.getStateStore(THRESHOLDS);
        this.customers = context.getStateStore(CUSTOMERS);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::judgeClosed);
    }

    @Override
    public void process(Record<String, Figure> record) {
        Figure figure = record.value();
        String key = pendingKey(figure.tenant(), figure.start());
        Pending current = pending.get(key);
        Pending base = current == null ? Pending.NONE : current;
        Pending next;
        if (figure.name().equals(Metric.ORDERS_BY_CUSTOMER.wire())) {
            next = withCustomer(base, figure);
            if (next == current) {
                return;
            }
        } else {
            Map<String, Double> values = new HashMap<>(base.values());
            values.put(label(figure.name(), figure.dims()), figure.value());
            next = base.withValues(values);
        }
        pending.put(key, next);
        if (watches.get(figure.tenant()) == null) {
            watches.put(figure.tenant(), new TenantWatch(figure.start() - MINUTE, Map.of(), Map.of(), Map.of(),
                    Multivariate.start(TOGETHER), LoadForecast.start(), 0, 0));
        }
    }

    /** Folds one customer's orders so far in a minute into their usual rate, and into the minute's top and surge. */
    private Pending withCustomer(Pending current, Figure figure) {
        String customer = Dims.parse(figure.dims()).get("customer");
        String key = tenantKey(figure.tenant(), customer);
        long minute = figure.start() / MINUTE;
        CustomerRate rate = customers.get(key);
        CustomerRate seen = CustomerRate.observe(rate, minute, figure.count());
        if (seen != rate) {
            customers.put(key, seen);
        }
        return current.withOrders(customer, figure.count(), seen.surge(minute, figure.count()));
    }

    private void judgeClosed(long now) {
        List<KeyValue<String, TenantWatch>> tenants = new ArrayList<>();
        try (KeyValueIterator<String, TenantWatch> all = watches.all()) {
            all.forEachRemaining(tenants::add);
        }
        for (KeyValue<String, TenantWatch> tenant : tenants) {
            TenantWatch watch = tenant.value;
            long latest = closed.latest(now);
            long start = Math.max(watch.lastJudged() + MINUTE, latest - (CATCH_UP - 1) * MINUTE);
            if (start > watch.lastJudged() + MINUTE) {
                forgetBefore(tenant.key, start);
            }
            boolean changed = false;
            for (; start <= latest; start += MINUTE) {
                watch = judge(tenant.key, watch, start, now);
                changed = true;
            }
            if (changed) {
                watches.put(tenant.key, watch);
            }
        }
        if (now - forgotAt >= FORGET_EVERY) {
            forgotAt = now;
            forgetQuietCustomers(now / MINUTE);
        }
    }

    private void forgetQuietCustomers(long minute) {
        List<String> quiet = new ArrayList<>();
        try (KeyValueIterator<String, CustomerRate> all = customers.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.forgotten(minute)) {
                    quiet.add(entry.key);
                }
            });
        }
        quiet.forEach(customers::delete);
    }

    private TenantWatch judge(String tenant, TenantWatch watch, long start, long now) {
        Instant windowStart = Instant.ofEpochMilli(start);
        String key = pendingKey(tenant, start);
        Pending figures = pending.get(key);
        pending.delete(key);
        Map<String, Double> values = figures == null ? Map.of() : figures.values();
        Thresholds limits = thresholdsOf(tenant);

        Map<String, Double> observed = new LinkedHashMap<>();
        for (String label : watch.series().keySet()) {
            observed.put(label, 0.0);
        }
        for (String name : WATCHED) {
            observed.putIfAbsent(name, 0.0);
        }
        observed.putAll(values);
        double failed = observed.getOrDefault(Metric.PAYMENTS_FAILED.wire(), 0.0);
        double paid = failed + observed.getOrDefault(Metric.PAYMENTS_SUCCEEDED.wire(), 0.0);
        if (paid > 0) {
            observed.put(FAILURE_RATE, failed / paid);
        }
        observed.put(SURGE, figures == null ? 0.0 : Math.max(0, figures.surge()));

        Map<String, Watch> series = new HashMap<>(watch.series());
        Map<String, AlertState> alerts = new HashMap<>(watch.alerts());
        Map<String, Alert> open = new HashMap<>(watch.open());
        for (Map.Entry<String, Double> entry : observed.entrySet()) {
            String label = entry.getKey();
            double x = entry.getValue();
            Watch state = series.getOrDefault(label, Watch.start(kindOf(label)));
            if (!NOT_JUDGED.contains(label)) {
                List<Verdict> verdicts = Watch.decide(state, x, windowStart, limits);
                AlertState.Step step = AlertState.step(alerts.getOrDefault(label, AlertState.NONE), verdicts,
                        windowStart, limits);
                alerts.put(label, step.next());
                for (AlertChange change : step.changes()) {
                    send(alert(tenant, label, change, open.get(label), start, now,
                            label.equals(SURGE) && figures != null ? figures.surgeStory() : null), label, open, now);
                }
            }
            series.put(label, Watch.evolve(state, x, windowStart, limits));
        }
        Multivariate together = watch.together();
        double[] vector = new double[TOGETHER.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = observed.getOrDefault(TOGETHER.get(i), 0.0);
        }
        List<Verdict> forest = model(tenant, together)
                .flatMap(model -> Multivariate.decide(together, model, vector, limits)).map(List::of).orElse(List.of());
        AlertState.Step step = AlertState.step(alerts.getOrDefault(ALL_METRICS, AlertState.NONE), forest, windowStart,
                limits);
        alerts.put(ALL_METRICS, step.next());
        for (AlertChange change : step.changes()) {
            send(alert(tenant, ALL_METRICS, change, open.get(ALL_METRICS), start, now, null), ALL_METRICS, open, now);
        }

        long topOrders = figures == null ? 0 : figures.topOrders();
        context.forward(new Record<>(tenant, new Figure(tenant, TOP_CUSTOMER, Dims.NONE, Window.MINUTE.label(), start,
                topOrders, topOrders, 0), now));
        double surge = observed.get(SURGE);
        context.forward(new Record<>(tenant, new Figure(tenant, SURGE, Dims.NONE, Window.MINUTE.label(), start,
                Math.round(surge), surge, 0), now));

        LoadForecast forecast = watch.forecast();
        double fiveMinute = watch.fiveMinute() + observed.getOrDefault(Metric.EVENTS.wire(), 0.0);
        int minutes = watch.minutesInBlock() + 1;
        long blockEnd = start + MINUTE;
        long block = Window.FIVE_MINUTES.size().toMillis();
        if (blockEnd % block == 0) {
            if (minutes == block / MINUTE) {
                forecast = LoadForecast.update(forecast, fiveMinute);
                Forecast next = LoadForecast.nextHour(forecast);
                context.forward(new Record<>(tenant, new Figure(tenant, Metric.FORECAST_EVENTS.wire(), Dims.NONE,
                        Window.FIVE_MINUTES.label(), blockEnd, Math.round(next.expected()), next.expected(), 0), now));
            }
            fiveMinute = 0;
            minutes = 0;
        }
        return new TenantWatch(start, series, alerts, open, Multivariate.evolve(together, vector, limits), forecast,
                fiveMinute, minutes);
    }

    /** Sends an alert that opened, escalated or resolved (null: nothing to send) and keeps the open ones. */
    private void send(Alert alert, String label, Map<String, Alert> open, long now) {
        if (alert == null) {
            return;
        }
        context.forward(new Record<>(alert.id(), alert, now));
        if (alert.state().equals(Alert.OPEN)) {
            open.put(label, alert);
        } else {
            open.remove(label);
        }
    }

    /** The tenant's forest as of its last fit, grown again only when the state was fitted again (or after a restart). */
    private Optional<Multivariate.Model> model(String tenant, Multivariate together) {
        Multivariate.Model model = forests.get(tenant);
        if (model == null || model.fittedAt() != together.fittedAt()) {
            Optional<Multivariate.Model> grown = Multivariate.model(together);
            grown.ifPresentOrElse(m -> forests.put(tenant, m), () -> forests.remove(tenant));
            return grown;
        }
        return Optional.of(model);
    }

    private static Alert alert(String tenant, String label, AlertChange change, Alert open, long start, long now,
            String story) {
        String metric = metricOf(label);
        String dims = dimsOf(label);
        return switch (change) {
            case AlertChange.Opened opened -> {
                Verdict v = opened.verdict();
                String id = Alert.idOf(tenant, metric, dims, v.detector().label(), start);
                yield new Alert(id, tenant, metric, dims, v.detector().label(), severity(v), Alert.OPEN,
                        Window.MINUTE.label(), start, v.observed(), v.expectedLow(), v.expectedHigh(), v.score(),
                        explain(label, v, start, story), now, null, now);
            }
            case AlertChange.Escalated escalated -> {
                if (open == null) {
                    yield null;
                }
                Verdict v = escalated.verdict();
                yield new Alert(open.id(), tenant, metric, dims, open.detector(), severity(v), Alert.OPEN,
                        open.window(), open.windowStart(), v.observed(), v.expectedLow(), v.expectedHigh(), v.score(),
                        explain(label, v, start, story), open.openedAt(), null, now);
            }
            case AlertChange.Resolved resolved -> open == null ? null : open.resolved(now);
        };
    }

    private static String explain(String label, Verdict verdict, long start, String story) {
        String text = verdict.explain(label, Instant.ofEpochMilli(start));
        return text + " " + Remedies.forMetric(metricOf(label), story);
    }

    private static String severity(Verdict verdict) {
        return verdict.severity().name().toLowerCase();
    }

    private Thresholds thresholdsOf(String tenant) {
        Thresholds set = thresholds.get(tenant);
        return set != null ? set : Thresholds.defaults();
    }

    static MetricKind kindOf(String label) {
        if (label.equals(FAILURE_RATE)) {
            return MetricKind.RATIO;
        }
        Metric metric = Metric.named(metricOf(label));
        return metric != null && metric.kind() == Metric.Kind.SUM ? MetricKind.AMOUNT : MetricKind.COUNT;
    }

    /** A series' label: its metric, with its dimensions in braces when it has some. */
    static String label(String name, String dims) {
        return dims.isEmpty() ? name : name + '{' + dims + '}';
    }

    static String metricOf(String label) {
        int brace = label.indexOf('{');
        return brace < 0 ? label : label.substring(0, brace);
    }

    static String dimsOf(String label) {
        int brace = label.indexOf('{');
        return brace < 0 ? Dims.NONE : label.substring(brace + 1, label.length() - 1);
    }

    private void forgetBefore(String tenant, long start) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Pending> figures = pending.prefixScan(tenant + '\u001f', new StringSerializer())) {
            figures.forEachRemaining(entry -> {
                if (Long.parseLong(entry.key.substring(entry.key.lastIndexOf('\u001f') + 1)) < start) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(pending::delete);
    }

    private static String pendingKey(String tenant, long start) {
        return tenantKey(tenant, Long.toString(start));
    }

    /** A key of a per-tenant store: the tenant, then a part of its own (stores are scanned by the tenant prefix). */
    private static String tenantKey(String tenant, String part) {
        return tenant + '\u001f' + part;
    }
}
