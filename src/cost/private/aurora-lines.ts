import { auroraAcuHours } from './aurora-capacity';
import type { CapacitySimulation } from './capacity-simulation';
import type { DatabaseConfiguration } from './site-template';
import type { RegionPrices } from '../region-prices';
import type { CostLine } from '../strategy-cost';

/** The usage assumptions the Aurora lines read. */
export interface AuroraUsage {
  readonly auroraAcuPerOriginRequestPerSecond: number;
  readonly databaseIosPerOriginRequest: number;
  readonly databaseGiB: number;
}

/**
 * The month of an Aurora Serverless v2 database, priced hour by hour (`auroraAcuHours`): one line for the ACU-hours that
 * load and the configured minimum need, the storage and the I/O, and, when the template raises the minimum on a
 * schedule (the peak minimum), one line for the ACU-hours the raised minimum adds on top, so that its cost shows.
 */
export function auroraLines(db: DatabaseConfiguration, sim: CapacitySimulation, usage: AuroraUsage, p: RegionPrices): CostLine[] {
  const min = db.auroraMinCapacity ?? 0.5;
  const max = db.auroraMaxCapacity ?? min;
  const instances = db.auroraInstances ?? 1;
  const schedules = db.auroraScheduledMinimums ?? [];
  const perInstance = auroraAcuHours(sim.hours, {
    minCapacity: min, maxCapacity: max, acuPerOriginRequestPerSecond: usage.auroraAcuPerOriginRequestPerSecond, scheduledMinimums: schedules,
  });
  const acuHours = instances * perInstance.acuHours;
  const raisedAcuHours = instances * perInstance.scheduledMinimumAcuHours;
  const loadAcuHours = acuHours - raisedAcuHours;
  const ios = sim.originRequests * usage.databaseIosPerOriginRequest;
  const lines: CostLine[] = [{
    service: 'Aurora Serverless v2',
    usd: loadAcuHours * p.auroraAcuHour + usage.databaseGiB * p.auroraStorageGbMonth + (ios / 1e6) * p.auroraIoPerMillion,
    detail: `${fmt(loadAcuHours)} ACU-h x $${p.auroraAcuHour} (${min}-${max} ACU, ${instances} instance(s)) `
      + `+ ${usage.databaseGiB} GB x $${p.auroraStorageGbMonth} + ${fmt(ios / 1e6)} M I/O x $${p.auroraIoPerMillion}`,
  }];
  if (schedules.length > 0) {
    const raised = [...new Set(schedules.map((s) => s.minCapacity).filter((m) => m > min))].join('/');
    lines.push({
      service: 'Aurora peak minimum',
      usd: raisedAcuHours * p.auroraAcuHour,
      detail: `${fmt(raisedAcuHours)} ACU-h x $${p.auroraAcuHour}: the minimum raised to ${raised} ACU by ${schedules.length} schedules `
        + '(peak lead time and peaks), above what load keeps',
    });
  }
  return lines;
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
