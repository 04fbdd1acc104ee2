package org.bss.loadgen.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Random byte mutations of a valid request (structured, binary or a batch of valid events), anywhere in its head or
 * body: bit flips, random, deleted, inserted and duplicated bytes, and tokens that often break parsers. Content-Length
 * is set to the mutated body's length half of the time. A mutation that {@link Guard} cannot rule out as acceptable
 * is thrown away and another tried; after a few tries the valid request's event is broken first.
 */
record Mutations() implements Family {

    private static final int TRIES = 16;
    private static final List<byte[]> TOKENS = List.of(new byte[] {0}, Bytes.ascii("\r\n"), Bytes.ascii("\""), Bytes.ascii("{"),
            Bytes.ascii("}"), Bytes.ascii("["), Bytes.ascii("]"), Bytes.ascii(","), Bytes.ascii(":"), Bytes.ascii("%"), Bytes.ascii("\\"),
            Bytes.ascii("\\u0000"), new byte[] {(byte) 0xFF}, Bytes.ascii("999999999999999999999"), Bytes.ascii("-"), Bytes.ascii("\r\n\r\n"),
            Bytes.ascii("Content-Length: 0\r\n"), Bytes.ascii(" "), Bytes.ascii("\t"), new byte[] {(byte) 0xC3}, Bytes.ascii("null"));
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)(\r\ncontent-length:[ \t]*)[^\r\n]*");

    @Override
    public String name() {
        return "mutation";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        int kind = random.nextInt(3);
        String name = List.of("mutated structured request", "mutated binary request", "mutated batch").get(kind);
        byte[] valid = switch (kind) {
            case 0 -> Http1Request.structured(target, Events.validJson(target, random)).bytes();
            case 1 -> Events.binary(target, random).bytes();
            default -> Http1Request.post(target, Batches.BATCH, Bytes.utf8("[" + Events.json(Events.valid(target, random)) + ","
                    + Events.json(Events.valid(target, random)) + "]")).bytes();
        };
        for (int i = 0; i < TRIES; i++) {
            byte[] mutated = mutate(valid, random);
            if (!Guard.couldBeAccepted(mutated, target)) {
                return new FuzzRequest(name(), name, mutated);
            }
        }
        byte[] broken = Http1Request.structured(target, Events.brokenJson(target, random)).bytes();
        for (int i = 0; i < TRIES; i++) {
            byte[] mutated = mutate(broken, random);
            if (!Guard.couldBeAccepted(mutated, target)) {
                return new FuzzRequest(name(), "mutated broken request", mutated);
            }
        }
        return new FuzzRequest(name(), "broken request", broken);
    }

    static byte[] mutate(byte[] request, RandomGenerator random) {
        byte[] bytes = request;
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
            bytes = mutateOnce(bytes, random);
        }
        return random.nextBoolean() ? fixLength(bytes) : bytes;
    }

    private static byte[] mutateOnce(byte[] bytes, RandomGenerator random) {
        if (bytes.length == 0) {
            return Bytes.random(random, 1 + random.nextInt(16));
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(8)) {
            case 0 -> {
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) (1 << random.nextInt(8));
                yield copy;
            }
            case 1 -> {
                byte[] copy = bytes.clone();
                copy[at] = (byte) random.nextInt(256);
                yield copy;
            }
            case 2 -> Bytes.insert(bytes, at, Bytes.random(random, 1 + random.nextInt(4)));
            case 3 -> {
                int end = Math.min(bytes.length, at + 1 + random.nextInt(8));
                yield Bytes.concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, end, bytes.length));
            }
            case 4 -> {
                int end = Math.min(bytes.length, at + 1 + random.nextInt(64));
                yield Bytes.insert(bytes, random.nextInt(bytes.length + 1), Arrays.copyOfRange(bytes, at, end));
            }
            case 5 -> Bytes.insert(bytes, at, Family.pick(random, TOKENS));
            case 6 -> {
                byte[] copy = bytes.clone();
                int other = random.nextInt(bytes.length);
                byte b = copy[at];
                copy[at] = copy[other];
                copy[other] = b;
                yield copy;
            }
            default -> Arrays.copyOf(bytes, Math.max(1, at));
        };
    }

    /** Content-Length set to what follows the first blank line, when there are both. */
    private static byte[] fixLength(byte[] bytes) {
        int headEnd = Bytes.indexOf(bytes, Bytes.ascii("\r\n\r\n"), 0);
        if (headEnd < 0) {
            return bytes;
        }
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
        Matcher matcher = CONTENT_LENGTH.matcher(head);
        if (!matcher.find()) {
            return bytes;
        }
        int bodyLength = bytes.length - headEnd - 4;
        String fixed = head.substring(0, matcher.start()) + matcher.group(1) + bodyLength + head.substring(matcher.end());
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
        out.writeBytes(fixed.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, headEnd, bytes.length - headEnd);
        return out.toByteArray();
    }
}
