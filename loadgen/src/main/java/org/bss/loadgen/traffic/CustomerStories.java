package org.bss.loadgen.traffic;

import static org.bss.loadgen.traffic.Envelope.money;

import tools.jackson.core.JsonGenerator;

/** customer.created, customer.updated, customer.terminated. */
final class CustomerStories {

    private static final String[] BUSINESS_WORDS = {"Consulting", "Logistics", "Studio", "Solutions", "Trading", "& Partners"};
    private static final String[] SEGMENTS_BUSINESS = {"smb", "smb", "smb", "enterprise"};
    private static final String[] CHANGES_INDIVIDUAL = {"email", "phone", "address", "marketing_consent", "last_name", "language"};
    private static final String[] CHANGES_BUSINESS = {"email", "phone", "address", "billing_address", "segment", "status"};
    private static final Weighted<String> TERMINATION_REASONS = Weighted.of(
            "customer_request", 60, "non_payment", 20, "other", 8, "duplicate", 5, "fraud", 4, "deceased", 3);

    private final WorkingSet world;
    private final Envelope out;
    private final Dice dice;
    private final IdSequence customerIds;

    CustomerStories(WorkingSet world, Envelope out, Dice dice, IdSequence customerIds) {
        this.world = world;
        this.out = out;
        this.dice = dice;
        this.customerIds = customerIds;
    }

    GeneratedEvent created() {
        Region region = Region.MARKETS.pick(dice);
        boolean business = dice.chance(0.15);
        Name first = dice.oneOf(region.firstNames());
        Name last = dice.oneOf(region.lastNames());
        Customer customer = new Customer(customerIds.next(), world.customers.nextSlot(), region, business, first, last);
        world.customers.add(customer, Customers.activityWeight(dice.unit()));

        JsonGenerator data = out.begin(EventType.CUSTOMER_CREATED, customer.id())
                .writeStringProperty("customer_id", customer.id())
                .writeStringProperty("customer_type", business ? "business" : "individual");
        if (business) {
            data.writeStringProperty("company_name", last.text() + " " + dice.oneOf(BUSINESS_WORDS) + " " + region.companySuffix());
        }
        data.writeStringProperty("first_name", first.text())
                .writeStringProperty("last_name", last.text())
                .writeStringProperty("email", email(customer))
                .writeStringProperty("phone", dice.digits(region.phonePattern()));
        if (business) {
            data.writeStringProperty("tax_id", dice.digits(region.taxIdPattern()));
        } else {
            data.writeStringProperty("date_of_birth", Moment.date(dice.between(1948, 2006), dice.between(1, 12), dice.between(1, 28)));
        }
        data.writeStringProperty("language", region.language())
                .writeStringProperty("segment", business ? dice.oneOf(SEGMENTS_BUSINESS) : "consumer")
                .writeBooleanProperty("marketing_consent", dice.chance(0.4))
                .writeStringProperty("status", dice.chance(0.95) ? "active" : "prospect");
        address(data.writeName("address"), region);
        if (business && dice.chance(0.5)) {
            address(data.writeName("billing_address"), region);
        }
        data.writeStringProperty("created_at", out.moment().timestamp());
        return out.end();
    }

    GeneratedEvent updated() {
        Customer customer = world.customers.pickByActivity(dice);
        if (customer == null) {
            return null;
        }
        String[] choices = customer.business() ? CHANGES_BUSINESS : CHANGES_INDIVIDUAL;
        int first = dice.below(choices.length);
        int second = dice.chance(0.25) ? (first + 1 + dice.below(choices.length - 1)) % choices.length : -1;

        JsonGenerator data = out.begin(EventType.CUSTOMER_UPDATED, customer.id()).writeStringProperty("customer_id", customer.id());
        data.writeName("changed_fields").writeStartArray().writeString(choices[first]);
        if (second >= 0) {
            data.writeString(choices[second]);
        }
        data.writeEndArray();
        change(data, customer, choices[first]);
        if (second >= 0) {
            change(data, customer, choices[second]);
        }
        data.writeStringProperty("updated_at", out.moment().timestamp());
        return out.end();
    }

    GeneratedEvent terminated() {
        Customer customer = world.customers.pickAny(dice);
        if (customer == null) {
            return null;
        }
        String code = TERMINATION_REASONS.pick(dice);
        if (code.equals("deceased") && customer.business()) {
            code = "customer_request";
        }
        long balance = dice.chance(0.7) ? 0 : customer.region().price(dice.between(500L, 20_000L));
        out.begin(EventType.CUSTOMER_TERMINATED, customer.id())
                .writeStringProperty("customer_id", customer.id())
                .writeStringProperty("reason", reason(code))
                .writeStringProperty("reason_code", code)
                .writeStringProperty("termination_date", out.moment().day().endOfMonth())
                .writeStringProperty("terminated_at", out.moment().timestamp())
                .writeNumberProperty("final_balance", money(balance))
                .writeStringProperty("currency", customer.currency());
        world.customers.remove(customer);
        return out.end();
    }

    private void change(JsonGenerator data, Customer customer, String field) {
        Region region = customer.region();
        switch (field) {
            case "email" -> data.writeStringProperty("email", email(customer));
            case "phone" -> data.writeStringProperty("phone", dice.digits(region.phonePattern()));
            case "address", "billing_address" -> address(data.writeName(field), region);
            case "marketing_consent" -> data.writeBooleanProperty("marketing_consent", dice.chance(0.5));
            case "last_name" -> data.writeStringProperty("last_name", dice.oneOf(region.lastNames()).text());
            case "language" -> data.writeStringProperty("language", dice.chance(0.7) ? "en" : region.language());
            case "segment" -> data.writeStringProperty("segment", dice.chance(0.5) ? "enterprise" : "smb");
            case "status" -> data.writeStringProperty("status", dice.chance(0.8) ? "active" : "suspended");
            default -> throw new IllegalStateException("no change for " + field);
        }
    }

    private void address(JsonGenerator data, Region region) {
        Region.City city = dice.oneOf(region.cities());
        data.writeStartObject()
                .writeStringProperty("street", region.street(dice))
                .writeStringProperty("city", city.name())
                .writeStringProperty("postal_code", dice.digits(city.postalPattern()));
        if (city.state() != null) {
            data.writeStringProperty("region", city.state());
        }
        data.writeStringProperty("country", region.country())
                .writeEndObject();
    }

    /** first.last, with a number now and then, at the region's mail domain; a business uses its office address. */
    private String email(Customer customer) {
        String local = customer.business() ? "office." + customer.lastName().slug()
                : customer.firstName().slug() + "." + customer.lastName().slug();
        if (dice.chance(0.6)) {
            local += dice.between(1, 999);
        }
        return local + "@" + customer.region().emailDomain();
    }

    private static String reason(String code) {
        return switch (code) {
            case "customer_request" -> "moved to another operator";
            case "non_payment" -> "unpaid invoices after final notice";
            case "fraud" -> "account opened with stolen identity";
            case "deceased" -> "account holder deceased";
            case "duplicate" -> "duplicate account merged";
            default -> "closed on request of the operator";
        };
    }
}
