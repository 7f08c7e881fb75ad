package io.github.ipwhitelist.web;

import io.github.ipwhitelist.audit.DenialCode;
import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.client.ClientAddress;
import io.github.ipwhitelist.rules.Decision;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationDecision;

/**
 * The {@link AuthorizationDecision} of the IP whitelist for one request: the resolved client,
 * the rule set's decision, and the error code of a denial.
 * <p>
 * Serializable like every {@code AuthorizationResult}: the client (an address value) is kept;
 * the rule set's decision, which points into the live rule set, is not, so a decision read
 * back from bytes keeps its grant, client, code and reason but no {@link #getDecision()}.
 */
public class IpAccessDecision extends AuthorizationDecision {

	private static final long serialVersionUID = 1L;

	private final ClientAddress client;

	private final transient @Nullable Decision decision;

	private IpAccessDecision(boolean granted, ClientAddress client, @Nullable Decision decision) {
		super(granted);
		this.client = client;
		this.decision = decision;
	}

	static IpAccessDecision of(ClientAddress client, Decision decision) {
		return new IpAccessDecision(decision.allowed(), client, decision);
	}

	static IpAccessDecision malformed(ClientAddress client) {
		return new IpAccessDecision(false, client, null);
	}

	/**
	 * Returns the decision of a request that names (or proves) a tenant: the global decision,
	 * then, when the tenant has an enabled policy and the global gate passed, the tenant's.
	 */
	static IpAccessDecision forTenant(ClientAddress client, @Nullable Decision global, String tenant,
			@Nullable Decision tenantDecision) {
		boolean granted = global != null && global.allowed() && (tenantDecision == null || tenantDecision.allowed());
		return new TenantScoped(granted, client, global, tenant, tenantDecision, null);
	}

	/**
	 * Returns the denial of a request whose credentials prove another tenant than it named.
	 */
	static IpAccessDecision tenantMismatch(IpAccessDecision decision, String named, String proven) {
		TenantScoped mismatch = new TenantScoped(false, decision.client, decision.decision, named, null,
				"the credentials prove tenant " + proven + ", not the tenant the request named (" + named + ")");
		mismatch.proven = proven;
		return mismatch;
	}

	/**
	 * Returns the tenant the request named (or, after authentication, proved).
	 * @return a valid tenant id, {@code null} if none
	 */
	public @Nullable String getTenant() {
		return null;
	}

	/**
	 * Returns, for a request denied because its credentials prove another tenant than it named,
	 * the tenant the credentials prove.
	 * @return the proven tenant, {@code null} otherwise
	 */
	public @Nullable String getProvenTenant() {
		return null;
	}

	/**
	 * Returns the tenant gate's decision, when the tenant has an enabled policy and the global
	 * gate let the request through.
	 * @return the decision, {@code null} otherwise
	 */
	public @Nullable Decision getTenantDecision() {
		return null;
	}

	/**
	 * Returns the gate that denied: {@value DenialRecord#GLOBAL_GATE} or
	 * {@value DenialRecord#TENANT_GATE}.
	 * @return the gate, {@code null} if granted
	 */
	public @Nullable String getGate() {
		return isGranted() ? null : DenialRecord.GLOBAL_GATE;
	}

	/**
	 * Returns the resolved client, or why it could not be resolved.
	 * @return the client
	 */
	public ClientAddress getClient() {
		return this.client;
	}

	/**
	 * Returns the rule set's decision, {@code null} when the client address was malformed (or
	 * this decision was read back from bytes).
	 * @return the decision
	 */
	public @Nullable Decision getDecision() {
		return this.decision;
	}

	/**
	 * Returns the error code of a denial: 1451 not authorized, 1452 malformed; 0 if granted.
	 * @return the code
	 */
	public int getCode() {
		DenialCode code = getDenialCode();
		return (code != null) ? code.code() : 0;
	}

	/**
	 * Returns why this decision denies: {@link DenialCode#MALFORMED} for a client that could
	 * not be resolved, {@link DenialCode#NOT_AUTHORIZED} otherwise.
	 * @return the denial code, {@code null} if granted
	 */
	public @Nullable DenialCode getDenialCode() {
		if (isGranted()) {
			return null;
		}
		return this.client.isMalformed() ? DenialCode.MALFORMED : DenialCode.NOT_AUTHORIZED;
	}

	/**
	 * Returns the client address text as shown to people: canonical text, or the escaped
	 * malformed value.
	 * @return the address text
	 */
	public String getClientText() {
		return (this.client.address() != null) ? this.client.address().toString()
				: String.valueOf(this.client.malformedValue());
	}

	/**
	 * Returns why the request was decided this way, for a person.
	 * @return the reason
	 */
	public String getReason() {
		if (this.decision != null) {
			return this.decision.reason();
		}
		return "client address '" + this.client.malformedValue() + "' is malformed: " + this.client.problem();
	}

	/**
	 * A decision of a request that names a tenant. (A subclass, so that a decision without
	 * tenant carries no field for it.)
	 */
	private static final class TenantScoped extends IpAccessDecision {

		private static final long serialVersionUID = 1L;

		private final String tenant;

		private final transient @Nullable Decision tenantDecision;

		private final @Nullable String mismatch;

		private @Nullable String proven;

		@Override
		public @Nullable String getProvenTenant() {
			return this.proven;
		}

		TenantScoped(boolean granted, ClientAddress client, @Nullable Decision global, String tenant,
				@Nullable Decision tenantDecision, @Nullable String mismatch) {
			super(granted, client, global);
			this.tenant = tenant;
			this.tenantDecision = tenantDecision;
			this.mismatch = mismatch;
		}

		@Override
		public String getTenant() {
			return this.tenant;
		}

		@Override
		public @Nullable Decision getTenantDecision() {
			return this.tenantDecision;
		}

		@Override
		public @Nullable String getGate() {
			if (isGranted()) {
				return null;
			}
			return (this.mismatch != null || (this.tenantDecision != null && !this.tenantDecision.allowed()))
					? DenialRecord.TENANT_GATE : DenialRecord.GLOBAL_GATE;
		}

		@Override
		public String getReason() {
			if (this.mismatch != null) {
				return this.mismatch;
			}
			if (this.tenantDecision != null && !this.tenantDecision.allowed()) {
				return "tenant " + this.tenant + ": " + this.tenantDecision.reason();
			}
			return super.getReason();
		}

	}

	/**
	 * Writes this decision as its grant, client and reason (the live decision is not written).
	 * @return the form written
	 */
	private Object writeReplace() {
		return new Restored(isGranted(), this.client, getReason());
	}

	/**
	 * A decision read back from bytes: the grant, the client and the reason, without the rule
	 * set's decision. (A subclass, so that a live decision carries no field for it.)
	 */
	private static final class Restored extends IpAccessDecision {

		private static final long serialVersionUID = 1L;

		private final String reason;

		Restored(boolean granted, ClientAddress client, String reason) {
			super(granted, client, null);
			this.reason = reason;
		}

		@Override
		public String getReason() {
			return this.reason;
		}

	}

	@Override
	public String toString() {
		return "IpAccessDecision[granted=" + isGranted() + ", client=" + getClientText() + ", reason=" + getReason()
				+ "]";
	}

}
