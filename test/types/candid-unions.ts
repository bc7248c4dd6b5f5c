/**
 * Compile-time tests of @careapis/candid's discriminated unions, checked by `npx tsc --noEmit -p .`
 * (never run): a switch on the wire tag (`type`, `errorName`) narrows to the member, every switch
 * is exhaustive, and a value that is no member of its union is a type error.
 */
import { isCareApiError, rawClient, type CandidClient, type CreateContractArgs, type operations, type Schemas, type UpdateContractError } from '@careapis/candid';

type Regions = Schemas['Regions'];
type InsuranceTypes = Schemas['InsuranceTypes'];
type DateUpdate = Schemas['DateUpdate'];
type RegionsUpdate = Schemas['RegionsUpdate'];
type AuthorizedSignatoryUpdate = Schemas['AuthorizedSignatoryUpdate'];
type UpdateError = Schemas['UpdateContractUnprocessableError'];

/** Fails to compile when a switch misses a member. */
function exhaustive(value: never): never {
  throw new Error(`unexpected union member ${JSON.stringify(value)}`);
}

/** `states` narrows to RegionStates (which has `states`); `national` has nothing else. */
export function describeRegions(regions: Regions): string {
  switch (regions.type) {
    case 'states':
      return regions.states.join(', ');
    case 'national':
      return 'national';
    default:
      return exhaustive(regions);
  }
}

/** Only `theseApply` carries `value`, a list of X12 insurance type codes. */
export function insuranceCodes(types: InsuranceTypes): Schemas['InsuranceTypeCode'][] | 'all' | 'none' {
  switch (types.type) {
    case 'allApply':
      return 'all';
    case 'noneApply':
      return 'none';
    case 'theseApply':
      return types.value;
    default:
      return exhaustive(types);
  }
}

/** The update unions: `set` carries the new value, `remove` nothing. */
export function describeUpdate(date: DateUpdate, regions: RegionsUpdate, signatory: AuthorizedSignatoryUpdate): string[] {
  const out: string[] = [];
  if (date.type === 'set') out.push(date.value);
  else if (date.type === 'remove') out.push('no expiration');
  else exhaustive(date);
  // A nested union: RegionsUpdateSet.value is itself a Regions.
  if (regions.type === 'set') out.push(describeRegions(regions.value));
  else if (regions.type === 'remove') out.push('no regions');
  else exhaustive(regions);
  // AuthorizedSignatoryUpdateSet has the signatory's fields next to its tag.
  if (signatory.type === 'set') out.push(`${signatory.first_name ?? ''} ${signatory.last_name ?? ''}`);
  else if (signatory.type === 'remove') out.push('no signatory');
  else exhaustive(signatory);
  return out;
}

/** The 422 of updateContract is told apart by `errorName`; only one of the two has a required message. */
export function describeUpdateError(error: UpdateError): string {
  switch (error.errorName) {
    case 'ContractInvalidExpirationDateHttpError':
      return error.content.message;
    case 'UnprocessableEntityError':
      return error.content.message ?? 'unprocessable';
    default:
      return exhaustive(error);
  }
}

/** The body of an updateContract rejection narrows the same way, straight from the client's types (the guard narrows to the operation's error). */
export async function updateErrorMessage(candid: CandidClient, contractId: string): Promise<string | undefined> {
  try {
    await candid.updateContract({ contract_id: contractId, body: { expiration_date: { type: 'remove' } } });
  } catch (error) {
    if (isCareApiError<operations['updateContract']>(error, 'updateContract') && error.status === 422 && error.body?.errorName === 'ContractInvalidExpirationDateHttpError') return error.body.content.message;
  }
  return undefined;
}

/** The same with the named error type of the operation, as a caller who casts a caught error writes it. */
export function namedErrorMessage(error: UpdateContractError): string | undefined {
  if (error.status === 422 && error.body?.errorName === 'ContractInvalidExpirationDateHttpError') return error.body.content.message;
  return undefined;
}

/** Union members built in the request body of createContract, as a caller writes them. */
export function createBody(): Parameters<CandidClient['createContract']>[0] & CreateContractArgs {
  return {
    body: {
      contracting_provider_id: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32',
      payer_uuid: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32',
      rendering_provider_ids: ['d5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32'],
      effective_date: '2024-01-01',
      regions: { type: 'national' },
      commercial_insurance_types: { type: 'theseApply', value: ['C1', 'HM'] },
      medicare_insurance_types: { type: 'allApply' },
      medicaid_insurance_types: { type: 'noneApply' },
    },
  };
}

// Values that are no member of their union.

