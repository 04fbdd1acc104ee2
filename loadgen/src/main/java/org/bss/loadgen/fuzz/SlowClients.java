package org.bss.loadgen.fuzz;

import java.util.random.RandomGenerator;

/**
 * Slow clients: the head or the body a byte or a few at a time with pauses (at most about 15 s a request), and
 * clients that stop in the middle of the head or the body, or send nothing at all, and keep the connection open
 * until the server gives up on it. Their requests carry a broken event.
 */
record SlowClients() implements Family {

    /** About how long a trickle may take. */
    static final long TRICKLE_MILLIS = 15_000;

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        byte[] bytes = Http1Request.structured(target, Events.brokenJson(target, random)).bytes();
        int headLength = Bytes.indexOf(bytes, Bytes.ascii("\r\n\r\n"), 0) + 4;
        return switch (random.nextInt(5)) {
            case 0 -> trickle("head a byte at a time", bytes, 0, headLength, 1, random);
            case 1 -> trickle("body a few bytes at a time", bytes, headLength, bytes.length, 1 + random.nextInt(4), random);
            case 2 -> new FuzzRequest(name(), "stops in the head", bytes,
                    new FuzzRequest.Pace.Trickle(0, 1 + random.nextInt(headLength - 2), Integer.MAX_VALUE, 0, true));
            case 3 -> new FuzzRequest(name(), "stops in the body", bytes,
                    new FuzzRequest.Pace.Trickle(0, headLength + random.nextInt(bytes.length - headLength), Integer.MAX_VALUE, 0, true));
            default -> new FuzzRequest(name(), "sends nothing", bytes, new FuzzRequest.Pace.Trickle(0, 0, 1, 0, true));
        };
    }

    private FuzzRequest trickle(String name, byte[] bytes, int from, int to, int step, RandomGenerator random) {
        long steps = Math.max(1, (to - from) / step);
        long pause = Math.min(20 + random.nextInt(40), TRICKLE_MILLIS / steps);
        return new FuzzRequest(name(), name, bytes, new FuzzRequest.Pace.Trickle(from, to, step, pause, false));
    }
}
