package io.github.ipwhitelist.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A real Redis server for the tests, from the binaries that {@code com.github.codemonstur:embedded-redis}
 * serves from Maven Central: nothing to install. It listens on loopback only, keeps nothing on
 * disk, and can be stopped and started again on the same port (a Redis outage).
 */
public final class EmbeddedRedisSupport implements AutoCloseable {

	private final int port;

	private RedisServer server;

	/**
	 * Starts a server on a free port.
	 */
	public EmbeddedRedisSupport() {
		this.port = freePort();
		start();
	}

	/** Returns the port. */
	public int port() {
		return this.port;
	}

	/** Starts the server (again) on its port. */
	public synchronized void start() {
		try {
			this.server = RedisServer.newRedisServer()
				.port(this.port)
				.setting("bind 127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the server; what it held is gone. */
	public synchronized void stop() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
