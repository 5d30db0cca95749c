import { HOUR_MS } from './calendar';
import { firings, parseSchedule } from './cron';
import { valueError } from '../../private/validation';

/**
 * A schedule that sets an Aurora Serverless v2 cluster's minimum capacity: an EventBridge Scheduler schedule whose
 * universal target is `rds:modifyDBCluster` with a `ServerlessV2ScalingConfiguration` for the cluster (what
 * `WordpressDatabase.auroraServerlessV2({ peakMinCapacity })` deploys before and after each peak).
 */
export interface AuroraScheduledMinimum {
  /** `cron(...)` or `at(...)`. */
  readonly schedule: string;
  /** IANA time zone the expression is read in (`ScheduleExpressionTimezone`). @default 'UTC' */
  readonly timeZone?: string;
  /** The minimum capacity the call sets, in ACU. */
  readonly minCapacity: number;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { [key: string]: any };
}

/**
 * The schedules of a template that set the minimum capacity of the cluster `clusterIdentifier`: read from what is
 * deployed (the schedule's expression, time zone and input), so the estimate prices the schedule the template has.
 */
export function readAuroraScheduledMinimums(resources: { [id: string]: TemplateResource }, clusterIdentifier: unknown,
  pathOf: (id: string) => string): AuroraScheduledMinimum[] {
  if (typeof clusterIdentifier !== 'string') {
    return [];
  }
  const out: AuroraScheduledMinimum[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    // The universal target ARN `arn:${Partition}:scheduler:::aws-sdk:rds:modifyDBCluster`, literal or joined.
    if (r.Type !== 'AWS::Scheduler::Schedule' || !JSON.stringify(p.Target?.Arn ?? '').includes(':scheduler:::aws-sdk:rds:modifyDBCluster')
      || p.State === 'DISABLED') {
      continue;
    }
    let input: any;
    try {
      input = typeof p.Target.Input === 'string' ? JSON.parse(p.Target.Input) : undefined;
    } catch {
      input = undefined;
    }
    const min = input?.ServerlessV2ScalingConfiguration?.MinCapacity;
    if (String(input?.DbClusterIdentifier ?? '').toLowerCase() !== clusterIdentifier.toLowerCase() || min === undefined) {
      continue;
    }
    if (typeof min !== 'number' || typeof p.ScheduleExpression !== 'string') {
      throw valueError(`${pathOf(id)} ScheduleExpression and Input MinCapacity`, { expression: p.ScheduleExpression, min },
        'Expected a literal schedule expression and minimum capacity (a deploy-time value cannot be simulated).');
    }
    out.push({ schedule: p.ScheduleExpression, timeZone: p.ScheduleExpressionTimezone, minCapacity: min });
  }
  return out;
}

/** One hour of the simulated month, as far as the database goes. */
export interface AuroraHour {
  /** Start of the hour, ISO 8601 UTC. */
  readonly startUtc: string;
  /** Requests per second reaching the tasks. */
  readonly originRequestsPerSecond: number;
}

/** The cluster's capacity range and how load moves it. */
export interface AuroraCapacityModel {
  /** The configured (template) minimum, in ACU. */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** ACU each request per second reaching the tasks adds above the configured minimum. */
  readonly acuPerOriginRequestPerSecond: number;
  /** Schedules that set another minimum at times (e.g. the peak minimum). */
  readonly scheduledMinimums?: AuroraScheduledMinimum[];
}

/** ACU-hours of one Aurora Serverless v2 instance over the simulated hours. */
export interface AuroraAcuHours {
  /** Every ACU-hour, the raised minimums included. */
  readonly acuHours: number;
  /** The part the scheduled minimums add above what load alone would keep (0 without schedules). */
  readonly scheduledMinimumAcuHours: number;
}

/**
 * ACU-hours hour by hour: the load-driven capacity (the configured minimum plus `acuPerOriginRequestPerSecond` per
 * request per second, rounded up to 0.5 ACU, the step Aurora scales in) against the minimum in force, which the
 * scheduled minimums change at their firings (replayed from 35 days before the first hour, so a raise that fired
 * before the month counts): per stretch of the hour, max(minimum in force, load-driven ACU), capped at the maximum.
 */
export function auroraAcuHours(hours: AuroraHour[], m: AuroraCapacityModel): AuroraAcuHours {
  if (hours.length === 0) {
    return { acuHours: 0, scheduledMinimumAcuHours: 0 };
  }
  const first = Date.parse(hours[0].startUtc);
  const end = Date.parse(hours[hours.length - 1].startUtc) + HOUR_MS;
  const changes = (m.scheduledMinimums ?? []).flatMap((s, order) =>
    firings(parseSchedule(s.schedule), s.timeZone ?? 'UTC', first - 35 * 24 * HOUR_MS, end).map((instant) => ({ instant, order, min: s.minCapacity })))
    .sort((a, b) => a.instant - b.instant || a.order - b.order);
  let current = m.minCapacity;
  let next = 0;
  while (next < changes.length && changes[next].instant <= first) {
    current = changes[next++].min;
  }
  const cap = (acu: number) => Math.min(m.maxCapacity, acu);
  let acuHours = 0;
  let baseline = 0;
  for (const h of hours) {
    const start = Date.parse(h.startUtc);
    const load = Math.ceil((m.minCapacity + m.acuPerOriginRequestPerSecond * h.originRequestsPerSecond) * 2 - 1e-9) / 2;
    baseline += cap(Math.max(m.minCapacity, load));
    let at = start;
    while (at < start + HOUR_MS) {
      const until = next < changes.length && changes[next].instant < start + HOUR_MS ? changes[next].instant : start + HOUR_MS;
      acuHours += cap(Math.max(current, load)) * ((until - at) / HOUR_MS);
      at = until;
      if (next < changes.length && changes[next].instant === until) {
        current = changes[next++].min;
      }
    }
  }
  return { acuHours, scheduledMinimumAcuHours: Math.max(0, acuHours - baseline) };
}
