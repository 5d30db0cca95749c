/**
 * A small model of synthesized CloudFormation templates, for tests that check what unit tests and linters
 * cannot see: how resources point at each other, within a stack and across stacks.
 *
 * It knows every resource of every stack of an app and resolves the intrinsic functions that name another
 * resource: `Ref`, `Fn::GetAtt`, `Fn::Sub` (`${Logical}` / `${Logical.Attr}`), and across stacks
 * `Fn::ImportValue` (the exporting stack's output with that `Export.Name`) and `Fn::GetStackOutput`
 * (the output `OutputName` of stack `StackName`). Nothing here is specific to one library: the checks built
 * on it (network.ts, image-pull.ts, lifecycle.ts) take a model and plain data.
 *
 * Semantics follow the CloudFormation template reference:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** One stack's template and where it deploys. */
export interface StackTemplate {
  /** The stack name (what `Fn::GetStackOutput` and export names refer to). */
  readonly stackName: string;
  readonly template: any;
  /** @default '123456789012' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
}

/** One resource of one stack. */
export interface ModelResource {
  /** `<stack>/<logicalId>`: unique in the model, and what failure messages print. */
  readonly key: string;
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: any;
  /** The explicit `DependsOn` of the resource (logical ids in the same stack). */
  readonly dependsOn: string[];
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** The construct path CDK records (`aws:cdk:path` metadata), if any. */
  readonly path?: string;
}

/** What an expression points at: a resource, and the attribute read (`Ref` when it is a `Ref`). */
export interface Target {
  readonly resource: ModelResource;
  readonly attribute: string;
}

/** Pseudo parameters, rendered for a stack. */
function pseudo(stack: StackTemplate, name: string): string | undefined {
  switch (name) {
    case 'AWS::Partition': return 'aws';
    case 'AWS::URLSuffix': return 'amazonaws.com';
    case 'AWS::AccountId': return stack.account ?? '123456789012';
    case 'AWS::Region': return stack.region ?? 'us-east-1';
    case 'AWS::StackName': return stack.stackName;
    default: return undefined;
  }
}

/** The templates of a synthesized app (every stack, nested assemblies of stages included) as a model. */
export class TemplateModel {
  /** Every stack of a cloud assembly, stages (nested assemblies) included. */
  public static fromAssembly(assembly: CloudAssembly): TemplateModel {
    const stacks: StackTemplate[] = [];
    const visit = (a: CloudAssembly) => {
      for (const s of a.stacks) {
        stacks.push({ stackName: s.stackName, template: s.template, account: s.environment.account, region: s.environment.region });
      }
      for (const nested of a.nestedAssemblies) {
        visit(nested.nestedAssembly);
      }
    };
    visit(assembly);
    return new TemplateModel(stacks);
  }

  /** A model of hand-written templates, keyed by stack name (unit tests of checks). */
  public static fromTemplates(templates: { [stackName: string]: any }, env: { account?: string; region?: string } = {}): TemplateModel {
    return new TemplateModel(Object.entries(templates).map(([stackName, template]) => ({ stackName, template, ...env })));
  }

  public readonly stacks: StackTemplate[];
  private readonly byKey = new Map<string, ModelResource>();

  constructor(stacks: StackTemplate[]) {
    this.stacks = stacks;
    for (const stack of stacks) {
      for (const [logicalId, r] of Object.entries<any>(stack.template.Resources ?? {})) {
        const dependsOn = r.DependsOn === undefined ? [] : [r.DependsOn].flat();
        this.byKey.set(`${stack.stackName}/${logicalId}`, {
          key: `${stack.stackName}/${logicalId}`,
          stack,
          logicalId,
          type: r.Type,
          properties: r.Properties ?? {},
          dependsOn,
          deletionPolicy: r.DeletionPolicy,
          updateReplacePolicy: r.UpdateReplacePolicy,
          path: r.Metadata?.['aws:cdk:path'],
        });
      }
    }
  }

  /** Every resource, or every resource of a type. */
  public resources(type?: string): ModelResource[] {
    return [...this.byKey.values()].filter((r) => type === undefined || r.type === type);
  }

  /** A resource by stack name and logical id (undefined if there is none). */
  public resource(stackName: string, logicalId: string): ModelResource | undefined {
    return this.byKey.get(`${stackName}/${logicalId}`);
  }

