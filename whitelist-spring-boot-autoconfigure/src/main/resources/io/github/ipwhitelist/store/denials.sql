-- Table of the IP whitelist's durable denial log (ip-whitelist.audit.store=jdbc): one script for
-- PostgreSQL and H2. One row per tenant, address, code and minute, with how many denials it
-- counts, the first and last of them, and the last one's path and request id. ADDRESS '*' counts
-- the denials of addresses beyond the writer's bound in that minute; TENANT_ID '' is no tenant,
-- '*' tenants beyond it. The starter runs this script itself per
-- ip-whitelist.store.jdbc.initialize-schema; to run it yourself, replace IPWL_ with your
-- ip-whitelist.store.jdbc.table-prefix.
CREATE TABLE IF NOT EXISTS IPWL_DENIAL (
	TENANT_ID VARCHAR(64) NOT NULL,
	ADDRESS VARCHAR(100) NOT NULL,
	CODE INTEGER NOT NULL,
	MINUTE_START TIMESTAMP WITH TIME ZONE NOT NULL,
	DENIALS BIGINT NOT NULL,
	FIRST_SEEN TIMESTAMP WITH TIME ZONE NOT NULL,
	LAST_SEEN TIMESTAMP WITH TIME ZONE NOT NULL,
	LAST_PATH VARCHAR(256) NOT NULL,
	LAST_REQUEST_ID VARCHAR(128) NOT NULL,
	PRIMARY KEY (TENANT_ID, ADDRESS, CODE, MINUTE_START)
);

CREATE INDEX IF NOT EXISTS IPWL_DENIAL_MINUTE_IX ON IPWL_DENIAL (MINUTE_START);

CREATE INDEX IF NOT EXISTS IPWL_DENIAL_TENANT_MINUTE_IX ON IPWL_DENIAL (TENANT_ID, MINUTE_START);

CREATE INDEX IF NOT EXISTS IPWL_DENIAL_ADDRESS_MINUTE_IX ON IPWL_DENIAL (ADDRESS, MINUTE_START);
