package org.bss.loadgen.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Message framing: Content-Length longer, shorter, negative, huge, not a number, given twice; Transfer-Encoding
 * chunked with broken chunk sizes, missing chunks, both framings at once, unknown transfer codings; bare LF or CR
 * line ends, folded headers, header lines without a colon, no or two Host headers. The body is always an event with
 * an envelope fault.
 */
record Framing() implements Family {

    @Override
    public String name() {
        return "framing";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        byte[] body = Events.brokenJson(target, random);
        Http1Request base = Http1Request.structured(target, body);
        int length = body.length;
        return switch (random.nextInt(19)) {
            case 0 -> request("Content-Length longer than the body", base.replace("Content-Length", Integer.toString(length + 1 + random.nextInt(1000))));
            case 1 -> request("Content-Length shorter than the body", base.replace("Content-Length", Integer.toString(random.nextInt(length))));
            case 2 -> {
                byte[] second = Http1Request.structured(target, Events.brokenJson(target, random)).bytes();
                byte[] next = random.nextBoolean() ? second : Bytes.ascii("GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n");
                yield request("a second request after the body", base.withRawBody(Bytes.concat(body, next)));
            }
            case 3 -> request("negative Content-Length", base.replace("Content-Length", Family.pick(random, "-1", "-0", "-100", "-2147483648")));
            case 4 -> request("huge Content-Length", base.replace("Content-Length", Family.pick(random, "99999999999999999999",
                    "9223372036854775807", "9223372036854775808", "4294967298", "2147483648", "2147483647")));
            case 5 -> request("Content-Length not a number", base.replace("Content-Length", Family.pick(random, "abc", length + "a",
                    "0x10", "1.5", "1e3", "", " ", length + " " + length, "\u00bd")));
            case 6 -> request("two Content-Length headers", base.with("Content-Length: "
                    + (random.nextBoolean() ? length : length + 1 + random.nextInt(50))));
            case 7 -> request("Content-Length list", base.replace("Content-Length", length + ", " + (random.nextBoolean() ? length : length + 1)));
            case 8 -> request("broken chunk size", chunked(base, Bytes.concat(Bytes.ascii(Family.pick(random, "zz", "-5",
                    "ffffffffffffffffff", "0x10", "g", "1;" + "x".repeat(5000), "7fffffff", "") + "\r\n"), body, Bytes.ascii("\r\n0\r\n\r\n"))));
            case 9 -> request("chunk larger than its data", chunked(base, Bytes.concat(
                    Bytes.ascii(Integer.toHexString(length + 1 + random.nextInt(5000)) + "\r\n"), body, Bytes.ascii("\r\n0\r\n\r\n"))));
            case 10 -> request("chunk smaller than its data", chunked(base, Bytes.concat(
                    Bytes.ascii(Integer.toHexString(Math.max(1, length / 2)) + "\r\n"), body, Bytes.ascii("\r\n0\r\n\r\n"))));
            case 11 -> request("no last chunk", chunked(base, chunks(random, body, false)));
            case 12 -> request("chunked and Content-Length", base.with("Transfer-Encoding: chunked").withRawBody(chunks(random, body, true)));
            case 13 -> request("unknown transfer coding", base.without("Content-Length").with("Transfer-Encoding: " + Family.pick(random,
                    "chunked, chunked", "gzip, chunked", "identity", "xchunked", "chunked\u0000", "Chunked ", "chunked, identity", "compress"))
                    .withRawBody(chunks(random, body, true)));
            case 14 -> new FuzzRequest(name(), "bare " + (random.nextBoolean() ? "LF" : "CR") + " line ends",
                    base.bytes(random.nextBoolean() ? "\n" : "\r"));
            case 15 -> request("folded header", base.without("X-API-Key").with("X-API-Key:").with(" " + target.apiKey()));
            case 16 -> {
                int kind = random.nextInt(3);
                Http1Request noHost = base.without("Host");
                yield request(new String[] {"no Host", "two Host headers", "Host not a host"}[kind], switch (kind) {
                    case 0 -> noHost;
                    case 1 -> base.with("Host: other.example");
                    default -> noHost.with("Host: " + Family.pick(random, "a b", "[::1", "x:99999999", "\u00ff\u00fe", "/", "@"));
                });
            }
            case 17 -> request("header line without a colon", base.with(Family.pick(random, "NoColonHere", "Content-Length : " + length,
                    ": empty name", " leading-space: x", "Bad Name: x", "X-\u0001: y")));
            default -> {
                byte[] whole = base.bytes();
                yield new FuzzRequest(name(), "head without its end",
                        Arrays.copyOf(whole, Bytes.indexOf(whole, Bytes.ascii("\r\n\r\n"), 0) + 2));
            }
        };
    }

    private FuzzRequest request(String name, Http1Request request) {
        return new FuzzRequest(name(), name, request.bytes());
    }

    private static Http1Request chunked(Http1Request base, byte[] chunkedBody) {
        return base.without("Content-Length").with("Transfer-Encoding: chunked").withRawBody(chunkedBody);
    }

    /** The body in chunks of random sizes, with the last (empty) chunk or without it. */
    static byte[] chunks(RandomGenerator random, byte[] body, boolean last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + random.nextInt(Math.max(1, body.length / 2)));
            out.writeBytes(Bytes.ascii(Integer.toHexString(n) + "\r\n"));
            out.write(body, at, n);
            out.writeBytes(Bytes.ascii("\r\n"));
            at += n;
        }
        if (last) {
            out.writeBytes(Bytes.ascii("0\r\n\r\n"));
        }
        return out.toByteArray();
    }
}