  /**
   * What an expression written in `stack` points at, following `Fn::ImportValue` and `Fn::GetStackOutput`
   * into the stack that defines the value. Undefined when the expression names no resource of the model
   * (a literal, a parameter, a pseudo parameter, a stack outside the model).
   */
  public target(stack: StackTemplate, value: any): Target | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return undefined;
    }
    if (typeof value.Ref === 'string') {
      const resource = this.resource(stack.stackName, value.Ref);
      return resource ? { resource, attribute: 'Ref' } : undefined;
    }
    if (value['Fn::GetAtt']) {
      const getAtt = value['Fn::GetAtt'];
      const [logicalId, attribute] = Array.isArray(getAtt) ? getAtt : String(getAtt).split(/\.(.*)/s);
      const resource = this.resource(stack.stackName, logicalId);
      return resource ? { resource, attribute } : undefined;
    }
    const output = this.outputOf(stack, value);
    return output ? this.target(output.stack, output.value) : undefined;
  }

  /**
   * The value an `Fn::ImportValue` or `Fn::GetStackOutput` reads, and the stack that defines it.
   * Undefined for any other expression, or an output outside the model.
   */
  public outputOf(stack: StackTemplate, value: any): { stack: StackTemplate; value: any } | undefined {
    if (value?.['Fn::ImportValue'] !== undefined) {
      const exportName = this.render(stack, value['Fn::ImportValue']);
      for (const s of this.stacks) {
        for (const output of Object.values<any>(s.template.Outputs ?? {})) {
          if (output.Export && this.render(s, output.Export.Name) === exportName) {
            return { stack: s, value: output.Value };
          }
        }
      }
      return undefined;
    }
    const getStackOutput = value?.['Fn::GetStackOutput'];
    if (getStackOutput) {
      const s = this.stacks.find((x) => x.stackName === getStackOutput.StackName
        && (getStackOutput.Region === undefined || (x.region ?? 'us-east-1') === getStackOutput.Region));
      const output = s?.template.Outputs?.[getStackOutput.OutputName];
      return s && output ? { stack: s, value: output.Value } : undefined;
    }
    return undefined;
  }

  /**
   * An expression as a plain string where it can be known before deployment: literals, pseudo parameters,
   * `Fn::Join`, `Fn::Sub` without resource references, `Fn::Select`/`Fn::Split` over those, cross-stack
   * values, and a `Ref` to a resource whose physical name the template sets (`nameProperties`).
   * Undefined when the value is only known after deployment.
   */
  public render(stack: StackTemplate, value: any): string | undefined {
    if (typeof value === 'string' || typeof value === 'number') {
      return String(value);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return undefined;
    }
    if (typeof value.Ref === 'string') {
      const p = pseudo(stack, value.Ref);
      if (p !== undefined) {
        return p;
      }
      const resource = this.resource(stack.stackName, value.Ref);
      const nameProperty = resource ? NAME_PROPERTIES[resource.type] : undefined;
      return nameProperty && REF_IS_NAME.has(resource!.type) ? this.render(resource!.stack, resource!.properties[nameProperty]) : undefined;
    }
    if (value['Fn::Join']) {
      const [separator, parts] = value['Fn::Join'];
      const rendered = (parts as any[]).map((p) => this.render(stack, p));
      return rendered.every((p) => p !== undefined) ? rendered.join(separator) : undefined;
    }
    if (value['Fn::Sub'] !== undefined) {
      const [text, vars] = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'] : [value['Fn::Sub'], {}];
      let unknown = false;
      const out = String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        const v = name in (vars ?? {}) ? this.render(stack, vars[name]) : this.render(stack, name.includes('.') ? { 'Fn::GetAtt': name } : { Ref: name });
        unknown ||= v === undefined;
        return v ?? '';
      });
      return unknown ? undefined : out;
    }
    if (value['Fn::Select']) {
      const [index, list] = value['Fn::Select'];
      const items = Array.isArray(list) ? list.map((x) => this.render(stack, x)) : this.renderList(stack, list);
      const item = items?.[Number(index)];
      return item ?? undefined;
    }
    if (value['Fn::GetAtt']) {
      const t = this.target(stack, value);
      if (t && t.attribute === 'Arn' && ARN_OF[t.resource.type]) {
        const name = this.render(t.resource.stack, t.resource.properties[NAME_PROPERTIES[t.resource.type]]);
        return name === undefined ? undefined : ARN_OF[t.resource.type](t.resource.stack, name);
      }
      return undefined;
    }
    const output = this.outputOf(stack, value);
    return output ? this.render(output.stack, output.value) : undefined;
  }

  private renderList(stack: StackTemplate, value: any): Array<string | undefined> | undefined {
    if (value?.['Fn::Split']) {
      const [separator, source] = value['Fn::Split'];
      return this.render(stack, source)?.split(separator);
    }
    return undefined;
  }

  /**
   * The resources an expression mentions anywhere inside it (every `Ref`, `Fn::GetAtt`, `Fn::Sub`
   * reference, and cross-stack value), each with the attribute read.
   */
  public mentions(stack: StackTemplate, value: any): Target[] {
    const found: Target[] = [];
    const walk = (v: any, s: StackTemplate) => {
      if (Array.isArray(v)) {
        v.forEach((x) => walk(x, s));
        return;
      }
      if (v === null || typeof v !== 'object') {
        return;
      }
      const direct = typeof v.Ref === 'string' || v['Fn::GetAtt'] ? this.target(s, v) : undefined;
      if (direct) {
        found.push(direct);
        return;
      }
      if (v['Fn::Sub'] !== undefined) {
        const [text, vars] = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'] : [v['Fn::Sub'], {}];
        for (const [, name] of String(text).matchAll(/\$\{([^}!]+)\}/g)) {
          if (!(name in (vars ?? {}))) {
            const t = this.target(s, name.includes('.') ? { 'Fn::GetAtt': name } : { Ref: name });
            if (t) {
              found.push(t);
            }
          }
        }
        walk(vars, s);
        return;
      }
      const output = this.outputOf(s, v);
      if (output) {
        walk(output.value, output.stack);
        return;
      }
      Object.values(v).forEach((x) => walk(x, s));
    };
    walk(value, stack);
    return found;
  }

  /**
   * The resources CloudFormation creates before this one: its `DependsOn` and every resource its
   * properties reference (an implicit dependency), cross-stack values included.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
   */
  public dependencies(resource: ModelResource): ModelResource[] {
    const explicit = resource.dependsOn.map((id) => this.resource(resource.stack.stackName, id)).filter((r): r is ModelResource => !!r);
    const implicit = this.mentions(resource.stack, resource.properties).map((t) => t.resource);
    return [...new Set([...explicit, ...implicit])];
  }

  /** Whether `later` is created after `earlier`: `earlier` is among its dependencies, directly or transitively. */
  public isCreatedAfter(later: ModelResource, earlier: ModelResource): boolean {
    const seen = new Set<string>();
    const stack = [later];
    while (stack.length > 0) {
      for (const d of this.dependencies(stack.pop()!)) {
        if (d.key === earlier.key) {
          return true;
        }
        if (!seen.has(d.key)) {
          seen.add(d.key);
          stack.push(d);
        }
      }
    }
    return false;
  }
}

/**
 * The property holding a resource type's physical name, for the types the checks look at. A template
 * that sets it gives the resource a fixed name.
 */
export const NAME_PROPERTIES: { [type: string]: string } = {
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::ECS::Cluster': 'ClusterName',
  'AWS::ECS::Service': 'ServiceName',
  'AWS::CodeBuild::Project': 'Name',
};

/** Types whose `Ref` is their name (so a `Ref` renders when the name is fixed). */
const REF_IS_NAME = new Set([
  'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::ECR::Repository', 'AWS::Backup::BackupVault', 'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance', 'AWS::DynamoDB::Table', 'AWS::SSM::Parameter', 'AWS::IAM::Role', 'AWS::CodeBuild::Project',
]);

/** ARNs that follow from a fixed name (GetAtt Arn rendered before deployment). */
const ARN_OF: { [type: string]: (stack: StackTemplate, name: string) => string } = {
  'AWS::ECR::Repository': (s, n) => `arn:aws:ecr:${pseudo(s, 'AWS::Region')}:${pseudo(s, 'AWS::AccountId')}:repository/${n}`,
  'AWS::IAM::Role': (s, n) => `arn:aws:iam::${pseudo(s, 'AWS::AccountId')}:role/${n}`,
};