// @ts-expect-error a tag no member has
export const unknownTag: Regions = { type: 'worldwide' };
// @ts-expect-error tags are the wire values, not the member schemas' names
export const schemaNameTag: Regions = { type: 'RegionStates', states: ['CA'] };
// @ts-expect-error the `states` member needs its states
export const statesWithoutStates: Regions = { type: 'states' };
// @ts-expect-error `national` takes no states
export const nationalWithStates: Regions = { type: 'national', states: ['CA'] };
// @ts-expect-error a state code outside the 63 of State
export const unknownState: Regions = { type: 'states', states: ['XX'] };
// @ts-expect-error a tag of another union
export const crossedTag: InsuranceTypes = { type: 'national' };
// @ts-expect-error `theseApply` needs its value
export const theseWithoutValue: InsuranceTypes = { type: 'theseApply' };
// @ts-expect-error an insurance type code outside InsuranceTypeCode
export const unknownCode: InsuranceTypes = { type: 'theseApply', value: ['ZZ'] };
// @ts-expect-error `allApply` takes no value
export const allWithValue: InsuranceTypes = { type: 'allApply', value: ['C1'] };
// @ts-expect-error `set` needs a value
export const setWithoutValue: DateUpdate = { type: 'set' };
// @ts-expect-error `remove` takes no value
export const removeWithValue: DateUpdate = { type: 'remove', value: '2025-12-31' };
// @ts-expect-error RegionsUpdate's value is a Regions, not a list of states
export const regionsUpdateFlat: RegionsUpdate = { type: 'set', value: ['CA'] };
// @ts-expect-error the signatory's fields sit next to `type`, not under `value`
export const signatoryNested: AuthorizedSignatoryUpdate = { type: 'set', value: { first_name: 'Ada' } };
// @ts-expect-error an errorName that update contract does not answer with
export const foreignError: UpdateError = { errorName: 'EntityNotFoundError', content: { id: 'x' } };
// @ts-expect-error ContractInvalidExpirationDateHttpError requires its message
export const errorWithoutMessage: UpdateError = { errorName: 'ContractInvalidExpirationDateHttpError', content: {} };

// ---------------------------------------------------------------------------------------------
// Organization providers v3, credentialing spans v2, Contracts V3: their unions narrow on the same
// wire tags (`type`, `errorName`).

type ContractV3 = Schemas['ContractWithProvidersUnion'];
type ListedContractV3 = Schemas['ContractUnion'];
type ContractCreateV3 = Schemas['ContractCreateUnion'];
type ContractUpdateV3 = Schemas['ContractUpdateUnion'];
type IdentifierValue = Schemas['IdentifierValue'];
type UpdatableIdentifier = Schemas['UpdatableIdentifier'];
type PeriodUpdate = Schemas['RemovableDateRangeOptionalEnd'];
type IdpUserMetadata = Schemas['IdpUserMetadata'];
type UserMetadata = Schemas['UserMetadata'];
type ProviderError = Schemas['OrganizationProviderUnprocessableError'];
type SpanUpdateError = Schemas['CredentialingUpdateUnprocessableError'];

/** A professional contract carries its rendering providers, an institutional one its service facilities. */
export function contractMembers(contract: ContractV3): string[] {
  switch (contract.type) {
    case 'professional':
      return contract.rendering_provider_ids;
    case 'institutional':
      return contract.contract_service_facilities.map((f) => f.service_facility_id);
    default:
      return exhaustive(contract);
  }
}

/** Listed contracts have the same fields under either tag; the tag still narrows the member. */
export function listedKind(contract: ListedContractV3): Schemas['ContractType'] {
  switch (contract.type) {
    case 'professional':
      return contract.type;
    case 'institutional':
      return contract.type;
    default:
      return exhaustive(contract);
  }
}

/** The create and update bodies: each tag carries its own provider/facility field. */
export function createdMembers(body: ContractCreateV3, update: ContractUpdateV3): number {
  const created = body.type === 'professional' ? body.rendering_provider_ids.length : body.contract_service_facilities.length;
  const kept = update.type === 'professional' ? (update.rendering_provider_ids?.length ?? 0) : (update.contract_service_facility_ids?.length ?? 0);
  return created + kept;
}

/** A qualification edit: `add` carries a whole qualification, `update` an ID and changes, `remove` an ID in `value`. */
export function describeQualificationEdit(edit: UpdatableIdentifier): string {
  switch (edit.type) {
    case 'add':
      return `${edit.identifier_code} ${providerNumber(edit.identifier_value)}`;
    case 'update':
      return `${edit.identifier_id} ${edit.period ? describePeriod(edit.period) : ''}`;
    case 'remove':
      return edit.value;
    default:
      return exhaustive(edit);
  }
}

