import { endpointRoles } from '../../shared/roles';

/** The role tables of Kustomer's Core Resources OpenAPI for the company endpoints. */
export const COMPANY_CREATE = endpointRoles('CreateCompany', 'to create it', 'org.user.company.write', 'org.permission.company.create');
export const COMPANY_READ = endpointRoles('GetCompanyById', 'to read it', 'org.user.company.read', 'org.permission.company.read');
/** Get Many, and the lookups of a company by external ID or name. */
export const COMPANY_LIST = endpointRoles('GetCompanies', 'to list or look up companies', 'org.user.company.read', 'org.permission.company.read');
export const COMPANY_UPDATE = endpointRoles('UpdateCompanyAttributes', 'to update it', 'org.user.company.write', 'org.permission.company.update');
export const COMPANY_OBJECTS = endpointRoles('FindCompanyKObjects', 'to list its custom objects', 'org.user.company.read', 'org.permission.company.read');
