package io.handlefs.smb.server;

import io.handlefs.lookup.OpenGate;
import io.handlefs.smb.SmbConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The transport, [MS-SMB2] 2.1: direct TCP, each message behind a 4-byte big-endian length whose
 * first byte is zero. Frames larger than the configured limit close the connection; a
 * connection's requests are served one at a time on a worker executor, and it stops being read
 * while two frames' worth of requests wait ({@link ReadLimit}), which bounds its memory.
 */
public final class NettyServer implements AutoCloseable {
    private static final int WORKERS = 8;
    /** Large receive buffers kept for reuse: 32 MiB, two 8 MiB WRITEs in flight on each of two connections. */
    private static final int RECEIVE_BUFFERS_KEPT = 32;

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup io = new NioEventLoopGroup(2);
    private final EventExecutorGroup workers = new DefaultEventExecutorGroup(WORKERS);
    private final Channel listener;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ServerState state;

    private NettyServer(SmbConfig config, Map<String, Share> shares, PersistentOpenTable persistent)
            throws InterruptedException {
        state = new ServerState(config, shares, persistent);
        Handlers handlers = new Handlers(state);
        new PersistentRecovery(state).restore();
        ConnectionLimit limit = new ConnectionLimit(config.maxConnections());
        ServerBootstrap b = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new ReceiveBuffers(RECEIVE_BUFFERS_KEPT))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.maxFrameBytes(), 2 * config.maxFrameBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(limit);
                        ch.pipeline().addLast(new IdleStateHandler(config.idleTimeout().toSeconds(), 0, 0, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new FrameDecoder(config.maxFrameBytes()));
                        ReadLimit readLimit = new ReadLimit(2L * config.maxFrameBytes());
                        ch.pipeline().addLast(readLimit);
                        ch.pipeline().addLast(workers, new SmbChannelHandler(state, handlers, readLimit));
                    }
                });
        listener = b.bind(new InetSocketAddress(config.address(), config.port())).sync().channel();
        // Opens through a FUSE mount of the same exports break this server's leases first.
        shares.values().stream().map(Share::export).distinct().forEach(e -> e.openGate(state.breaks));
    }

    /** persistentDir: where persistent opens are kept (none: in memory, lost with the process). */
    static NettyServer start(SmbConfig config, Map<String, Share> shares, Optional<Path> persistentDir) {
        PersistentOpenTable persistent = persistentDir.map(PersistentOpenTable::open)
                .orElseGet(PersistentOpenTable::inMemory);
        try {
            return new NettyServer(config, shares, persistent);
        } catch (InterruptedException e) {
            persistent.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            persistent.close();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening, then closes the connections (their cleanup runs on the workers), then the workers. */
    @Override
    public void close() {
        state.shares.values().stream().map(Share::export).distinct()
                .forEach(e -> e.openGate(OpenGate.OPEN));
        listener.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        state.durable.close();
        state.breaks.close();
    }
}
