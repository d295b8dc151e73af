/** Public entry of the Kustomer sandbox (tests, benchmarks, `npm start`). The node code never imports it. */
export { KustomerSandbox, DEFAULT_API_KEY } from './sandbox';
export type { SandboxOptions, RecordedRequest } from './types';
export { FaultInjector } from './faults';
export type { FaultSpec, FaultKind } from './faults';
export { SandboxStore, SANDBOX_ORG_ID } from './store';
export type {
	CustomerRecord,
	CustomerAttributes,
	ConversationRecord,
	ConversationAttributes,
	NoteRecord,
	MessageRecord,
	AccountRecord,
	StoredRecord,
} from './store';
export { seedCustomers, defaultSeedCustomer, SEED_BASE_MS } from './seed';
export type { SeedCustomer, SeedCustomerFactory } from './seed';
export { SEEDED_USER_IDS, SEEDED_TEAM_IDS, SEEDED_QUEUE_IDS, SEEDED_TAG_IDS } from './account';
export type { Counters } from './context';
export { demoCustomerId, demoCustomerBody, DEMO_CUSTOMER_COUNT } from './demo';
export { getSpecEngine } from './validation';
export { WEBHOOK_EVENTS, DEFAULT_DELIVERY, RETRY_SCHEDULE_MINUTES, EVENT_HEADER, SIGNATURE_HEADER, signBody } from './webhooks';
export type { KustomerEvent, EventChanges, ChangeOperation, DeliveryAttempt, DeliverySettings, OutboundWebhookRecord } from './webhooks';
export { locateSpecFile, SPEC_FILE_NAME } from './spec';
export { LimitClock, type Clock } from './clock';
