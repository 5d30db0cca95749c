import { ModelResource, TemplateModel } from './template-model';
import { isTimeZone } from '../../src/cost/private/calendar';
import { parseSchedule } from '../../src/cost/private/cron';

/**
 * Scheduled actions are written by the site (scalable target's `ScheduledActions`) and read by two tools: Application
 * Auto Scaling and the cost estimate. A schedule is checked against both: at most 200 per scalable target (the quota,
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-quotas.html), six cron fields
 * with `?` in exactly one of day-of-month and day-of-week
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html), an IANA time zone, a minimum
 * within the target's bounds, and an expression the estimate's cron parser simulates.
 */
export function scheduleProblems(model: TemplateModel): string[] {
  return model.resources('AWS::ApplicationAutoScaling::ScalableTarget').flatMap((target: ModelResource) => {
    const actions: any[] = target.properties.ScheduledActions ?? [];
    const problems: string[] = [];
    if (actions.length > 200) {
      problems.push(`${target.key}: ${actions.length} scheduled actions, above the quota of 200`);
    }
    for (const a of actions) {
      const where = `${target.key} ${a.ScheduledActionName}`;
      const cron = /^cron\((.*)\)$/.exec(a.Schedule);
      const fields = cron ? cron[1].split(' ') : [];
      if (fields.length !== 6 || (fields[2] === '?') === (fields[4] === '?')) {
        problems.push(`${where}: ${a.Schedule} is not a six-field cron with ? in exactly one day field`);
      }
      if (a.Timezone !== undefined && !isTimeZone(a.Timezone)) {
        problems.push(`${where}: time zone ${a.Timezone}`);
      }
      const min = a.ScalableTargetAction?.MinCapacity;
      if (min !== undefined && (min < target.properties.MinCapacity || min > target.properties.MaxCapacity)) {
        problems.push(`${where}: MinCapacity ${min} outside ${target.properties.MinCapacity}-${target.properties.MaxCapacity}`);
      }
      try {
        parseSchedule(a.Schedule);
      } catch (e) {
        problems.push(`${where}: ${(e as Error).message}`);
      }
    }
    return problems;
  });
}
