/** API keys, the machine users behind them, and role checks (Kustomer answers 401 for a missing role, https://developer.kustomer.com/kustomer-api-docs/reference/errors). */
import { createHash } from 'crypto';

export interface Principal {
	key: string;
	userId: string;
	name: string;
	displayName: string;
	email: string;
	/** Roles the key holds; the main key holds every role of the document. */
	roles: string[];
	allRoles: boolean;
}

export const MAIN_USER_ID = '5f1e0c0a9d3b2a0017a11ce0';

function userIdFor(key: string): string {
	return createHash('sha1').update(`kustomer-sandbox-user:${key}`).digest('hex').slice(0, 24);
}

export class KeyRing {
	private readonly principals = new Map<string, Principal>();

	constructor(mainKey: string, allRoles: string[], extraKeys: Record<string, string[]> = {}) {
		let n = 0;
		for (const [key, roles] of Object.entries(extraKeys)) {
			n++;
			this.principals.set(key, {
				key,
				userId: userIdFor(key),
				name: 'Sandbox Machine User',
				displayName: `Sandbox Key ${n}`,
				email: `machine-user-${n}@sandbox.kustomer.invalid`,
				roles: [...roles],
				allRoles: false,
			});
		}
		// set last so an extra key spelled like the main key cannot shadow it
		this.principals.set(mainKey, {
			key: mainKey,
			userId: MAIN_USER_ID,
			name: 'Sandbox Machine User',
			displayName: 'Sandbox Machine User',
			email: 'machine-user@sandbox.kustomer.invalid',
			roles: [...allRoles],
			allRoles: true,
		});
	}

	/** Principal for an Authorization header value, or undefined (missing, malformed or unknown key). */
	authenticate(header: string | string[] | undefined): Principal | undefined {
		const value = Array.isArray(header) ? header[0] : header;
		const m = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
		return m ? this.principals.get(m[1]) : undefined;
	}
}

/** Role names in the document may carry a `*` wildcard (org.permission.kobject.kobject_*.read). */
function roleMatches(required: string, held: string): boolean {
	if (required === held) return true;
	if (!required.includes('*')) return false;
	const pattern = required.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
	return new RegExp(`^${pattern.join('[^.]*')}$`).test(held);
}

/** True when the principal holds any one of the required roles (or none are required). */
export function hasAnyRole(principal: Principal, required: string[] | undefined): boolean {
	if (!required || required.length === 0 || principal.allRoles) return true;
	return required.some((r) => principal.roles.some((held) => roleMatches(r, held)));
}
