import { IConstruct } from 'constructs';
import { isUnresolved, propError } from '../../private/validation';

/**
 * Fargate's allowed task sizes (Linux): CPU units -> the memory (MiB) each allows.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const FARGATE_MEMORY_BY_CPU: { [cpu: number]: number[] } = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) {
    out.push(v);
  }
  return out;
}

/** Throws unless (cpu, memoryLimitMiB) is a task size Fargate accepts; `prefix` goes before the prop names in the message. */
export function validateFargateSize(scope: IConstruct, cpu: number, memoryLimitMiB: number, prefix: string = ''): void {
  if (isUnresolved(cpu) || isUnresolved(memoryLimitMiB)) {
    return;
  }
  const allowed = FARGATE_MEMORY_BY_CPU[cpu];
  if (!allowed) {
    throw propError(scope, `${prefix}cpu`, cpu, `Fargate allows ${Object.keys(FARGATE_MEMORY_BY_CPU).join(', ')} CPU units.`);
  }
  if (!allowed.includes(memoryLimitMiB)) {
    throw propError(scope, `${prefix}memoryLimitMiB`, memoryLimitMiB, `With cpu ${cpu}, Fargate allows ${describe(allowed)} MiB.`);
  }
}

function describe(values: number[]): string {
  const step = values[1] - values[0];
  const uniform = values.every((v, i) => i === 0 || v - values[i - 1] === step);
  return uniform && values.length > 3
    ? `${values[0]} to ${values[values.length - 1]} in steps of ${step}`
    : values.join(', ');
}
