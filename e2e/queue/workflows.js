'use strict';
/** The queue-mode test's workflows (generated) and the sandbox's rate limit for them. */
const { NODE_TYPE, PACKAGE_NAME } = require('../lib/package');

/**
 * R requests per window for the organization. Kustomer's window is a minute; 100 per 5 s (20 a second)
 * keeps the test's 2,000 creates to about 100 s with a window still holding 100 requests, and stays
 * below what the stack can send on 2 busy cores: 2.40.7's workers (isolated-VM expressions) managed
 * about 29 creates a second under a load of 12, so a higher R would measure n8n's CPU, not the gate.
 */
const QUEUE_RATE = { limit: 100, windowMs: 5_000 };
/** The ids the example workflow uses (e2e/queue/examples). */
const CREDENTIAL = { id: 'kustomerSandbox', name: 'Kustomer sandbox' };
const REDIS_CREDENTIAL = { id: 'redisQueue', name: 'Redis (queue mode)' };
const KLASS = 'Queue_Objects';

const kustomer = (parameters) => ({ type: NODE_TYPE, typeVersion: 1, parameters, credentials: { kustomerApi: CREDENTIAL } });

function workflow(id, name, nodes) {
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: nodes.map((node, i) => ({ id: `${id}-${i}`, position: [i * 220, 0], ...node })),
		connections,
	};
}

/** POST /webhook/<path> {count, tag} → `count` items → the node measured (answered at once: results are read from PG and the sandbox). */
function webhookThen(id, route, webhookId, itemsCode, measured) {
	return workflow(id, `queue ${id}`, [
		{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId, parameters: { httpMethod: 'POST', path: route, responseMode: 'onReceived', options: {} } },
		{ name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: itemsCode } },
		{ name: 'Measured', ...measured },
	]);
}

const namesCode = "const { count, tag } = $input.first().json.body; return Array.from({ length: count }, (_, i) => ({ json: { name: tag + ' ' + i } }));";

const bulkWorkflow = () =>
	webhookThen('queueBulk', 'queue-bulk', '5b3c7a10-4f2e-4c61-9a0b-6c1d2e3f4a01', namesCode, kustomer({ resource: 'customer', operation: 'create', customerName: '={{ $json.name }}' }));

/** The same creates with n8n's HTTP Request node (Retry On Fail, as users set it up), for the bench's P6. */
const httpBulkWorkflow = (sandboxUrl) =>
	webhookThen('queueHttpBulk', 'queue-http-bulk', '5b3c7a10-4f2e-4c61-9a0b-6c1d2e3f4a02', namesCode, {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 1000,
		parameters: {
			method: 'POST',
			url: `${sandboxUrl}/v1/customers`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'kustomerApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ name: $json.name }) }}',
			options: {},
		},
		credentials: { kustomerApi: CREDENTIAL },
	});

const createManyWorkflow = () =>
	webhookThen(
		'queueCreateMany',
		'queue-create-many',
		'5b3c7a10-4f2e-4c61-9a0b-6c1d2e3f4a03',
		"const { count, tag } = $input.first().json.body; return [{ json: { objects: Array.from({ length: count }, (_, i) => ({ title: tag + ' ' + i, data: [{ key: 'position', value: String(i) }] })) } }];",
		kustomer({ resource: 'customObject', operation: 'createMany', klassName: KLASS, objectsFrom: 'inputField', objectsField: 'objects', fieldTypes: { values: [{ key: 'position', value: 'num' }] } }),
	);

/** The example workflow shipped for queue mode with several webhook processors: each event once. */
const triggerOnceWorkflow = () => JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, 'examples', 'kustomerExTriggerOnce.json'), 'utf8'));

module.exports = { QUEUE_RATE, CREDENTIAL, REDIS_CREDENTIAL, KLASS, triggerOnceWorkflow, PACKAGE_NAME, bulkWorkflow, httpBulkWorkflow, createManyWorkflow, workflow, kustomer };
