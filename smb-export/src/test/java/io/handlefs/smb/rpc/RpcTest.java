package io.handlefs.smb.rpc;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The srvsvc pipe: bind, NetShareEnumAll, and junk PDUs. */
class RpcTest {
    private static final List<Srvsvc.ShareInfo> SHARES = List.of(new Srvsvc.ShareInfo("data", 0, "r"),
            new Srvsvc.ShareInfo("IPC$", Srvsvc.ShareInfo.STYPE_IPC_SPECIAL, "IPC Service"));

    private static byte[] bind() {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 20 + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 4280).putShort((short) 4280).putInt(0);
        b.put((byte) 1).put((byte) 0).putShort((short) 0);
        b.putShort((short) 0).put((byte) 1).put((byte) 0);
        SyntaxId.SRVSVC.encode(b);
        SyntaxId.NDR.encode(b);
        return new RpcPdu(RpcPdu.BIND, 3, 1, b.array()).encode();
    }

    private static byte[] enumRequest(int level) {
        ByteBuffer stub = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        stub.putInt(0).putInt(level).putInt(level).putInt(0x20000).putInt(0).putInt(0).putInt(-1).putInt(0);
        ByteBuffer body = ByteBuffer.allocate(8 + stub.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(stub.capacity()).putShort((short) 0).putShort((short) Srvsvc.OPNUM_NET_SHARE_ENUM_ALL).put(stub.array());
        return new RpcPdu(RpcPdu.REQUEST, 3, 2, body.array()).encode();
    }

    @Test
    void bindThenEnumerate() {
        NamedPipe pipe = NamedPipe.open("srvsvc", () -> SHARES);
        pipe.write(bind());
        RpcPdu ack = RpcPdu.decode(pipe.read(4280));
        assertEquals(RpcPdu.BIND_ACK, ack.type());
        pipe.write(enumRequest(1));
        RpcPdu resp = RpcPdu.decode(pipe.read(4280));
        assertEquals(RpcPdu.RESPONSE, resp.type());
        String text = new String(resp.body(), java.nio.charset.StandardCharsets.UTF_16LE);
        assertTrue(text.contains("data") && text.contains("IPC$"), text);
        byte[] body = resp.body();
        assertEquals(0, ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getInt(body.length - 4));
    }

    @Test
    void otherLevelsAndPipesAreRefused() {
        NamedPipe pipe = NamedPipe.open("SRVSVC", () -> SHARES);
        pipe.write(bind());
        pipe.read(4280);
        pipe.write(enumRequest(502));
        byte[] body = RpcPdu.decode(pipe.read(4280)).body();
        assertEquals(124, ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getInt(body.length - 4));
        assertEquals(null, NamedPipe.open("lsarpc", () -> SHARES));
    }

    @Test
    void junkPdusOnlyFailWithADecodeError() {
        Random random = new Random(9);
        byte[][] goods = {bind(), enumRequest(1)};
        for (int i = 0; i < 3000; i++) {
            NamedPipe pipe = NamedPipe.open("srvsvc", () -> SHARES);
            byte[] junk = goods[i % 2].clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                junk[random.nextInt(junk.length)] = (byte) random.nextInt(256);
            }
            try {
                if (i % 2 == 1) {
                    pipe.write(bind());
                }
                pipe.write(junk);
            } catch (SmbDecodeException expected) {
                // refused
            } catch (RuntimeException e) {
                fail("junk PDU threw " + e, e);
            }
        }
    }
}
