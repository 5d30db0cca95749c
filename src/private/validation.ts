import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Synth-time validation helpers. Every message names the prop, shows the value and says what
 * is allowed; unresolved tokens are never validated (their value is only known at deploy time).
 */

/**
 * The one error the library throws for bad input, at synthesis, before anything reaches CloudFormation. Its message
 * starts with the construct's path when there is one, names the prop or field, shows the value and says what is allowed.
 */
export class ValidationError extends Error {
  /**
   * @param scope the construct whose input is wrong; `undefined` for plain data (a traffic profile, a price table)
   * @param message what is wrong and what is allowed
   */
  constructor(scope: IConstruct | undefined, message: string) {
    super(scope ? `${scope.node.path}: ${message}` : message);
    this.name = 'ValidationError';
  }
}

/** A prop with a bad value: `<path>: invalid <prop>: <value>. <allowed>`. */
export function propError(scope: IConstruct, prop: string, value: unknown, allowed: string): ValidationError {
  return new ValidationError(scope, `invalid ${prop}: ${show(value)}. ${allowed}`);
}

/** Render a value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(show).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { toHumanString?: unknown }).toHumanString === 'function') {
      return (value as { toHumanString(): string }).toHumanString();
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** True when the value is an unresolved token (and so must not be validated). */
export function isUnresolved(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && Token.isUnresolved(value);
}

/** Throws unless `value` is a number in [min, max] (and a multiple of `step` when given). */
export function checkRange(
  scope: IConstruct, prop: string, value: number | undefined, min: number, max: number, step?: number,
): void {
  if (value === undefined || isUnresolved(value)) {
    return;
  }
  const offStep = step !== undefined && Math.abs(value / step - Math.round(value / step)) > 1e-9;
  if (!Number.isFinite(value) || value < min || value > max || offStep) {
    const stepText = step !== undefined ? ` in steps of ${step}` : '';
    throw propError(scope, prop, value, `Allowed: ${min} to ${max}${stepText}.`);
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function checkInteger(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw propError(scope, prop, value, `Allowed: a whole number from ${min} to ${max}.`);
  }
}

/** Throws when two mutually exclusive props are both given. */
export function checkExclusive(scope: IConstruct, a: string, aValue: unknown, b: string, bValue: unknown): void {
  if (aValue !== undefined && bValue !== undefined) {
    throw new ValidationError(scope, `${a} and ${b} cannot both be set; give one of them.`);
  }
}

/** True when `name` is an IANA time zone this runtime knows (e.g. "Asia/Seoul", "UTC"). */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Throws unless `value` is an IANA time zone this runtime knows; the one time-zone check of a prop. */
export function checkTimeZone(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) {
    return;
  }
  if (!isIanaTimeZone(value)) {
    throw propError(scope, prop, value, 'Allowed: an IANA time zone name such as "Asia/Seoul" or "UTC".');
  }
}

/** A bad value in plain data (no construct scope), e.g. a traffic profile or a price table: `invalid <field>: <value>. <allowed>`. */
export function valueError(field: string, value: unknown, allowed: string): ValidationError {
  return new ValidationError(undefined, `invalid ${field}: ${show(value)}. ${allowed}`);
}

/** Throws a `ValidationError` unless `value` is a finite number in [min, max] (`minExclusive`: (min, max]). */
export function checkNumber(field: string, value: number | undefined, min: number, max: number, minExclusive = false): void {
  if (value === undefined) {
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value > max || (minExclusive ? value <= min : value < min)) {
    const range = max === Infinity
      ? (minExclusive ? `a number greater than ${min}` : `a number of at least ${min}`)
      : `a number from ${min}${minExclusive ? ' (excluded)' : ''} to ${max}`;
    throw valueError(field, value, `Allowed: ${range}.`);
  }
}

/** Throws a `ValidationError` unless `value` is an integer in [min, max]. */
export function checkWholeNumber(field: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw valueError(field, value, `Allowed: a whole number from ${min} to ${max}.`);
  }
}

/** A fully qualified domain name (optionally a `*.` wildcard when `wildcard` is true). */
export function isDomainName(value: string, wildcard = false): boolean {
  return new RegExp(`^(?=.{1,253}$)${wildcard ? '(\\*\\.)?' : ''}([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$`, 'i').test(value);
}

/** Throws unless `value` is a fully qualified domain name. */
export function checkDomainName(scope: IConstruct, prop: string, value: string | undefined, wildcard = false): void {
  if (value === undefined || isUnresolved(value)) {
    return;
  }
  if (!isDomainName(value, wildcard)) {
    throw propError(scope, prop, value, 'Allowed: a fully qualified domain name such as "www.example.com".');
  }
}

/**
 * Throws unless `value` is a whole number of `unit`s (minutes or seconds) from `min` to `max` of that unit; the one
 * check of a `Duration` prop's range.
 */
export function checkDuration(
  scope: IConstruct, prop: string, value: Duration | undefined, unit: 'minutes' | 'seconds', min: number, max: number,
): void {
  if (value === undefined || value.isUnresolved()) {
    return;
  }
  const amount = unit === 'minutes' ? value.toMinutes({ integral: false }) : value.toSeconds({ integral: false });
  if (!Number.isInteger(amount) || amount < min || amount > max) {
    throw propError(scope, prop, value, `Allowed: whole ${unit} from ${min} to ${max}.`);
  }
}
