package io.handlefs.inode;

import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

import java.nio.file.Path;

/** Writes rows behind a closed table's back, as damage or an older build would. */
final class RawStore implements AutoCloseable {
    private final Env<byte[]> env;

    RawStore(Path dir) {
        env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(3).open(dir.toFile());
    }

    void put(String db, byte[] key, byte[] value) {
        Dbi<byte[]> dbi = env.openDbi(db);
        try (Txn<byte[]> txn = env.txnWrite()) {
            dbi.put(txn, key, value);
            txn.commit();
        }
    }

    byte[] get(String db, byte[] key) {
        Dbi<byte[]> dbi = env.openDbi(db);
        try (Txn<byte[]> txn = env.txnRead()) {
            return dbi.get(txn, key);
        }
    }

    void delete(String db, byte[] key) {
        Dbi<byte[]> dbi = env.openDbi(db);
        try (Txn<byte[]> txn = env.txnWrite()) {
            dbi.delete(txn, key);
            txn.commit();
        }
    }

    @Override
    public void close() {
        env.close();
    }
}
