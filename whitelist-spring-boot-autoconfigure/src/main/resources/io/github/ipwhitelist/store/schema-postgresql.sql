-- Tables of the IP whitelist's tenant store (ip-whitelist.store.type=jdbc), PostgreSQL.
-- The starter runs this script itself per ip-whitelist.store.jdbc.initialize-schema; to run it
-- yourself, replace IPWL_ with your ip-whitelist.store.jdbc.table-prefix.

-- One row: the number of changes ever made. Every change increments it last, just before its
-- commit, so that changes are numbered in the order they commit.
CREATE TABLE IF NOT EXISTS IPWL_STATE (
	ID INTEGER NOT NULL PRIMARY KEY,
	REVISION BIGINT NOT NULL
);

INSERT INTO IPWL_STATE (ID, REVISION) VALUES (1, 0) ON CONFLICT (ID) DO NOTHING;

-- One row per tenant that ever had a stored policy; a deleted policy keeps its row (DELETED).
CREATE TABLE IF NOT EXISTS IPWL_TENANT (
	TENANT_ID VARCHAR(64) NOT NULL PRIMARY KEY,
	ENABLED BOOLEAN NOT NULL,
	MODE VARCHAR(16) NOT NULL,
	ALLOW_ENTRIES TEXT NOT NULL,
	DENY_ENTRIES TEXT NOT NULL,
	VERSION BIGINT NOT NULL,
	REVISION BIGINT NOT NULL,
	DELETED BOOLEAN NOT NULL,
	CHANGED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
	CHANGED_BY VARCHAR(256) NOT NULL
);

CREATE INDEX IF NOT EXISTS IPWL_TENANT_REVISION_IX ON IPWL_TENANT (REVISION);

-- One row per change: who, when, what, why, the policy before and after (JSON).
CREATE TABLE IF NOT EXISTS IPWL_TENANT_HISTORY (
	TENANT_ID VARCHAR(64) NOT NULL,
	VERSION BIGINT NOT NULL,
	CHANGED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
	CHANGED_BY VARCHAR(256) NOT NULL,
	ACTION VARCHAR(32) NOT NULL,
	REASON VARCHAR(1024),
	BEFORE_STATE TEXT,
	AFTER_STATE TEXT,
	PRIMARY KEY (TENANT_ID, VERSION)
);
