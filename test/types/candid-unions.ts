/**
 * Compile-time tests of @careapis/candid's discriminated unions, checked by `npx tsc --noEmit -p .`
 * (never run): a switch on the wire tag (`type`, `errorName`) narrows to the member, every switch
 * is exhaustive, and a value that is no member of its union is a type error.
 */
import { isCareApiError, type CandidClient, type CreateContractArgs, type operations, type Schemas, type UpdateContractError } from '@careapis/candid';

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
