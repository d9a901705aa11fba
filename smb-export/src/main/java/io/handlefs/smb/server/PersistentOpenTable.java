package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.Guid;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The persistent opens of a server in LMDB (STATE/smb/persistent), keyed by persistent FileId.
 * Every put and delete is one write transaction synced before it returns (LMDB's default), so the
 * CREATE or LOCK reply that depends on it follows a commit (DESIGN invariant 7). Without a state
 * directory the table lives in memory: persistent handles then last as long as the process.
 */
final class PersistentOpenTable implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PersistentOpenTable.class);
    private static final long MAP_SIZE = 256L << 20;

    private static final byte[] SERVER_GUID = "server-guid".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Env<byte[]> env;
    private final Dbi<byte[]> opens;
    private final Dbi<byte[]> meta;

    private PersistentOpenTable(Env<byte[]> env) {
        this.env = env;
        this.opens = env == null ? null : env.openDbi("opens", DbiFlags.MDB_CREATE);
        this.meta = env == null ? null : env.openDbi("meta", DbiFlags.MDB_CREATE);
    }

    /** No state directory: nothing survives the process. */
    static PersistentOpenTable inMemory() {
        return new PersistentOpenTable(null);
    }

    static PersistentOpenTable open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(MAP_SIZE).setMaxDbs(2)
                .open(dir.toFile(), 0600, EnvFlags.MDB_NOTLS);
        try {
            return new PersistentOpenTable(env);
        } catch (LmdbException e) {
            env.close();
            throw e;
        }
    }

    /**
     * The server's GUID, the same after a restart (a reconnecting client meets the server it
     * left); a fresh one per process without a state directory.
     */
    Guid serverGuid() {
        if (env == null) {
            return Guid.random();
        }
        try (Txn<byte[]> txn = env.txnWrite()) {
            byte[] stored = meta.get(txn, SERVER_GUID);
            if (stored != null && stored.length == Guid.SIZE) {
                return new Guid(stored);
            }
            Guid fresh = Guid.random();
            meta.put(txn, SERVER_GUID, fresh.bytes());
            txn.commit();
            return fresh;
        }
    }

    void put(PersistentOpen open) {
        if (env == null) {
            return;
        }
        byte[] row = open.encode();
        try (Txn<byte[]> txn = env.txnWrite()) {
            opens.put(txn, key(open.persistentId()), row);
            txn.commit();
        }
    }

    void remove(long persistentId) {
        if (env == null) {
            return;
        }
        try (Txn<byte[]> txn = env.txnWrite()) {
            opens.delete(txn, key(persistentId));
            txn.commit();
        }
    }

    /** Every open the table holds; a row that does not decode is logged, dropped and skipped. */
    List<PersistentOpen> all() {
        List<PersistentOpen> out = new ArrayList<>();
        if (env == null) {
            return out;
        }
        List<byte[]> bad = new ArrayList<>();
        try (Txn<byte[]> txn = env.txnRead(); CursorIterable<byte[]> rows = opens.iterate(txn, KeyRange.all())) {
            for (CursorIterable.KeyVal<byte[]> kv : rows) {
                try {
                    out.add(PersistentOpen.decode(kv.val()));
                } catch (RuntimeException e) {
                    log.error("persistent open row {} is unreadable, dropped: {}", ByteBuffer.wrap(kv.key()).getLong(),
                            e.getMessage());
                    bad.add(kv.key());
                }
            }
        }
        bad.forEach(k -> remove(ByteBuffer.wrap(k).getLong()));
        return out;
    }

    private static byte[] key(long persistentId) {
        return ByteBuffer.allocate(8).putLong(persistentId).array();
    }

    @Override
    public void close() {
        if (env != null) {
            env.close();
        }
    }
}
