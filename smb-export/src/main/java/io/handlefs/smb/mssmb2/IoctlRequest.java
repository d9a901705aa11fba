package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 IOCTL Request, [MS-SMB2] 2.2.31. */
public record IoctlRequest(int ctlCode, FileId fileId, byte[] input, int maxOutputResponse, int flags)
        implements Smb2Body {
    public static final int FSCTL_PIPE_TRANSCEIVE = 0x0011C017;
    public static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;
    public static final int FSCTL_QUERY_NETWORK_INTERFACE_INFO = 0x001401FC;
    public static final int FSCTL_GET_REPARSE_POINT = 0x000900A8;
    public static final int FSCTL_SRV_ENUMERATE_SNAPSHOTS = 0x00144064;
    public static final int FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0;
    public static final int FSCTL_LMR_REQUEST_RESILIENCY = 0x001401D4;
    public static final int FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078;
    public static final int FSCTL_SRV_COPYCHUNK = 0x001440F2;
    public static final int FSCTL_SRV_COPYCHUNK_WRITE = 0x001480F2;
    public static final int FSCTL_SET_SPARSE = 0x000900C4;
    public static final int FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF;
    public static final int FSCTL_SET_ZERO_DATA = 0x000980C8;
    public static final int FSCTL_GET_COMPRESSION = 0x0009003C;
    public static final int FSCTL_SET_COMPRESSION = 0x0009C040;
    public static final int FLAG_IS_FSCTL = 0x1;

    public IoctlRequest {
        input = input.clone();
    }

    @Override
    public byte[] input() {
        return input.clone();
    }

    public static IoctlRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(57, "IOCTL");
        r.skip(2);
        int code = r.bits32();
        FileId id = FileId.decode(r);
        long inputOffset = r.u32();
        long inputCount = r.u32();
        r.skip(4);
        r.skip(8);
        int maxOutput = r.u32Int("MaxOutputResponse");
        int flags = r.bits32();
        return new IoctlRequest(code, id, r.slice(inputOffset, inputCount, "Input"), maxOutput, flags);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 57);                  // StructureSize (2)
        out.putShort((short) 0);                   // Reserved (2)
        out.putInt(ctlCode);                       // CtlCode (4)
        fileId.encode(out);                        // FileId (16)
        out.putInt(input.length == 0 ? 0 : Smb2Header.SIZE + 56); // InputOffset (4)
        out.putInt(input.length);                  // InputCount (4)
        out.putInt(0);                             // MaxInputResponse (4)
        out.putInt(0);                             // OutputOffset (4)
        out.putInt(0);                             // OutputCount (4)
        out.putInt(maxOutputResponse);             // MaxOutputResponse (4)
        out.putInt(flags);                         // Flags (4)
        out.putInt(0);                             // Reserved2 (4)
        out.put(input);
    }
}
