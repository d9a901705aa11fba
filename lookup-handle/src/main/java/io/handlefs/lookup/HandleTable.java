package io.handlefs.lookup;

import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Open files or directories by the handle number given to the client; numbers are not reused. */
final class HandleTable<T> {
    private final ConcurrentHashMap<Long, T> open = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    long add(T value) {
        long id = next.getAndIncrement();
        open.put(id, value);
        return id;
    }

    T get(long id) {
        T value = open.get(id);
        if (value == null) {
            throw new ErrnoException(Errno.EBADF, "handle " + id);
        }
        return value;
    }

    T remove(long id) {
        T value = open.remove(id);
        if (value == null) {
            throw new ErrnoException(Errno.EBADF, "handle " + id);
        }
        return value;
    }

    int size() {
        return open.size();
    }

    Iterable<T> values() {
        return open.values();
    }
}
