package io.handlefs.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link FileIoCases} with the kernel's writeback cache (-o writeback; passthrough is then off),
 * and what is particular to it: the kernel caches writes and sends them later, from whichever open
 * of the file it likes, and reads the pages around a partial write itself. So the daemon opens a
 * write-only open read-write below and leaves O_APPEND to the kernel.
 */
class FileIoWritebackTest extends FileIoCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("io-writeback", "writeback");

    @Override
    SharedMount fx() {
        return MOUNT;
    }

    private static String lowerContent(Path lower) throws Exception {
        return Files.readString(lower, StandardCharsets.US_ASCII);
    }

    @Test
    void aPartialWriteThroughAWriteOnlyOpenKeepsTheBytesAroundIt() throws Exception {
        Path dir = MOUNT.newDir("partial");
        // Written below the mount: the kernel has no page of it and must read one through the
        // write-only open to merge the two bytes in.
        Files.writeString(MOUNT.lower().resolve("partial/f"), "hello world", StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("XY".getBytes(StandardCharsets.US_ASCII)), 2);
        }
        assertEquals("heXYo world", lowerContent(MOUNT.lower().resolve("partial/f")));
        assertEquals("heXYo world", Files.readString(dir.resolve("f"), StandardCharsets.US_ASCII));
    }

    @Test
    void anAppendGoesToTheEndOnceEvenWhenTheKernelWritesTheWholePageBack() throws Exception {
        Path dir = MOUNT.newDir("append-cached");
        Files.writeString(MOUNT.lower().resolve("append-cached/f"), "abc", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("f"), "def", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        assertEquals("abcdef", lowerContent(MOUNT.lower().resolve("append-cached/f")));
        Files.writeString(dir.resolve("f"), "ghi", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        assertEquals("abcdefghi", Files.readString(dir.resolve("f"), StandardCharsets.US_ASCII));
        assertEquals("abcdefghi", lowerContent(MOUNT.lower().resolve("append-cached/f")));
    }

    @Test
    void aNewFileWrittenWriteOnlyReadsBack() throws Exception {
        Path f = MOUNT.newDir("create").resolve("f");
        byte[] data = new byte[3 * 4096 + 17];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Files.write(f, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 4095);
        }
        data[4095] = 1;
        data[4096] = 2;
        data[4097] = 3;
        assertEquals(HexFormat.of().formatHex(data), HexFormat.of().formatHex(Files.readAllBytes(f)));
        assertEquals(data.length, Files.size(MOUNT.lower().resolve("create/f")));
    }
}
