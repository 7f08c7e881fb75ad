-- Table of the IP whitelist's shared rate-limit buckets (ip-whitelist.rate-limit.store=jdbc),
-- PostgreSQL, as Bucket4j's PostgreSQL proxy manager reads and writes it. The starter runs this
-- script itself per ip-whitelist.store.jdbc.initialize-schema; to run it yourself, replace IPWL_
-- with your ip-whitelist.store.jdbc.table-prefix. Rows whose EXPIRES_AT (epoch milliseconds) has
-- passed belong to full buckets and are removed by the starter in the background.
CREATE TABLE IF NOT EXISTS IPWL_RATE_LIMIT (
	ID VARCHAR(160) NOT NULL PRIMARY KEY,
	STATE BYTEA,
	EXPIRES_AT BIGINT
);

CREATE INDEX IF NOT EXISTS IPWL_RATE_LIMIT_EXPIRES_IX ON IPWL_RATE_LIMIT (EXPIRES_AT);
