import * as domain from '@escalation-hub/casework-domain';
import { STATUS_BY_CODE } from './casework-errors.filter';
import { fieldErrors } from './validation.pipe';

describe('STATUS_BY_CODE', () => {
  it('gives every domain error code an HTTP status', () => {
    type AnyError = new (...args: unknown[]) => domain.CaseworkError;
    const errorClasses = (Object.values(domain) as unknown[]).filter(
      (value) => typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof domain.CaseworkError,
    ) as AnyError[];
    expect(errorClasses.length).toBeGreaterThanOrEqual(13);
    // Constructors take ids (strings) or lists of ids; the message does not matter here, the code does.
    const construct = (ErrorClass: AnyError) => {
      try {
        return new ErrorClass('x', 'y');
      } catch {
        return new ErrorClass(['x'], 'y');
      }
    };
    for (const ErrorClass of errorClasses) {
      const { code } = construct(ErrorClass);
      expect({ code, status: STATUS_BY_CODE[code] }).toEqual({ code, status: expect.any(Number) });
    }
  });

  it('hides other providers’ cases as 404 and reports conflicts as 409', () => {
    expect(STATUS_BY_CODE['CASE_NOT_FOUND']).toBe(404);
    expect(STATUS_BY_CODE['ITEM_ALREADY_DECIDED']).toBe(409);
    expect(STATUS_BY_CODE['REQUEST_ID_REUSED']).toBe(409);
    expect(STATUS_BY_CODE['CASE_NOT_MANAGED_BY_PROVIDER']).toBe(422);
  });
});

describe('fieldErrors', () => {
  it('names nested fields by their path', () => {
    const errors = fieldErrors([
      { property: 'crn', constraints: { matches: 'must be a CRN' }, children: [] },
      { property: 'sentence', children: [{ property: 'lengthMonths', constraints: { isInt: 'must be an integer' }, children: [] }] },
    ]);
    expect(errors).toEqual([
      { field: 'crn', message: 'must be a CRN' },
      { field: 'sentence.lengthMonths', message: 'must be an integer' },
    ]);
  });
});
