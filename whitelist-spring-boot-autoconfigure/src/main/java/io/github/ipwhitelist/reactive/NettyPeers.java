package io.github.ipwhitelist.reactive;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;

/**
 * The true TCP peer of a Reactor Netty exchange: the address of the connection's channel (of the
 * parent channel for an HTTP/2 stream), which no forwarded-header handling rewrites. Only
 * loaded on Reactor Netty.
 */
final class NettyPeers {

	private NettyPeers() {
	}

	/**
	 * Returns the channel's peer of a native Reactor Netty request.
	 * @param nativeRequest the server's own request object
	 * @return the peer, {@code null} when the request is not Reactor Netty's or has none
	 */
	static @Nullable InetSocketAddress peerOf(Object nativeRequest) {
		if (!(nativeRequest instanceof Connection connection)) {
			return null;
		}
		Channel channel = connection.channel();
		SocketAddress address = channel.remoteAddress();
		Channel parent = channel.parent();
		if (!(address instanceof InetSocketAddress) && parent != null) {
			// An HTTP/2 stream: the connection is its parent's.
			address = parent.remoteAddress();
		}
		return (address instanceof InetSocketAddress inet) ? inet : null;
	}

}
