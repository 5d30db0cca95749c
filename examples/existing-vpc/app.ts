/**
 * The drop-in inside a customer's existing network: the VPC already exists (created outside this app, so
 * it is named by its attributes: no lookup) and so does the hosted zone. The site creates no VPC; its
 * tasks and internal load balancer go to the private subnets, the database and the file system to the
 * isolated ones.
 */
import { App } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { recordCloudFrontPrefixList } from '../context';
import { WordpressDatabase, WordpressHosting } from 'cdk-fargate-wordpress';

/** Where the customer's network and site are. */
export const SITE_ENV = { account: '123456789012', region: 'ap-northeast-2' };

/** Add the example to an app (a new one by default) and return it. */
export function buildExistingVpcApp(app: App = new App()): { app: App; hosting: WordpressHosting } {
  recordCloudFrontPrefixList(app, SITE_ENV); // what cdk.context.json holds after one `cdk synth` with credentials
  const hosting = new WordpressHosting(app, 'Shop', {
    env: SITE_ENV,
    domainName: 'shop.example.co.kr',
    hostedZone: { hostedZoneId: 'Z09876543210EXAMPLE', zoneName: 'example.co.kr' },
    // The customer's VPC, as its network team hands it over.
    vpcAttributes: {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
      publicSubnetIds: ['subnet-0aaa1111aaaa11110', 'subnet-0aaa1111aaaa11111'],
      privateSubnetIds: ['subnet-0bbb2222bbbb22220', 'subnet-0bbb2222bbbb22221'],
      isolatedSubnetIds: ['subnet-0ccc3333cccc33330', 'subnet-0ccc3333cccc33331'],
    },
    alarmEmails: ['ops@example.co.kr'],
    site: {
      // A small, steady shop: the cheapest database, on Graviton (ARM64) tasks.
      database: WordpressDatabase.mysqlInstance(),
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
      minCapacity: 2,
      maxCapacity: 6,
    },
  });
  return { app, hosting };
}
