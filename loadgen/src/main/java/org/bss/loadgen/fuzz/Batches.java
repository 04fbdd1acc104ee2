package org.bss.loadgen.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Batch mode ({@code application/cloudevents-batch+json}) where every member is broken, or the batch itself is:
 * empty, not an array, members that are not objects, more members than the limit (1,000), truncated, trailing
 * garbage, deep nesting, members in another tenant's name, invalid UTF-8.
 */
record Batches() implements Family {

    static final String BATCH = "application/cloudevents-batch+json";

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        return switch (random.nextInt(13)) {
            case 0 -> request(target, "empty batch", Bytes.ascii(Family.pick(random, "[]", "[ ]", " [\r\n] ")));
            case 1 -> request(target, "members that are not objects", Bytes.ascii(Family.pick(random, "[null]", "[1,\"a\",true]", "[[]]",
                    "[{}, 1]", "[\"{}\"]")));
            case 2 -> request(target, "an object, not an array", Events.brokenJson(target, random));
            case 3 -> request(target, "broken members", Events.brokenBatch(target, random, 1 + random.nextInt(20)));
            case 4 -> request(target, "members without attributes", Bytes.ascii("[" + String.join(",",
                    Collections.nCopies(1 + random.nextInt(50), Family.pick(random, "{}", "{\"specversion\":1}", "{\"id\":null}")))
                    + "]"));
            case 5 -> {
                int count = Family.pick(random, 1001, 1002, 2000, 10_000, 100_000);
                String member = random.nextBoolean() ? "{}" : Events.json(Events.broken(target, random));
                yield request(target, count + " members", Bytes.utf8("[" + String.join(",", Collections.nCopies(count, member)) + "]"));
            }
            case 6 -> {
                byte[] batch = Events.brokenBatch(target, random, 1 + random.nextInt(5));
                yield request(target, "truncated", Arrays.copyOf(batch, random.nextInt(batch.length)));
            }
            case 7 -> request(target, "trailing garbage", Bytes.concat(Events.brokenBatch(target, random, 1 + random.nextInt(3)),
                    Bytes.ascii(Family.pick(random, " x", "]", ",{}", "[]"))));
            case 8 -> request(target, "member nested 10,000 deep", Bytes.ascii("[{\"data\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}]"));
            case 9 -> {
                String member = Events.json(Events.broken(target, random));
                yield request(target, "the same member twice", Bytes.utf8("[" + member + "," + member + "]"));
            }
            case 10 -> new FuzzRequest(name(), "a batch sent as one event",
                    Http1Request.structured(target, Events.brokenBatch(target, random, 1 + random.nextInt(3))).bytes());
            case 11 -> {
                List<String> members = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
                    Map<String, String> event = Events.valid(target, random);
                    event.put("tenantid", "\"" + target.otherTenantId() + "\"");
                    members.add(Events.json(event));
                }
                yield request(target, "members in the other tenant's name", Bytes.utf8("[" + String.join(",", members) + "]"));
            }
            default -> request(target, "invalid UTF-8 in a member", Bytes.insertAfter(Events.brokenBatch(target, random, 2), "\"id\":\"",
                    new byte[] {(byte) 0xC3, 0x28}));
        };
    }

    private FuzzRequest request(FuzzTarget target, String name, byte[] body) {
        return new FuzzRequest(name(), name, Http1Request.post(target, BATCH, body).bytes());
    }
}
