package io.handlefs.fuse;

import io.handlefs.fuse.wire.FuseRequestDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FUSE over io_uring (-o io_uring): one {@link RingQueue} per possible CPU, as the kernel wants
 * (it queues a request on the queue of the CPU its caller runs on, and uses the rings only once
 * every queue has an entry). Until then, and for FORGET, INTERRUPT and notifications always,
 * /dev/fuse and its workers carry the traffic.
 */
final class FuseRing {
    private static final Logger log = LoggerFactory.getLogger(FuseRing.class);
    /** Entries per queue: requests one CPU may have waiting in its ring. */
    static final int DEPTH = 4;

    private final List<RingQueue> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts a queue per possible CPU; payloadSize: at least the kernel's largest request payload. */
    static FuseRing start(int sessionFd, Kernel kernel, FuseRequestDecoder decoder, int payloadSize) {
        FuseRing ring = new FuseRing();
        int cpus = possibleCpus();
        for (int qid = 0; qid < cpus; qid++) {
            ring.queues.add(new RingQueue(qid, DEPTH, sessionFd, kernel, decoder, payloadSize));
        }
        for (int qid = 0; qid < cpus; qid++) {
            Thread t = new Thread(ring.queues.get(qid), "fuse-ring-" + qid);
            t.setDaemon(true);
            ring.threads.add(t);
            t.start();
        }
        log.info("FUSE over io_uring: {} queues of {} entries", cpus, DEPTH);
        return ring;
    }

    /** The kernel's nr_cpu_ids: one more than the highest CPU in /sys/devices/system/cpu/possible. */
    static int possibleCpus() {
        try {
            return parsePossible(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** "0-3" → 4, "0" → 1, "0-1,4-5" → 6. */
    static int parsePossible(String list) {
        int highest = 0;
        for (String range : list.trim().split(",")) {
            String last = range.substring(range.indexOf('-') + 1);
            highest = Math.max(highest, Integer.parseInt(last.trim()));
        }
        return highest + 1;
    }

    /** Waits for the queues to end (the kernel ends them at unmount); false on timeout. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Requests served through the rings so far. */
    long served() {
        return queues.stream().mapToLong(RingQueue::served).sum();
    }

    void stop() {
        queues.forEach(RingQueue::stop);
    }
}
