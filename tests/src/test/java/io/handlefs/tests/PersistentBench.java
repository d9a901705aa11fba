package io.handlefs.tests;

import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.DurableHandleRequestV2;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.Guid;

import java.io.IOException;
import java.util.List;

/**
 * The cost of continuous availability, measured with {@link SmbTestClient} against a running
 * server that serves a CA share and a plain one over the same kind of directory (run by
 * tests/bench/persistent.sh): CREATE with a persistent handle (an LMDB commit before the reply)
 * against a plain CREATE, and WRITE throughput on the CA share (write-through) against the plain
 * share. Prints one line per figure and the two ratios.
 *
 * <pre>java -cp handlefs.jar:tests/target/test-classes io.handlefs.tests.PersistentBench PORT USER PASSWORD CA_SHARE PLAIN_SHARE CREATES WRITE_MIB</pre>
 */
public final class PersistentBench {
    private static final int READ_WRITE = 0x1 | 0x2;
    private static final int SHARE_ALL = 0x7;
    private static final int BLOCK = 64 * 1024;

    private PersistentBench() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String user = args[1];
        String password = args[2];
        String caShare = args[3];
        String plainShare = args[4];
        int creates = Integer.parseInt(args[5]);
        int writeMiB = Integer.parseInt(args[6]);
        try (SmbTestClient ca = SmbTestClient.connect(port, Guid.random().bytes(), user, password, caShare);
             SmbTestClient plain = SmbTestClient.connect(port, Guid.random().bytes(), user, password, plainShare)) {
            // Warm-up: the server's request paths compiled before anything is timed.
            createRate(ca, "warm-p", creates / 4, true);
            createRate(ca, "warm-c", creates / 4, false);
            writeRate(ca, "warm-w", Math.max(1, writeMiB / 8));
            writeRate(plain, "warm-w", Math.max(1, writeMiB / 8));
            double plainCreates = createRate(ca, "plain", creates, false);
            double persistentCreates = createRate(ca, "persistent", creates, true);
            double plainWrite = writeRate(plain, "stream", writeMiB);
            double caWrite = writeRate(ca, "stream", writeMiB);
            System.out.printf("CREATE plain               %10.0f /s%n", plainCreates);
            System.out.printf("CREATE persistent (DH2Q)   %10.0f /s%n", persistentCreates);
            System.out.printf("WRITE 64 KiB, plain share  %10.1f MiB/s%n", plainWrite);
            System.out.printf("WRITE 64 KiB, CA share     %10.1f MiB/s%n", caWrite);
            System.out.printf("ratio persistent/plain CREATE rate  %.2f%n", persistentCreates / plainCreates);
            System.out.printf("ratio CA/plain WRITE throughput     %.2f%n", caWrite / plainWrite);
        }
    }

    /** CREATEs per second of new files (the CLOSE after each is not timed). */
    private static double createRate(SmbTestClient c, String prefix, int count, boolean persistent) throws IOException {
        long total = 0;
        for (int i = 0; i < count; i++) {
            List<CreateContext> contexts = persistent ? List.of(new DurableHandleRequestV2(60_000,
                    DurableHandleRequestV2.FLAG_PERSISTENT, Guid.random()).context()) : List.of();
            long t = System.nanoTime();
            FileId id = c.create(prefix + i, READ_WRITE, SHARE_ALL, CreateRequest.OVERWRITE_IF, contexts).fileId();
            total += System.nanoTime() - t;
            c.closeFile(id);
        }
        return count / (total / 1e9);
    }

    /** MiB per second of sequential 64 KiB WRITEs to one file. */
    private static double writeRate(SmbTestClient c, String name, int mib) throws IOException {
        FileId id = c.create(name, READ_WRITE, SHARE_ALL, CreateRequest.OVERWRITE_IF, List.of()).fileId();
        byte[] block = new byte[BLOCK];
        int blocks = mib * (1024 * 1024 / BLOCK);
        long t = System.nanoTime();
        for (int i = 0; i < blocks; i++) {
            c.write(id, (long) i * BLOCK, block);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        c.closeFile(id);
        return mib / seconds;
    }
}
