package org.bss.loadgen.traffic;

import java.util.List;

/**
 * A market the operator sells in: its currency, tax, how its addresses, phone numbers and tax ids look, and
 * the names of its people. A customer belongs to one region for life, so it keeps one currency.
 *
 * @param priceFactor  what one euro of list price costs in this currency
 * @param vatBasisPoints the sales tax in basis points (2300 is 23 %)
 * @param taxRate      the same as a JSON number, e.g. 0.23
 */
record Region(String country, String countryName, String currency, double priceFactor, int vatBasisPoints,
              String taxRate, String language, String phonePattern, String emailDomain, List<City> cities,
              List<String> streets, boolean houseNumberFirst, Name[] firstNames, Name[] lastNames,
              String companySuffix, String taxIdPattern, List<String> paymentProviders) {

    /** A city with its postal code pattern ({@code #} a digit) and, where addresses name one, its state. */
    record City(String name, String postalPattern, String state) {
    }

    static final Region PL = new Region("PL", "Poland", "PLN", 4.3, 2300, "0.23", "pl", "+48 6## ### ###",
            "example.pl",
            List.of(new City("Warszawa", "0#-###", null), new City("Kraków", "3#-###", null),
                    new City("Łódź", "9#-###", null), new City("Wrocław", "5#-###", null),
                    new City("Gdańsk", "8#-###", null)),
            List.of("ul. Prosta", "ul. Długa", "ul. Marszałkowska", "al. Jerozolimskie", "ul. Piękna"), false,
            Name.of("Anna", "Katarzyna", "Małgorzata", "Piotr", "Krzysztof", "Łukasz", "Tomasz", "Agnieszka"),
            Name.of("Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Zając", "Król"),
            "sp. z o.o.", "PL##########", List.of("payu", "przelewy24", "adyen"));

    static final Region DE = new Region("DE", "Germany", "EUR", 1.0, 1900, "0.19", "de", "+49 15# #######",
            "example.de",
            List.of(new City("Berlin", "10###", null), new City("München", "80###", null),
                    new City("Hamburg", "20###", null), new City("Köln", "50###", null)),
            List.of("Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenweg", "Lindenallee"), false,
            Name.of("Lena", "Jonas", "Sophie", "Lukas", "Marie", "Felix", "Jürgen", "Käthe"),
            Name.of("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Schäfer", "Groß"),
            "GmbH", "DE#########", List.of("adyen", "stripe", "paypal"));

    static final Region GB = new Region("GB", "United Kingdom", "GBP", 0.85, 2000, "0.2", "en-GB",
            "+44 7### ######", "example.co.uk",
            List.of(new City("London", "SW1A #AA", null), new City("Manchester", "M# #AE", null),
                    new City("Birmingham", "B# #AA", null), new City("Leeds", "LS# #UR", null)),
            List.of("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"), true,
            Name.of("Olivia", "Oliver", "Amelia", "George", "Isla", "Harry", "Emily", "Jack"),
            Name.of("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "O'Brien", "Evans"),
            "Ltd", "GB#########", List.of("stripe", "adyen", "worldpay"));

    static final Region US = new Region("US", "United States", "USD", 1.08, 825, "0.0825", "en-US",
            "+1 512 ### ####", "example.com",
            List.of(new City("Austin", "787##", "TX"), new City("Seattle", "981##", "WA"),
                    new City("Chicago", "606##", "IL"), new City("Boston", "021##", "MA")),
            List.of("Main St", "Oak Ave", "Maple Dr", "Pine St", "Cedar Ln"), true,
            Name.of("Emma", "Liam", "Ava", "Noah", "Sophia", "Mason", "Mia", "Ethan"),
            Name.of("Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Lee", "Walker"),
            "LLC", "##-#######", List.of("stripe", "braintree", "adyen"));

    static final Region SE = new Region("SE", "Sweden", "SEK", 11.5, 2500, "0.25", "sv", "+46 7# ### ## ##",
            "example.se",
            List.of(new City("Stockholm", "11# ##", null), new City("Göteborg", "41# ##", null),
                    new City("Malmö", "21# ##", null)),
            List.of("Storgatan", "Drottninggatan", "Kungsgatan", "Skolgatan"), false,
            Name.of("Elsa", "Lars", "Maja", "Erik", "Astrid", "Björn", "Saga", "Nils"),
            Name.of("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Öberg", "Lindqvist"),
            "AB", "SE############", List.of("klarna", "adyen", "stripe"));

    static final Region CZ = new Region("CZ", "Czechia", "CZK", 25.0, 2100, "0.21", "cs", "+420 6## ### ###",
            "example.cz",
            List.of(new City("Praha", "1## 00", null), new City("Brno", "6## 00", null),
                    new City("Ostrava", "7## 00", null)),
            List.of("Národní", "Vodičkova", "Masarykova", "Husova"), false,
            Name.of("Jana", "Jiří", "Tereza", "Petr", "Eliška", "Tomáš", "Lucie", "Martin"),
            Name.of("Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák"),
            "s.r.o.", "CZ########", List.of("gopay", "adyen", "stripe"));

    /** Where new customers come from. */
    static final Weighted<Region> MARKETS = Weighted.of(PL, 35, DE, 20, GB, 15, US, 10, SE, 10, CZ, 10);

    static final List<Region> ALL = MARKETS.values();

    /** A list price in euro cents in this region's currency, rounded to a price ending in .99 or .00 above 100. */
    long price(long euroCents) {
        long cents = Math.round(euroCents * priceFactor);
        if (cents < 100) {
            return Math.max(cents, 1);
        }
        long units = Math.round(cents / 100.0);
        return euroCents % 100 == 0 ? units * 100 : units * 100 - 1;
    }

    /** The part of a tax-inclusive amount that is tax, rounded to the cent. */
    long taxIn(long grossCents) {
        long net = Math.round(grossCents * 10_000.0 / (10_000 + vatBasisPoints));
        return grossCents - net;
    }

    String street(Dice dice) {
        String street = dice.oneOf(streets);
        int number = dice.between(1, 180);
        return houseNumberFirst ? number + " " + street : street + " " + number;
    }
}
