package org.bss.loadgen.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Bad, missing and foreign credentials: no key, an empty, unknown, altered, truncated, huge or upper-cased key,
 * control characters in it, bearer garbage and an unsigned JWT, two keys, one tenant's key for the other tenant's
 * events, BSS-Tenant with a tenant key. A request that carries no valid key anywhere carries a valid event (it must
 * be refused for the key alone); one that does carries a broken event.
 */
record Keys() implements Family {

    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        String key = target.apiKey();
        Http1Request unkeyed = Http1Request.structured(target, Events.validJson(target, random)).without("X-API-Key");
        return switch (random.nextInt(19)) {
            case 0 -> request(target, random, "no key", unkeyed);
            case 1 -> request(target, random, "empty key", unkeyed.with("X-API-Key:" + Family.pick(random, "", " ", "   \t")));
            case 2 -> request(target, random, "unknown key", unkeyed.with("X-API-Key: bss_" + randomKey(random, 43)));
            case 3 -> {
                int at = random.nextInt(key.length());
                char other = KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length()));
                if (other == key.charAt(at)) {
                    other = other == 'A' ? 'B' : 'A';
                }
                yield request(target, random, "one character of the key changed",
                        unkeyed.with("X-API-Key: " + key.substring(0, at) + other + key.substring(at + 1)));
            }
            case 4 -> request(target, random, "truncated key", unkeyed.with("X-API-Key: " + key.substring(0, key.length() - 1 - random.nextInt(5))));
            case 5 -> request(target, random, "key with more characters", unkeyed.with("X-API-Key: " + Family.pick(random, "x" + key, key + "x", key + key)));
            case 6 -> request(target, random, "upper-case key", unkeyed.with("X-API-Key: " + key.toUpperCase(Locale.ROOT)));
            case 7 -> {
                int at = 1 + random.nextInt(key.length() - 1);
                yield request(target, random, "control character in the key", unkeyed.with("X-API-Key: " + key.substring(0, at)
                        + Family.pick(random, "\u0001", "\u007f", "\u0085", "\u0000", "\t") + key.substring(at)));
            }
            case 8 -> request(target, random, "huge key", unkeyed.with("X-API-Key: bss_" + randomKey(random, 4000 + random.nextInt(4000))));
            case 9 -> request(target, random, "bad Authorization", unkeyed.with("Authorization: " + Family.pick(random, "Bearer garbage",
                    "Bearer", "Bearer    ", "Basic YWRtaW46YWRtaW4=", "Digest username=\"a\"", "bearer " + randomKey(random, 40),
                    "Bearer a.b.c", "Bearer ....", "Token " + randomKey(random, 20))));
            case 10 -> request(target, random, "unsigned JWT", unkeyed.with("Authorization: Bearer " + unsignedJwt(target)));
            case 11 -> request(target, random, "the key as a bearer token", unkeyed.with("Authorization: Bearer " + key));
            case 12 -> request(target, random, "two X-API-Key headers", unkeyed.with("X-API-Key: " + key).with("X-API-Key: bss_" + randomKey(random, 43)));
            case 13 -> request(target, random, "X-API-Key and a bad bearer", unkeyed.with("X-API-Key: " + key).with("Authorization: Bearer x"));
            case 14 -> {
                Map<String, String> event = Events.valid(target, random);
                event.put("tenantid", "\"" + target.tenantId() + "\"");
                yield request(target, random, "the other tenant's key for this tenant's event",
                        unkeyed.withBody(Events.bytes(event)).with("X-API-Key: " + target.otherApiKey()));
            }
            case 15 -> {
                Map<String, String> event = Events.valid(target, random);
                event.put("tenantid", "\"" + target.otherTenantId() + "\"");
                yield request(target, random, "an event in the other tenant's name", unkeyed.withBody(Events.bytes(event)).with("X-API-Key: " + key));
            }
            case 16 -> request(target, random, "BSS-Tenant with a tenant key", unkeyed.with("X-API-Key: " + key)
                    .with("BSS-Tenant: " + target.otherTenantId()));
            case 17 -> request(target, random, "the key in the query string", unkeyed.withLine("POST " + Http1Request.EVENTS + "?"
                    + Family.pick(random, "api_key=", "apiKey=", "X-API-Key=") + key + " HTTP/1.1"));
            default -> request(target, random, "misspelt key header", unkeyed.with(Family.pick(random, "X-Api-Keys", "XAPIKey", "X_API_Key",
                    "API-Key") + ": " + key));
        };
    }

    /** The request as it is when it carries no valid key; with a broken event when it does. */
    private FuzzRequest request(FuzzTarget target, RandomGenerator random, String name, Http1Request request) {
        Http1Request sent = Guard.couldBeAccepted(request.bytes(), target) ? request.withBody(Events.brokenJson(target, random)) : request;
        return new FuzzRequest(name(), name, sent.bytes());
    }

    private static String randomKey(RandomGenerator random, int length) {
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length())));
        }
        return key.toString();
    }

    /** A JWT with {@code alg: none} naming the fuzz tenant, as a forger would send it. */
    private static String unsignedJwt(FuzzTarget target) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"iss\":\"https://issuer.example\",\"sub\":\"fuzz\",\"tenant_id\":\"" + target.tenantId()
                + "\",\"scope\":\"events:write\",\"exp\":4102444800}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
