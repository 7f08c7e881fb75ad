package io.github.ipwhitelist.sample.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample's API keys and request signatures ({@code sample.security.*}).
 */
@ConfigurationProperties("sample.security")
public class SampleSecurityProperties {

	/**
	 * Clients allowed to call the API, each with the SHA-256 of its API key and its HMAC secret.
	 */
	private List<Client> clients = new ArrayList<>();

	/**
	 * Largest difference between a request's X-Timestamp and the server clock.
	 */
	private Duration signatureWindow = Duration.ofMinutes(5);

	/**
	 * Most nonces remembered for replay protection; a nonce is remembered for twice the
	 * signature window.
	 */
	private int nonceCacheSize = 100_000;

	public List<Client> getClients() {
		return this.clients;
	}

	public void setClients(List<Client> clients) {
		this.clients = clients;
	}

	public Duration getSignatureWindow() {
		return this.signatureWindow;
	}

	public void setSignatureWindow(Duration signatureWindow) {
		this.signatureWindow = signatureWindow;
	}

	public int getNonceCacheSize() {
		return this.nonceCacheSize;
	}

	public void setNonceCacheSize(int nonceCacheSize) {
		this.nonceCacheSize = nonceCacheSize;
	}

	/**
	 * One API client.
	 */
	public static class Client {

		/**
		 * Name of the client, the authenticated principal.
		 */
		private @Nullable String id;

		/**
		 * Lower-case hex SHA-256 of the client's API key; the key itself is never stored.
		 */
		private @Nullable String keySha256;

		/**
		 * Secret the client signs requests with (HMAC-SHA256).
		 */
		private @Nullable String hmacSecret;

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public @Nullable String getKeySha256() {
			return this.keySha256;
		}

		public void setKeySha256(@Nullable String keySha256) {
			this.keySha256 = keySha256;
		}

		public @Nullable String getHmacSecret() {
			return this.hmacSecret;
		}

		public void setHmacSecret(@Nullable String hmacSecret) {
			this.hmacSecret = hmacSecret;
		}

	}

}
