package org.bss.loadgen.traffic;

/**
 * Something an order can contain, list-priced in euro cents; a plan item names the plan it starts.
 */
record Product(String id, String name, String sku, long euroCents, Kind kind, Plan plan) {

    enum Kind { DEVICE, SIM, ACCESSORY, ADD_ON, PLAN }

    private static Product of(String id, String name, String sku, long euroCents, Kind kind) {
        return new Product(id, name, sku, euroCents, kind, null);
    }

    private static Product plan(Plan plan) {
        return new Product("prd-" + plan.id(), plan.name() + " (first month)", "PLN-" + plan.id().substring(5).toUpperCase(),
                plan.monthlyEuroCents(), Kind.PLAN, plan);
    }

    static final Weighted<Product> POPULARITY = Weighted.of(
            of("prd-sim-starter", "SIM card starter pack", "SIM-STD-001", 499, Kind.SIM), 14,
            of("prd-esim", "eSIM activation", "SIM-E-001", 999, Kind.SIM), 10,
            of("prd-phone-nova5", "Nova 5G smartphone 128 GB", "DEV-NOVA5-128", 64900, Kind.DEVICE), 8,
            of("prd-phone-nova5pro", "Nova 5G Pro smartphone 256 GB", "DEV-NOVA5P-256", 99900, Kind.DEVICE), 4,
            of("prd-phone-lite", "Lite 4G phone", "DEV-LITE-4G", 14900, Kind.DEVICE), 5,
            of("prd-tablet-10", "Tablet 10\" Wi-Fi + 5G", "DEV-TAB10-5G", 42900, Kind.DEVICE), 3,
            of("prd-router-5g", "Home router 5G", "DEV-RTR-5G", 24900, Kind.DEVICE), 4,
            of("prd-charger-30w", "USB-C charger 30 W", "ACC-CHG-30W", 2499, Kind.ACCESSORY), 10,
            of("prd-case-nova5", "Nova 5G case, black", "ACC-CASE-N5", 1999, Kind.ACCESSORY), 6,
            of("prd-earbuds", "Wireless earbuds", "ACC-BUDS-01", 7999, Kind.ACCESSORY), 4,
            of("prd-roam-eu-7d", "Roaming pass EU 7 days", "ADD-ROAM-EU7", 1499, Kind.ADD_ON), 8,
            of("prd-data-20gb", "Data add-on 20 GB", "ADD-DATA-20", 999, Kind.ADD_ON), 10,
            of("prd-streaming", "Streaming bundle", "ADD-STREAM-01", 799, Kind.ADD_ON), 5,
            plan(Plan.UNLIMITED_5G), 4,
            plan(Plan.FIBER_1G), 3,
            plan(Plan.DATA_5G_50), 2);

    boolean shipped() {
        return kind == Kind.DEVICE || kind == Kind.ACCESSORY || (kind == Kind.SIM && !id.equals("prd-esim"));
    }
}
