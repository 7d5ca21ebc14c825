import type { MessageKey } from '../../../i18n/i18n.js';

/** The catalogue key naming an event type in the secretariat's words. */
export const eventLabel = (type: string) => `webhook.event.${type}` as MessageKey;
