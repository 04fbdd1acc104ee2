package org.bss.loadgen.traffic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * One tenant's stream of events: coherent BSS stories. Not thread-safe; deterministic for a seed and clock.
 *
 * <p>Each event's type is drawn from the mix. Its story picks what it is about from the working set (a
 * customer, weighted so that a few customers are far busier than most; an open order; an unpaid invoice; ...).
 * When there is nothing to pick yet, say an order.cancelled with no open order, the prerequisite event is
 * emitted instead (here an order.placed, or a customer.created before that), and {@link Debts} makes up for
 * the substitution later, so the shares of a long stream match the mix.
 *
 * <p>Customers can also be read back: told which customer.created events the platform accepted
 * ({@link #customerAccepted}), the stream names customers to read ({@link #customerToRead}), busy ones often.
 *
 * <p>Anomalies can be injected over spans of the clock's time ({@link #inject}): while one lasts, the stream
 * fails payments, drops orders, prices orders higher, has a customer place a burst of orders, or sends nothing.
 * Their own decisions draw from a random of their own, seeded from the stream's seed, so the events before an
 * anomaly are those of the seed, and the stream with its anomalies is deterministic for a seed and clock.
 */
public final class Traffic {

    /** Tenant ids go into the source URI path as they are. */
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._~-]+");
    /** More payment attempts per invoice than the mix strictly needs, so unpaid invoices do not run out. */
    private static final double ATTEMPTS_SLACK = 1.05;
    private static final int MAX_ATTEMPTS = 12;
    private static final long ANOMALY_SEED = 0x1a7e_c7edL;
    /** What {@link #emit} answers when an injected order-drop has the event not sent: nothing for this request. */
    private static final GeneratedEvent DROPPED = new GeneratedEvent("dropped", "dropped", "dropped", null, new byte[0]);

    private final Clock clock;
    private final SplittableRandom random;
    private final Moment moment = new Moment();
    private final WorkingSet world;
    private final Debts debts = new Debts();
    private final EventType[] drawTypes;
    private final long[] drawCumulative;
    private final CustomerStories customers;
    private final OrderStories orders;
    private final SubscriptionStories subscriptions;
    private final BillingStories billing;
    private final long seed;
    private final List<Injection> injections = new ArrayList<>();
    /** The anomalies' own randomness; null until one is injected. */
    private Dice anomalyDice;
    /** What the injections in effect at the last draw ask. */
    private boolean silent;
    private boolean droppingOrders;

    public Traffic(String tenantId, EventMix mix, long seed, Clock clock) {
        this(tenantId, mix, seed, clock, WorkingSet.Limits.DEFAULT);
    }

    Traffic(String tenantId, EventMix mix, long seed, Clock clock, WorkingSet.Limits limits) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mix, "mix");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("tenant id \"" + tenantId
                    + "\" must be letters, digits, '.', '_', '~' or '-' (it becomes part of the source URI)");
        }
        this.seed = seed;
        random = new SplittableRandom(seed);
        Dice dice = new Dice(random);
        world = new WorkingSet(limits);
        Envelope out = new Envelope("/tenants/" + tenantId + "/loadgen", new EventIds(random), moment);
        customers = new CustomerStories(world, out, dice, new IdSequence("cus_", seed));
        orders = new OrderStories(world, out, dice, new IdSequence("ord_", seed));
        subscriptions = new SubscriptionStories(world, out, dice, new IdSequence("sub_", seed),
                new IdSequence("usg_", seed));
        billing = new BillingStories(world, out, dice, new IdSequence("inv_", seed), new IdSequence("pay_", seed),
                attemptsPerInvoice(mix));

        List<EventType> types = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Integer> entry : mix.weights().entrySet()) {
            if (entry.getValue() > 0) {
                total += entry.getValue();
                types.add(EventType.of(entry.getKey()));
                cumulative.add(total);
            }
        }
        drawTypes = types.toArray(EventType[]::new);
        drawCumulative = cumulative.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The next event. Never null unless anomalies were injected: then null means the tenant sends nothing for this
     * request (a silence, or an order.placed dropped).
     */
    public GeneratedEvent next() {
        long now = clock.millis();
        moment.at(now);
        if (!injections.isEmpty()) {
            applyInjections(now);
            if (silent) {
                return null;
            }
            GeneratedEvent burst = burstOrder(now);
            if (burst != null) {
                return burst;
            }
        }
        EventType drawn = draw();
        if (debts.inSurplus(drawn)) {
            for (EventType owed : EventType.values()) {
                if (debts.owes(owed)) {
                    GeneratedEvent event = emit(owed, owed);
                    if (event == DROPPED) {
                        return null;
                    }
                    if (event != null) {
                        debts.substituted(drawn, owed);
                        return event;
                    }
                }
            }
        }
        for (EventType type = drawn; ; type = type.prerequisite()) {
            GeneratedEvent event = emit(type, drawn);
            if (event == DROPPED) {
                return null;
            }
            if (event != null) {
                debts.substituted(drawn, type);
                return event;
            }
        }
    }

    /**
     * Injects an anomaly over [{@code fromMillis}, {@code toMillis}) of the stream's clock; the answer tells when it
     * actually began and ended. Anomalies may overlap; a silence silences the others.
     */
    public Injection inject(Anomaly kind, long fromMillis, long toMillis) {
        Objects.requireNonNull(kind, "kind");
        Injection injection = new Injection(kind, fromMillis, toMillis);
        if (anomalyDice == null) {
            anomalyDice = new Dice(new SplittableRandom(seed ^ ANOMALY_SEED));
        }
        injections.add(injection);
        return injection;
    }

    /**
     * Whether an injected silence has the tenant send nothing now, reads included; asking counts as a request of the
     * stream's for when its injections began and ended.
     */
    public boolean silent() {
        if (injections.isEmpty()) {
            return false;
        }
        applyInjections(clock.millis());
        return silent;
    }

    /** Whether the platform's accepting this event makes a customer readable: whether it is a customer.created. */
    public static boolean createsCustomer(GeneratedEvent event) {
        return EventType.CUSTOMER_CREATED.type().equals(event.type());
    }

    /**
     * The platform accepted this customer.created of the stream: its customer may be read from now on, for as long
     * as it stays in the working set.
     *
     * @throws IllegalArgumentException when the event is not a customer.created
     */
    public void customerAccepted(GeneratedEvent created) {
        if (!createsCustomer(created)) {
            throw new IllegalArgumentException("not a customer.created: " + created.type());
        }
        world.customers.accepted(EventType.CUSTOMER_CREATED.aggregateId(created.subject()));
    }

    /**
     * The id of a customer to read, picked among those whose creation was accepted and still in the working set, by
     * the activity weight that makes a few customers far busier than most; null while there is none. It draws from
     * {@code random}, not from the stream's own randomness, so reading leaves the events of a seed as they were.
     */
    public String customerToRead(SplittableRandom random) {
        Customer customer = world.customers.pickReadable(random);
        return customer == null ? null : customer.id();
    }

    /** The body of a batch request: a JSON array of the events' structured JSON (application/cloudevents-batch+json). */
    public static byte[] batchBody(List<GeneratedEvent> events) {
        int size = 2 + Math.max(0, events.size() - 1);
        for (GeneratedEvent event : events) {
            size += event.json().length;
        }
        byte[] body = new byte[size];
        int at = 0;
        body[at++] = '[';
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] json = events.get(i).json();
            System.arraycopy(json, 0, body, at, json.length);
            at += json.length;
        }
        body[at] = ']';
        return body;
    }

    WorkingSet workingSet() {
        return world;
    }

    Debts debts() {
        return debts;
    }

    private EventType draw() {
        long r = random.nextLong(drawCumulative[drawCumulative.length - 1]);
        int i = 0;
        while (drawCumulative[i] <= r) {
            i++;
        }
        return drawTypes[i];
    }

    /** The event of {@code type}, or null when there is nothing for it to be about. */
    private GeneratedEvent emit(EventType type, EventType wantedFor) {
        return switch (type) {
            case CUSTOMER_CREATED -> customers.created();
            case CUSTOMER_UPDATED -> customers.updated();
            case CUSTOMER_TERMINATED -> customers.terminated();
            case SUBSCRIPTION_ACTIVATED -> subscriptions.activated();
            case SUBSCRIPTION_SUSPENDED -> subscriptions.suspended();
            case SUBSCRIPTION_CANCELLED -> subscriptions.cancelled();
            case USAGE_RECORDED -> subscriptions.usage();
            case ORDER_PLACED -> droppingOrders && anomalyDice.chance(Anomaly.ORDERS_DROPPED) ? DROPPED : orders.placed();
            case ORDER_CANCELLED -> orders.cancelled();
            case ORDER_COMPLETED -> orders.completed();
            case INVOICE_GENERATED -> billing.generated();
            case INVOICE_PAID -> billing.paid();
            case INVOICE_OVERDUE -> billing.overdue();
            case PAYMENT_CREATED -> billing.paymentCreated();
            case PAYMENT_PROCESSED -> billing.paymentProcessed(wantedFor == EventType.INVOICE_PAID);
        };
    }

    /** Sets the stories up for the injections in effect at {@code now}. */
    private void applyInjections(long now) {
        boolean silence = false;
        boolean drop = false;
        boolean fail = false;
        long priceFactor = 1;
        for (Injection injection : injections) {
            if (injection.at(now)) {
                switch (injection.kind()) {
                    case SILENCE -> silence = true;
                    case ORDER_DROP -> drop = true;
                    case PAYMENT_FAILURES -> fail = true;
                    case REVENUE_JUMP -> priceFactor = Anomaly.PRICE_FACTOR;
                    case ORDER_BURST -> { }
                }
            }
        }
        silent = silence;
        droppingOrders = drop;
        orders.priceFactor(priceFactor);
        billing.failing(fail ? anomalyDice : null);
    }

    /**
     * The order of an order-burst in effect that is due, or null: one customer places an order every
     * {@link Injection#BURST_INTERVAL_MILLIS}. The customer is picked when the burst begins (again should it leave the
     * working set) among those who rarely order, as the account of a fraud would: a busy customer's own orders could
     * hide the burst.
     */
    private GeneratedEvent burstOrder(long now) {
        for (Injection burst : injections) {
            if (burst.kind() != Anomaly.ORDER_BURST || now < burst.fromMillis() || now >= burst.toMillis()
                    || now < burst.nextBurstMillis) {
                continue;
            }
            if (burst.burstCustomer == null || !world.customers.contains(burst.burstCustomer)) {
                burst.burstCustomer = world.customers.pickQuiet(anomalyDice);
                if (burst.burstCustomer == null) {
                    continue;
                }
            }
            burst.nextBurstMillis += Injection.BURST_INTERVAL_MILLIS;
            return orders.placed(burst.burstCustomer);
        }
        return null;
    }

    /**
     * How many payment.processed events an invoice takes on average: as many as the mix has per
     * invoice.generated, a little more, and at least one.
     */
    static double attemptsPerInvoice(EventMix mix) {
        double payments = mix.share("payment.processed");
        double invoices = mix.share("invoice.generated");
        if (payments == 0) {
            return 1;
        }
        if (invoices == 0) {
            return MAX_ATTEMPTS;
        }
        return Math.clamp(ATTEMPTS_SLACK * payments / invoices, 1, MAX_ATTEMPTS);
    }
}
