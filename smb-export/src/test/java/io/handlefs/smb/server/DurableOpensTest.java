package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Directories;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.lookup.OpenFiles;
import io.handlefs.smb.ShareConfig;
import io.handlefs.smb.SmbConfig;
import io.handlefs.smb.auth.UserDatabase;
import io.handlefs.smb.crypto.PreauthHash;
import io.handlefs.smb.mssmb2.AppInstanceId;
import io.handlefs.smb.mssmb2.AppInstanceVersion;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.DurableHandleReconnectV2;
import io.handlefs.smb.mssmb2.DurableHandleRequest;
import io.handlefs.smb.mssmb2.DurableHandleRequestV2;
import io.handlefs.smb.mssmb2.DurableHandleResponseV2;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.Guid;
import io.handlefs.smb.mssmb2.LockRequest;
import io.handlefs.smb.mssmb2.NegotiateRequest;
import io.handlefs.smb.mssmb2.NegotiateResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.Smb2Body;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.RawNames;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable-handle state machine, driven through the command handlers without a network: grants
 * (persistent on CA shares only), disconnects, reconnects by the right and the wrong user and
 * CreateGuid, timeouts, replays, and a restart from the persistent table.
 */
class DurableOpensTest {
    private static final int READ_WRITE = Access.FILE_READ_DATA | Access.FILE_WRITE_DATA;
    private static final int SHARE_NONE = 0;

    @TempDir
    Path tmp;
    private Export export;
    private ServerState state;
    private Handlers handlers;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private long messageId;

    @BeforeEach
    void start() throws java.io.IOException {
        Path tree = java.nio.file.Files.createDirectory(tmp.resolve("tree"));
        export = Export.open(RawNames.fromUnicode(tree.toString()), ExportOptions.defaults(), new MemoryNodeTable());
        startServer();
    }

    private void startServer() {
        export.retain(NodeId.ROOT);
        export.retain(NodeId.ROOT);
        OpenFiles files = new OpenFiles(export);
        Directories dirs = new Directories(export);
        Share ca = new Share(new ShareConfig("ca", "/", false, false, true), export, files, dirs, NodeId.ROOT);
        Share plain = new Share(new ShareConfig("plain", "/", false, false, false), export, files, dirs, NodeId.ROOT);
        SmbConfig config = SmbConfig.defaults(List.of(ca.config(), plain.config()), UserDatabase.empty());
        state = new ServerState(config, Map.of("ca", ca, "plain", plain),
                PersistentOpenTable.open(tmp.resolve("state")));
        handlers = new Handlers(state);
        new PersistentRecovery(state).restore();
    }

