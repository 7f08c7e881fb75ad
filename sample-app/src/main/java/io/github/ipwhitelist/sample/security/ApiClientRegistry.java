package io.github.ipwhitelist.sample.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The configured API clients. A presented key is hashed and compared with every stored hash in
 * constant time, so neither the hash comparison nor the number of clients checked tells an
 * attacker how close a guess was.
 */
final class ApiClientRegistry {

	private final List<ApiClient> clients;

	ApiClientRegistry(SampleSecurityProperties properties) {
		List<ApiClient> loaded = new ArrayList<>();
		List<SampleSecurityProperties.Client> configured = properties.getClients();
		for (int i = 0; i < configured.size(); i++) {
			SampleSecurityProperties.Client client = configured.get(i);
			String path = "sample.security.clients[" + i + "]";
			if (client.getId() == null || client.getKeySha256() == null || client.getHmacSecret() == null) {
				throw new IllegalStateException(path + " needs id, key-sha256 and hmac-secret");
			}
			byte[] hash;
			try {
				hash = HexFormat.of().parseHex(client.getKeySha256());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(path + ".key-sha256 is not hex: " + client.getKeySha256(), ex);
			}
			if (hash.length != 32) {
				throw new IllegalStateException(path + ".key-sha256 must be 64 hex digits (SHA-256)");
			}
			loaded.add(new ApiClient(client.getId(), hash, client.getHmacSecret().getBytes(StandardCharsets.UTF_8)));
		}
		this.clients = List.copyOf(loaded);
	}

	@Nullable ApiClient find(String apiKey) {
		byte[] hash = sha256(apiKey.getBytes(StandardCharsets.UTF_8));
		ApiClient found = null;
		for (ApiClient client : this.clients) {
			if (MessageDigest.isEqual(hash, client.keyHash()) && found == null) {
				found = client;
			}
		}
		return found;
	}

	static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