/** Medicare and Medicaid numbers have the same fields; the tag tells which program. */
export function providerNumber(value: IdentifierValue): string {
  switch (value.type) {
    case 'medicare_provider_identifier':
      return `Medicare ${value.state} ${value.provider_number}`;
    case 'medicaid_provider_identifier':
      return `Medicaid ${value.state} ${value.provider_number}`;
    default:
      return exhaustive(value);
  }
}

/** `date_range` carries the dates next to its tag; `remove` nothing. */
export function describePeriod(period: PeriodUpdate): string {
  if (period.type === 'date_range') return `${period.start_date}..${period.end_date ?? ''}`;
  if (period.type === 'remove') return 'no period';
  return exhaustive(period);
}

/** Who uploaded a document: two unions in one user. */
export function uploader(metadata: UserMetadata, accounts: IdpUserMetadata[]): string {
  const who = metadata.type === 'human_user_metadata' ? metadata.email : metadata.type === 'machine_user_metadata' ? metadata.name : exhaustive(metadata);
  const ids = accounts.map((a) => {
    switch (a.type) {
      case 'auth_zero_metadata':
        return a.auth0_id;
      case 'google_apps_metadata':
        return a.google_apps_id;
      case 'other_idp_metadata':
        return a.idp_external_id;
      default:
        return exhaustive(a);
    }
  });
  return `${who} (${ids.join(', ')})`;
}

/** The 422s of organization providers and of span updates narrow on `errorName`; one carries one field, the other a list. */
export function refusedFields(provider: ProviderError, span: SpanUpdateError): string[] {
  const fromProvider = provider.errorName === 'HttpRequestValidationError' ? [provider.content.fieldName] : provider.errorName === 'UpdatesDisabledDueToExternalSystemIntegrationError' ? [] : exhaustive(provider);
  const fromSpan = span.errorName === 'HttpRequestValidationsError' ? span.content.map((e) => e.fieldName) : span.errorName === 'UnprocessableEntityError' ? [] : exhaustive(span);
  return [...fromProvider, ...fromSpan];
}

/** Straight from the path-level client: the v3 contract a GET returns narrows on `type`. */
export async function renderingProviders(candid: CandidClient, contractId: string): Promise<string[]> {
  const { data } = await rawClient(candid).GET('/api/contracts/v3/{contract_id}', { params: { path: { contract_id: contractId } } });
  return data?.type === 'professional' ? data.rendering_provider_ids : [];
}

// Values that are no member of their union.

// @ts-expect-error a professional contract has no service facilities, and needs its rendering providers
export const professionalWithFacilities: ContractCreateV3 = { type: 'professional', contract_type: 'professional', contracting_provider_id: 'x', payer_uuid: 'y', contract_service_facilities: [], effective_date: '2024-01-01', regions: { type: 'national' }, commercial_insurance_types: { type: 'allApply' }, medicare_insurance_types: { type: 'allApply' }, medicaid_insurance_types: { type: 'allApply' } };
// @ts-expect-error the contract kinds are professional and institutional
export const unknownContractTag: ContractUpdateV3 = { type: 'facility' };
// @ts-expect-error an institutional update keeps facility IDs, not rendering providers
export const institutionalWithProviders: ContractUpdateV3 = { type: 'institutional', rendering_provider_ids: ['p'] };
// @ts-expect-error `remove` names the qualification in `value`, not `identifier_id`
export const removeById: UpdatableIdentifier = { type: 'remove', identifier_id: 'q' };
// @ts-expect-error `update` needs the qualification's ID
export const updateWithoutId: UpdatableIdentifier = { type: 'update', identifier_code: 'MCD' };
// @ts-expect-error the period update tags are `date_range` and `remove` (not `set`)
export const setPeriod: PeriodUpdate = { type: 'set', start_date: '2024-01-01' };
// @ts-expect-error a provider number needs the issuing state
export const numberWithoutState: IdentifierValue = { type: 'medicaid_provider_identifier', provider_number: 'M1' };
// @ts-expect-error tags are the wire values, not the member schemas' names
export const schemaNameUserTag: UserMetadata = { type: 'HumanUserMetadata', first_name: 'A', last_name: 'L', email: 'a@example.com' };
// @ts-expect-error HttpRequestValidationsError carries a list of field errors, not one
export const singleFieldError: SpanUpdateError = { errorName: 'HttpRequestValidationsError', content: { fieldName: 'end_date' } };
// @ts-expect-error an errorName that the organization provider endpoints do not answer 422 with
export const foreignProviderError: ProviderError = { errorName: 'UnprocessableEntityError', content: {} };
