package io.handlefs.fuse.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random input: FuseDecodeException is the only exception a decoder may throw. */
class FuzzTest {

    private static final FuseRequestDecoder[] DECODERS = {
        FuseRequestDecoder.BEFORE_INIT, FuseRequestDecoder.forFlags(InitFlags.SETXATTR_EXT)};

    private int decoded;
    private int rejected;

    private void feed(ByteBuffer b, String what) {
        for (FuseRequestDecoder d : DECODERS) {
            ByteBuffer copy = b.duplicate();
            try {
                d.decode(copy);
                decoded++;
            } catch (FuseDecodeException e) {
                rejected++;
            } catch (RuntimeException | Error e) {
                fail(what + ": " + WireBytes.hex(b) + " threw " + e, e);
            }
        }
    }

    @Test
    void randomBuffers() {
        Random rnd = new Random(0x5EED_F05EL);
        FuseOpcode[] ops = FuseOpcode.values();
        for (int i = 0; i < 20_000; i++) {
            int bodyLen = rnd.nextInt(8) == 0 ? rnd.nextInt(4096) : rnd.nextInt(300);
            int ext = rnd.nextInt(5) == 0 ? rnd.nextInt(4) * 8 : 0;
            int total = 40 + bodyLen + ext;
            int opcode = rnd.nextInt(10) < 8 ? ops[rnd.nextInt(ops.length)].code() : rnd.nextInt();
            ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            byte[] body = new byte[bodyLen + ext];
            switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextBytes(body);
                case 1 -> { // small integers and sparse NULs: gets further into the decoders
                    for (int j = 0; j < body.length; j++) {
                        body[j] = (byte) (rnd.nextInt(6) == 0 ? 0 : 'a' + rnd.nextInt(26));
                    }
                }
                default -> { // plausible struct: small ints, then names
                    for (int j = 0; j < body.length; j++) {
                        body[j] = (byte) (j % 4 == 0 ? rnd.nextInt(8) : 0);
                    }
                    for (int j = Math.min(body.length, 16 + rnd.nextInt(48)); j < body.length;
                            j++) {
                        body[j] = (byte) (rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(256));
                    }
                }
            }
            int len = rnd.nextInt(10) == 0 ? rnd.nextInt() : total;
            int extlen = rnd.nextInt(20) == 0 ? rnd.nextInt(0x10000) : ext / 8;
            new FuseInHeader(len, opcode, rnd.nextLong(), rnd.nextLong(), rnd.nextInt(),
                    rnd.nextInt(), rnd.nextInt(), extlen, 0).encode(b);
            b.put(body).flip();
            feed(b, "iteration " + i);
            // also the same bytes cut short at a random point (a short read)
            ByteBuffer cut = b.duplicate();
            cut.limit(rnd.nextInt(total + 1));
            feed(cut, "cut iteration " + i);
        }
        assertTrue(decoded > 1_000, "fuzz reached too few successful decodes: " + decoded);
        assertTrue(rejected > 1_000, "fuzz rejected too few: " + rejected);
    }

    @Test
    void mutatedValidRequests() {
        Random rnd = new Random(42);
        List<ByteBuffer> seeds = new ArrayList<>();
        for (Map.Entry<FuseOpcode, byte[]> e : ValidBodies.all().entrySet()) {
            seeds.add(WireBytes.request(e.getKey(), e.getValue()));
        }
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] a = WireBytes.array(seed);
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = 40 + rnd.nextInt(Math.max(1, a.length - 40));
                if (at < a.length) {
                    a[at] = (byte) (rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(256));
                }
            }
            feed(ByteBuffer.wrap(a), "mutation " + i);
        }
    }
}