    @AfterEach
    void stop() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        state.durable.close();
        export.close();
    }

    /** A client: a connection negotiated at 3.1.1 with one session of a user and one tree. */
    private final class Client {
        final Connection conn;
        final Session session;
        final TreeConnect tree;

        Client(String user, int uid, String share) {
            EmbeddedChannel channel = new EmbeddedChannel();
            channels.add(channel);
            conn = new Connection(channel, state);
            conn.dialect = NegotiateRequest.DIALECT_311;
            conn.clientGuid = Guid.random().bytes();
            conn.serverCapabilities = NegotiateResponse.CAP_PERSISTENT_HANDLES;
            session = new Session(state.newSessionId(), PreauthHash.INITIAL);
            session.userName = user;
            session.credentials = new Credentials(uid, uid, new int[0]);
            session.valid = true;
            conn.sessions.put(session.id, session);
            tree = new TreeConnect(session.newTreeId(), state.share(share), false, Access.FILE_ALL_ACCESS);
            session.trees.put(tree.id(), tree);
        }

        /** The same user again from the same client (its ClientGuid), after a disconnect. */
        Client reconnect() {
            Client c = new Client(session.userName, session.credentials.uid(), tree.share().name());
            c.conn.clientGuid = conn.clientGuid.clone();
            return c;
        }

        Reply send(Command command, Smb2Body body, int flags) {
            ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
            Smb2Header h = new Smb2Header(1, 0, command.code(), 1, flags, 0, ++messageId, 0, tree.id(), session.id,
                    new byte[16]);
            h.encode(b);
            body.encode(b);
            ByteBuffer message = ByteBuffer.wrap(Arrays.copyOf(b.array(), b.position())).order(ByteOrder.LITTLE_ENDIAN);
            return handlers.dispatch(new Request(conn, Smb2Header.decode(message), message, false, true));
        }

        CreateResponse create(String name, int shareAccess, int flags, CreateContext... contexts) {
            Reply r = send(Command.CREATE, new CreateRequest(0, 2, READ_WRITE, 0, shareAccess, CreateRequest.OPEN_IF,
                    CreateRequest.OPT_NON_DIRECTORY_FILE, name, List.of(contexts)), flags);
            return (CreateResponse) r.body();
        }

        NtStatus createStatus(String name, int shareAccess, CreateContext... contexts) {
            return assertThrows(SmbException.class, () -> create(name, shareAccess, 0, contexts)).status();
        }

        void lock(FileId id, long offset, long length) {
            send(Command.LOCK, new LockRequest(0, id, List.of(new LockRequest.Element(offset, length,
                    LockRequest.EXCLUSIVE | LockRequest.FAIL_IMMEDIATELY))), 0);
        }

        NtStatus lockStatus(FileId id, long offset, long length) {
            return assertThrows(SmbException.class, () -> lock(id, offset, length)).status();
        }

        void disconnect() {
            handlers.connectionLost(conn);
        }
    }

    private static CreateContext dh2q(Guid guid, long timeoutMillis, boolean persistent) {
        return new CreateContext(DurableHandleRequestV2.NAME, new DurableHandleRequestV2(timeoutMillis,
                persistent ? DurableHandleRequestV2.FLAG_PERSISTENT : 0, guid).encode());
    }

    private static CreateContext dh2c(FileId id, Guid guid) {
        return new CreateContext(DurableHandleReconnectV2.NAME,
                new DurableHandleReconnectV2(id, guid, DurableHandleRequestV2.FLAG_PERSISTENT).encode());
    }

    private static DurableHandleResponseV2 granted(CreateResponse r) {
        CreateContext c = CreateContext.find(r.contexts(), DurableHandleRequestV2.NAME);
        return c == null ? null : DurableHandleResponseV2.decode(c.data());
    }

    @Test
    void persistenceIsGrantedOnCaSharesOnlyAndNeedsNoOplockThere() {
        Client ca = new Client("alice", 0, "ca");
        DurableHandleResponseV2 g = granted(ca.create("a", SHARE_NONE, 0, dh2q(Guid.random(), 0, true)));
        assertEquals(new DurableHandleResponseV2(DurableGrant.DEFAULT_TIMEOUT_MS, DurableHandleRequestV2.FLAG_PERSISTENT), g);
        assertEquals(1, state.durable.table().all().size());
        assertEquals(new DurableHandleResponseV2(DurableGrant.MAX_TIMEOUT_MS, DurableHandleRequestV2.FLAG_PERSISTENT),
                granted(ca.create("b", SHARE_NONE, 0, dh2q(Guid.random(), 0xFFFFFFFFL, true))));
        Client plain = new Client("alice", 0, "plain");
        // Durable without persistence needs a batch oplock or an H lease, which are not granted yet.
        assertNull(granted(plain.create("c", SHARE_NONE, 0, dh2q(Guid.random(), 0, true))));
        assertNull(CreateContext.find(plain.create("d", SHARE_NONE, 0, new CreateContext(DurableHandleRequest.NAME,
                new byte[16])).contexts(), DurableHandleRequest.NAME));
        assertEquals(2, state.durable.table().all().size());
    }

    @Test
    void aDisconnectedOpenHoldsItsShareModeAndLocksUntilItsOwnerReclaimsIt() {
        Client alice = new Client("alice", 0, "ca");
        Guid guid = Guid.random();
        FileId id = alice.create("f", SHARE_NONE, 0, dh2q(guid, 60_000, true)).fileId();
        alice.lock(id, 0, 10);
        alice.disconnect();
        assertTrue(state.durable.isDisconnected(state.durable.byPersistentId(id.persistent())));

        Client bob = new Client("bob", 0, "ca");
        assertEquals(NtStatus.SHARING_VIOLATION, bob.createStatus("f", Access.SHARE_READ | Access.SHARE_WRITE));
        assertEquals(NtStatus.ACCESS_DENIED, bob.createStatus("f", SHARE_NONE, dh2c(id, guid)));
        Client again = alice.reconnect();
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, again.createStatus("f", SHARE_NONE, dh2c(id, Guid.random())));
        // Without the persistent flag an unknown FileId is not looked up by CreateGuid (3.3.5.9.12).
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, again.createStatus("f", SHARE_NONE, new CreateContext(
                DurableHandleReconnectV2.NAME, new DurableHandleReconnectV2(new FileId(id.persistent() + 99, 0), guid, 0)
                        .encode())));
        Client otherShare = new Client("alice", 0, "plain");
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, otherShare.createStatus("f", SHARE_NONE, dh2c(id, guid)));

        CreateResponse back = again.create("f", SHARE_NONE, 0, dh2c(id, guid));
        assertEquals(id, back.fileId());
        assertEquals(CreateResponse.OPENED, back.createAction());
        assertNull(granted(back));
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, again.createStatus("f", SHARE_NONE, dh2c(id, guid)),
                "a connected open cannot be reclaimed twice");
        again.lock(id, 20, 5);
        assertEquals(NtStatus.LOCK_NOT_GRANTED, again.lockStatus(id, 5, 1), "the lock taken before the disconnect");
    }

    /** The reconnect races the old connection's teardown (DESIGN: a known bug of young servers). */
    @Test
    void aReconnectBeforeTheOldConnectionsTeardownTakesTheOpenAndTheLateTeardownLeavesItAlone() {
        Client alice = new Client("alice", 0, "ca");
        Guid guid = Guid.random();
        FileId id = alice.create("race", SHARE_NONE, 0, dh2q(guid, 60_000, true)).fileId();
        Client again = alice.reconnect();
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, again.createStatus("race", SHARE_NONE, dh2c(id, guid)),
                "the old connection is still alive");
        alice.conn.channel.close();
        assertEquals(id, again.create("race", SHARE_NONE, 0, dh2c(id, guid)).fileId());
        alice.disconnect();
        again.lock(id, 0, 1);
        assertSame(again.session, state.durable.byPersistentId(id.persistent()).session);
        assertFalse(state.durable.isDisconnected(state.durable.byPersistentId(id.persistent())));
        assertEquals(1, state.durable.table().all().size());
    }

    @Test
    void anOpenNobodyReclaimsIsReleasedWhenItsTimeoutExpires() throws InterruptedException {
        Client alice = new Client("alice", 0, "ca");
        Guid guid = Guid.random();
        FileId id = alice.create("t", SHARE_NONE, 0, dh2q(guid, 300, true)).fileId();
        alice.lock(id, 0, 10);
        alice.disconnect();
        Client bob = new Client("bob", 0, "ca");
        assertEquals(NtStatus.SHARING_VIOLATION, bob.createStatus("t", SHARE_NONE));
        awaitReleased(id);
        FileId bobs = bob.create("t", SHARE_NONE, 0).fileId();
        bob.lock(bobs, 0, 10);
        assertTrue(state.durable.table().all().isEmpty());
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, alice.reconnect().createStatus("t", SHARE_NONE, dh2c(id, guid)));
    }

    private void awaitReleased(FileId id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (state.durable.byPersistentId(id.persistent()) != null) {
            assertTrue(System.nanoTime() < deadline, "the open was not released within 10 s");
            Thread.sleep(20);
        }
    }

    @Test
    void aReplayedCreateGetsTheOriginalOpenAndADuplicateIsRefused() {
        Client alice = new Client("alice", 0, "ca");
        Guid guid = Guid.random();
        CreateResponse first = alice.create("r", SHARE_NONE, 0, dh2q(guid, 0, true));
        CreateResponse replayed = alice.create("r", SHARE_NONE, Smb2Header.FLAG_REPLAY, dh2q(guid, 0, true));
        assertEquals(first.fileId(), replayed.fileId());
        assertEquals(granted(first), granted(replayed));
        assertEquals(NtStatus.DUPLICATE_OBJECTID, alice.createStatus("r", SHARE_NONE, dh2q(guid, 0, true)));
        // After a disconnect the replay on a new connection of the same client reclaims it.
        alice.disconnect();
        Client again = alice.reconnect();
        assertEquals(first.fileId(), again.create("r", SHARE_NONE, Smb2Header.FLAG_REPLAY, dh2q(guid, 0, true)).fileId());
        assertFalse(state.durable.isDisconnected(state.durable.byPersistentId(first.fileId().persistent())));
    }

    private static CreateContext app(Guid id) {
        return new CreateContext(AppInstanceId.NAME, new AppInstanceId(id).encode());
    }

    private static CreateContext version(long high, long low) {
        return new CreateContext(AppInstanceVersion.NAME, new AppInstanceVersion(high, low).encode());
    }

    /** 3.3.5.9.13: the same application instance from another client (a failover) takes over the file. */
    @Test
    void anAppInstanceReopeningFromAnotherClientClosesItsEarlierOpen() {
        Guid instance = Guid.random();
        Client first = new Client("alice", 0, "plain");
        FileId firstId = first.create("ai", SHARE_NONE, 0, app(instance), version(1, 5)).fileId();
        Client older = new Client("alice", 0, "plain");
        assertEquals(NtStatus.FILE_FORCED_CLOSED, older.createStatus("ai", SHARE_NONE, app(instance), version(1, 4)));
        Client other = new Client("alice", 0, "plain");
        assertEquals(NtStatus.SHARING_VIOLATION, other.createStatus("ai", SHARE_NONE, app(Guid.random())));
        Client failover = new Client("alice", 0, "plain");
        failover.create("ai", SHARE_NONE, 0, app(instance), version(1, 6));
        assertNull(first.session.opens.get(firstId.volatileId()), "the earlier instance's open is closed");
    }

    @Test
    void v1AndV2ContextsTogetherAreInvalid() {
        Client alice = new Client("alice", 0, "ca");
        assertEquals(NtStatus.INVALID_PARAMETER, alice.createStatus("x", SHARE_NONE, dh2q(Guid.random(), 0, true),
                new CreateContext(DurableHandleRequest.NAME, new byte[16])));
        assertEquals(NtStatus.INVALID_PARAMETER, alice.createStatus("x", SHARE_NONE,
                new CreateContext(DurableHandleRequestV2.NAME, new byte[31])));
    }

    /** A crash: nothing is closed, the state is read back from LMDB by a new server. */
    @Test
    void persistentOpensAndTheirLocksComeBackAfterARestart() throws InterruptedException {
        Client alice = new Client("alice", 0, "ca");
        Guid guid = Guid.random();
        FileId id = alice.create("p", SHARE_NONE, 0, dh2q(guid, 60_000, true)).fileId();
        alice.lock(id, 100, 10);
        Guid shortGuid = Guid.random();
        FileId shortId = alice.create("q", SHARE_NONE, 0, dh2q(shortGuid, 300, true)).fileId();

        byte[] serverGuid = state.serverGuid.clone();
        state.durable.close();
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        channels.clear();
        startServer();
        assertArrayEquals(serverGuid, state.serverGuid, "a reconnecting client meets the same server");

        Client bob = new Client("bob", 0, "ca");
        assertEquals(NtStatus.SHARING_VIOLATION, bob.createStatus("p", Access.SHARE_READ | Access.SHARE_WRITE));
        Client again = alice.reconnect();
        assertEquals(id, again.create("p", SHARE_NONE, 0, dh2c(id, guid)).fileId());
        assertEquals(NtStatus.LOCK_NOT_GRANTED, again.lockStatus(id, 105, 1));
        FileId fresh = again.create("other", SHARE_NONE, 0).fileId();
        assertTrue(fresh.persistent() > Math.max(id.persistent(), shortId.persistent()), "ids are not handed out twice");
        awaitReleased(shortId);
        bob.create("q", SHARE_NONE, 0);
        assertEquals(1, state.durable.table().all().size());
    }
}
