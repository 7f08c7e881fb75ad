package io.github.ipwhitelist.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Shared buckets in PostgreSQL with Bucket4j's proxy manager: one row per bucket, read and
 * written under {@code SELECT … FOR UPDATE}, so concurrent requests of a fleet take tokens one
 * after the other. Only referenced when {@code bucket4j_jdk17-postgresql} is on the class path.
 */
public final class PostgresBuckets {

	private PostgresBuckets() {
	}

	/**
	 * Builds the proxy manager of the table {@code <prefix>RATE_LIMIT}.
	 * @param dataSource the PostgreSQL database
	 * @param prefix the prefix of the starter's tables
	 * @param timeout the query timeout of one call
	 * @return the proxy manager, keyed by strings
	 */
	public static PostgreSQLSelectForUpdateBasedProxyManager<String> proxyManager(DataSource dataSource, String prefix,
			Duration timeout) {
		return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(prefix + "RATE_LIMIT")
			.idColumn("ID")
			.stateColumn("STATE")
			.expiresAtColumn("EXPIRES_AT")
			// A bucket's row may go once the bucket is full again (and a while longer).
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.requestTimeout(timeout)
			.build();
	}

}
