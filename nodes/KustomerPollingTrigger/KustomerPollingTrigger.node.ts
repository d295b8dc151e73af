import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { getKlasses } from '../Kustomer/methods/loadOptions';
import { MAX_SEARCH_PAGE_SIZE } from '../Kustomer/shared/pagination';
import { requestOptionsProperty } from '../Kustomer/shared/requestOptionsProperty';
import { searchCompanyFields } from '../Kustomer/resources/company/search';
import { searchConversationFields } from '../Kustomer/resources/conversation/search';
import { searchCustomObjectFields } from '../Kustomer/resources/customObject/search';
import { searchCustomerFields } from '../Kustomer/resources/customer/search';
import { searchMessageFields } from '../Kustomer/resources/message/search';
import { searchNoteFields } from '../Kustomer/resources/note/search';
import { latestChanges, pollChanges, type PollState } from './changes';

/** The Search operation's filter fields of the Kustomer node, without what a trigger does not use (Return All, Limit, sort). */
function filterFields(fields: INodeProperties[]): INodeProperties[] {
	return fields.filter((field) => !['returnAll', 'limit', 'searchOptions'].includes(field.name));
}

/** How many records Fetch Test Event shows. */
const TEST_EVENT_RECORDS = 5;

export class KustomerPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer Polling Trigger',
		name: 'kustomerPollingTrigger',
		icon: { light: 'file:../Kustomer/kustomer.svg', dark: 'file:../Kustomer/kustomer.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["resource"] }}',
		description:
			'Starts the workflow on a schedule with the Kustomer customers, companies, conversations, messages, notes or custom objects created, updated or deleted since the last check; needs no public URL',
		defaults: { name: 'Kustomer Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Company', value: 'company' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Custom Object', value: 'customObject' },
					{ name: 'Customer', value: 'customer' },
					{ name: 'Message', value: 'message' },
					{ name: 'Note', value: 'note' },
				],
				default: 'customer',
			},
			{
				// The Kustomer node's Search fields show for operation "search"; the trigger always searches.
				displayName: 'Operation',
				name: 'operation',
				type: 'hidden',
				noDataExpression: true,
				default: 'search',
			},
			{
				displayName: 'Changes',
				name: 'changes',
				type: 'multiOptions',
				options: [
					{ name: 'Created', value: 'created' },
					{ name: 'Deleted', value: 'deleted', description: 'Found with Kustomer search\'s includeDeleted' },
					{ name: 'Updated', value: 'updated' },
				],
				default: ['created', 'updated', 'deleted'],
				required: true,
				description: 'Which changes start the workflow; each item says which one in its `change` field',
			},
			...filterFields(searchCompanyFields),
			...filterFields(searchConversationFields),
			...filterFields(searchCustomObjectFields),
			...filterFields(searchCustomerFields),
			...filterFields(searchMessageFields),
			...filterFields(searchNoteFields),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Searches per Poll',
						name: 'maxSearches',
						type: 'number',
						typeOptions: { minValue: 2 },
						default: 100,
						description:
							'At most this many searches in one poll (an API key may search 100 times a minute); a poll that finds more changes leaves the rest for the next poll',
					},
					{
						displayName: 'Page Size',
						name: 'pageSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_SEARCH_PAGE_SIZE },
						default: MAX_SEARCH_PAGE_SIZE,
						description: 'Records per search page (Kustomer serves up to 500 and at most 100 pages of one search)',
					},
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description: 'On the first activation, output the changes since this time instead of starting from now',
					},
				],
			},
			requestOptionsProperty,
		],
	};

	methods = { loadOptions: { getKlasses } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as { maxSearches?: number; pageSize?: number; startFrom?: string };
		const changes = this.getNodeParameter('changes', []) as string[];
		if (!changes.length) {
			throw new NodeOperationError(this.getNode(), 'Changes is empty', { description: 'Choose Created, Updated and/or Deleted.' });
		}
		const pageSize = Math.min(MAX_SEARCH_PAGE_SIZE, Math.max(1, Math.floor(Number(options.pageSize ?? MAX_SEARCH_PAGE_SIZE)) || MAX_SEARCH_PAGE_SIZE));
		const maxSearches = Math.max(2, Math.floor(Number(options.maxSearches ?? 100)) || 100);
		// Fetch Test Event: the latest matching records; the trigger's place is left alone.
		if (this.getMode() === 'manual') {
			const latest = await latestChanges(this, Date.now(), TEST_EVENT_RECORDS);
			return latest.length ? [latest] : null;
		}
		const staticData = this.getWorkflowStaticData('node') as IDataObject & { poll?: PollState };
		const now = Date.now();
		let start = now;
		if (options.startFrom) {
			start = Date.parse(String(options.startFrom));
			if (!Number.isFinite(start)) {
				throw new NodeOperationError(this.getNode(), `Options › Start From "${String(options.startFrom)}" is not a date`, { description: 'Give a date and time, such as 2024-06-01T00:00:00Z.' });
			}
		}
		// The kept state, or a fresh one from `start` on the first poll or when the Resource or Klass changed.
		const { items, state } = await pollChanges(this, staticData.poll, { maxSearches, pageSize, start, now });
		// Kept only now that the changes are handed to n8n: a failed poll keeps the previous place.
		staticData.poll = state;
		return items.length ? [items] : null;
	}
}
