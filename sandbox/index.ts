/** Public entry of the Kustomer sandbox (tests, benchmarks, `npm start`). The node code never imports it. */
export { KustomerSandbox, DEFAULT_API_KEY } from './sandbox';
export type { SandboxOptions, RecordedRequest } from './types';
export { FaultInjector } from './faults';
export type { FaultSpec, FaultKind } from './faults';
export { SandboxStore, SANDBOX_ORG_ID } from './store';
export type { CustomerRecord, CustomerAttributes, StoredRecord } from './store';
export type { Counters } from './context';
export { demoCustomerId, demoCustomerBody, DEMO_CUSTOMER_COUNT } from './demo';
export { getSpecEngine } from './validation';
export { locateSpecFile, SPEC_FILE_NAME } from './spec';
