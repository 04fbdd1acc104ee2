package org.bss.loadgen.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Content-Encoding gzip (and others) with garbage, truncated or double compression, and gzip bombs: a small body
 * that inflates to 64 MiB of '[' or 128 MiB of spaces after a broken event.
 */
record Encodings() implements Family {

    private static final List<String> ENCODINGS = List.of("gzip", "gzip", "gzip", "deflate", "br", "x-gzip", "gzip, gzip", "identity",
            "compress", "zstd", "gzip;q=1", "", "garbage", "GZIP");

    @Override
    public String name() {
        return "encoding";
    }

    @Override
    public FuzzRequest next(RandomGenerator random, FuzzTarget target) {
        String encoding = Family.pick(random, ENCODINGS);
        byte[] broken = Events.brokenJson(target, random);
        return switch (random.nextInt(8)) {
            case 0 -> request(target, encoding, "garbage", Bytes.random(random, 1 + random.nextInt(2000)));
            case 1 -> request(target, encoding, "gzip magic and garbage", Bytes.concat(new byte[] {0x1F, (byte) 0x8B, 8, 0},
                    Bytes.random(random, random.nextInt(500))));
            case 2 -> {
                byte[] gzip = gzip(broken);
                yield request(target, encoding, "truncated gzip", Arrays.copyOf(gzip, 1 + random.nextInt(gzip.length - 1)));
            }
            case 3 -> request(target, encoding, "gzip of a broken event", gzip(broken));
            case 4 -> request(target, encoding, "gzip twice", gzip(gzip(broken)));
            case 5 -> request(target, "deflate", "deflate of a broken event", deflate(broken));
            case 6 -> request(target, "gzip", "gzip bomb of 64 MiB '['", Bombs.BRACKETS);
            default -> request(target, "gzip", "gzip bomb of a broken event and 128 MiB of spaces", Bombs.SPACES);
        };
    }

    private static FuzzRequest request(FuzzTarget target, String encoding, String name, byte[] body) {
        return new FuzzRequest("encoding", name + " (" + (encoding.isEmpty() ? "empty" : encoding) + ")",
                Http1Request.structured(target, body).with("Content-Encoding: " + encoding).bytes());
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
            deflate.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The bombs, made once, on first use. */
    private static final class Bombs {

        static final byte[] BRACKETS = bomb(new byte[0], (byte) '[', 64);
        static final byte[] SPACES = bomb(Bytes.ascii("{\"specversion\":\"0.3\",\"id\":\"bomb\",\"source\":\"/b\",\"type\":\"t\""), (byte) ' ', 128);

        private static byte[] bomb(byte[] prefix, byte filler, int mebibytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] block = new byte[1024 * 1024];
            Arrays.fill(block, filler);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            }) {
                gzip.write(prefix);
                for (int i = 0; i < mebibytes; i++) {
                    gzip.write(block);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
