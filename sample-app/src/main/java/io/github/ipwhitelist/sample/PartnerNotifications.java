package io.github.ipwhitelist.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ipwhitelist.event.IpWhitelistEntryExpiryEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells a partner organization when one of its whitelisted addresses is about to expire, and
 * when it has expired, as the payment platforms ask their partners to keep an emergency contact
 * for. Here it only logs, and keeps the last notices; a real application would send an e-mail.
 */
@Component
public class PartnerNotifications {

	private static final Log logger = LogFactory.getLog(PartnerNotifications.class);

	private final List<String> sent = new CopyOnWriteArrayList<>();

	@EventListener
	void onExpiry(IpWhitelistEntryExpiryEvent event) {
		String partner = (event.getTenant() != null) ? event.getTenant() : "the platform team";
		String notice = switch (event.getKind()) {
			case EXPIRING_SOON -> "to " + partner + ": whitelisted address " + event.getEntry().label()
					+ " expires at " + event.getExpiresAt() + "; renew it or replace it";
			case EXPIRED -> "to " + partner + ": whitelisted address " + event.getEntry().label()
					+ " expired at " + event.getExpiresAt() + "; calls from it are now denied";
		};
		logger.info("Partner notice " + notice);
		if (this.sent.size() < 1000) {
			this.sent.add(notice);
		}
	}

	/**
	 * Returns the notices sent so far.
	 * @return the notices, oldest first
	 */
	public List<String> sent() {
		return List.copyOf(this.sent);
	}

}
