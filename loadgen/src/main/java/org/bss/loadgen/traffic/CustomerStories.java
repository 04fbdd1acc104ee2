package org.bss.loadgen.traffic;

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

        JsonWriter data = out.begin(EventType.CUSTOMER_CREATED, customer.id())
                .field("customer_id", customer.id())
                .field("customer_type", business ? "business" : "individual");
        if (business) {
            data.field("company_name", last.text() + " " + dice.oneOf(BUSINESS_WORDS) + " " + region.companySuffix());
        }
        data.field("first_name", first.text())
                .field("last_name", last.text())
                .field("email", email(customer))
                .field("phone", dice.digits(region.phonePattern()));
        if (business) {
            data.field("tax_id", dice.digits(region.taxIdPattern()));
        } else {
            data.field("date_of_birth", Moment.date(dice.between(1948, 2006), dice.between(1, 12), dice.between(1, 28)));
        }
        data.field("language", region.language())
                .field("segment", business ? dice.oneOf(SEGMENTS_BUSINESS) : "consumer")
                .field("marketing_consent", dice.chance(0.4))
                .field("status", dice.chance(0.95) ? "active" : "prospect");
        address(data.name("address"), region);
        if (business && dice.chance(0.5)) {
            address(data.name("billing_address"), region);
        }
        data.field("created_at", out.moment().timestamp());
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

        JsonWriter data = out.begin(EventType.CUSTOMER_UPDATED, customer.id()).field("customer_id", customer.id());
        data.name("changed_fields").startArray().value(choices[first]);
        if (second >= 0) {
            data.value(choices[second]);
        }
        data.endArray();
        change(data, customer, choices[first]);
        if (second >= 0) {
            change(data, customer, choices[second]);
        }
        data.field("updated_at", out.moment().timestamp());
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
                .field("customer_id", customer.id())
                .field("reason", reason(code))
                .field("reason_code", code)
                .field("termination_date", out.moment().day().endOfMonth())
                .field("terminated_at", out.moment().timestamp())
                .moneyField("final_balance", balance)
                .field("currency", customer.currency());
        world.customers.remove(customer);
        return out.end();
    }

    private void change(JsonWriter data, Customer customer, String field) {
        Region region = customer.region();
        switch (field) {
            case "email" -> data.field("email", email(customer));
            case "phone" -> data.field("phone", dice.digits(region.phonePattern()));
            case "address", "billing_address" -> address(data.name(field), region);
            case "marketing_consent" -> data.field("marketing_consent", dice.chance(0.5));
            case "last_name" -> data.field("last_name", dice.oneOf(region.lastNames()).text());
            case "language" -> data.field("language", dice.chance(0.7) ? "en" : region.language());
            case "segment" -> data.field("segment", dice.chance(0.5) ? "enterprise" : "smb");
            case "status" -> data.field("status", dice.chance(0.8) ? "active" : "suspended");
            default -> throw new IllegalStateException("no change for " + field);
        }
    }

    private void address(JsonWriter data, Region region) {
        Region.City city = dice.oneOf(region.cities());
        data.startObject()
                .field("street", region.street(dice))
                .field("city", city.name())
                .field("postal_code", dice.digits(city.postalPattern()))
                .optionalField("region", city.state())
                .field("country", region.country())
                .endObject();
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
