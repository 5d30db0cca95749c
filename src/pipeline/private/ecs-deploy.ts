import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EcsLifecycleHook } from '../../wordpress/wordpress-deployment-options';

/** Native blue/green: the service rolls a deployment back when a rollback alarm fires. */
export function enableRollbackAlarms(service: ecs.BaseService, alarms: cloudwatch.IAlarm[]): void {
  service.enableDeploymentAlarms(alarms.map((a) => a.alarmName), { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
}

/** Native lifecycle hooks, invoked by ECS with one role (`LifecycleHooksRole` under `pipeline`) that may invoke exactly these functions. */
export function addLifecycleHooks(pipeline: Construct, service: ecs.BaseService, hooks: EcsLifecycleHook[]): void {
  if (hooks.length === 0) {
    return;
  }
  const role = new iam.Role(pipeline, 'LifecycleHooksRole', {
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    description: `Lets Amazon ECS invoke the deployment lifecycle hooks of ${pipeline.node.path}`,
  });
  hooks.forEach((hook, i) => {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [hook.handler.functionArn] }));
    service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(hook.handler, `LifecycleHook${i}`, { lifecycleStages: hook.stages, role }));
  });
}
